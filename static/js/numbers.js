/* The numbers screens, enhanced. Everything works without this file; it only adds:
   - instant narrowing of search results by region and feature (the server narrows the same way
     when the form is submitted), keeping the address in step;
   - the deactivation warning on the settings form as soon as "Active" is unticked;
   - focus back on the routing section after htmx replaced it (its dialog or form is gone);
   - dragging an operator to another place in a priority list (the move up / move down buttons do
     the same one place at a time, with the keyboard and without JavaScript): the new order is
     posted through the section's reorder form, as the buttons post theirs.
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

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-operator-id]");
    if (!item) return;
    dragged = item;
    item.classList.add("routing__item--dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-operator-id"));
  });

  document.addEventListener("dragover", function (event) {
    var over = dragged && event.target.closest && event.target.closest("[data-operator-id]");
    if (!over || over.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    if (over === dragged) return;
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });

  document.addEventListener("dragend", function () {
    if (!dragged) return;
    var list = dragged.parentNode;
    dragged.classList.remove("routing__item--dragged");
    dragged = null;
    var form = document.getElementById("reorder-drag");
    if (!form || !list) return;
    var order = Array.prototype.map.call(list.querySelectorAll("[data-operator-id]"), function (li) {
      return li.getAttribute("data-operator-id");
    }).join(",");
    if (order === form.elements.seen.value) return; // dropped where it was
    form.elements.order.value = order;
    form.requestSubmit();
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
