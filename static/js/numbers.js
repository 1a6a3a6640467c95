/* The numbers screens, enhanced. Everything works without this file; it only adds:
   - instant narrowing of search results by region and feature (the server narrows the same way
     when the form is submitted), keeping the address in step;
   - the deactivation warning on the settings form as soon as "Active" is unticked;
   - focus back on the routing section after htmx replaced it (its dialog or form is gone).
   No inline handlers and no eval, so the Content-Security-Policy can stay strict. */
(function () {
  "use strict";

  function narrow(fieldset) {
    var results = fieldset.closest("#available-results") || document;
    var wanted = {};
    fieldset.querySelectorAll("[data-narrow-by]").forEach(function (select) {
      wanted[select.getAttribute("data-narrow-by")] = select.value;
    });
    var shown = 0;
    results.querySelectorAll("tr[data-offer]").forEach(function (row) {
      var match = Object.keys(wanted).every(function (key) {
        if (!wanted[key]) return true;
        return (row.getAttribute("data-" + key) || "").split("|").indexOf(wanted[key]) !== -1;
      });
      row.hidden = !match;
      if (match) shown += 1;
    });
    var count = results.querySelector("[data-shown]");
    if (count) count.textContent = String(shown);
    var none = results.querySelector("[data-no-match]");
    if (none) none.hidden = shown !== 0;
    var url = new URL(window.location.href);
    url.searchParams.set("region", wanted.regions || "");
    url.searchParams.set("feature", wanted.features || "");
    window.history.replaceState(window.history.state, "", url.toString());
  }

  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("[data-narrow-by]");
    if (select) {
      narrow(select.closest("[data-narrow]"));
      return;
    }
    var active = event.target.closest && event.target.closest(".number-settings input[name=active]");
    if (active) {
      var warning = document.querySelector("[data-deactivate-warning]");
      if (warning) warning.hidden = active.checked;
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var routing = document.getElementById("routing");
    var target = event.detail && event.detail.target;
    var ours = (target && target.id === "routing") || (routing && routing.contains(event.target));
    if (!routing || !ours) return;
    var focused = document.activeElement;
    if (!focused || focused === document.body || !document.contains(focused)) {
      var title = document.getElementById("routing-title");
      if (title) title.focus();
    }
  });
})();
