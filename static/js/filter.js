/* Text filter for lists, without asking the server again.
   Markup: <input data-filter-target="#rows" data-filter-count="#count" data-filter-empty="#none">
   inside a GET form. Rows inside the target carry data-filter-text; a row is shown when every word
   typed occurs in it (any case), the same rule the server applies to ?q= when this script is not
   running. Submitting the form only updates the address (?q=) so a reload keeps the filter. */
(function () {
  "use strict";

  function words(value) {
    return value.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function apply(input) {
    var target = document.querySelector(input.getAttribute("data-filter-target"));
    if (!target) return;
    var wanted = words(input.value);
    var rows = target.querySelectorAll("[data-filter-text]");
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-filter-text").toLowerCase();
      var match = wanted.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    var count = document.querySelector(input.getAttribute("data-filter-count"));
    if (count) count.textContent = "Showing " + shown + " of " + rows.length;
    var none = document.querySelector(input.getAttribute("data-filter-empty"));
    if (none) none.hidden = shown !== 0;
  }

  function remember(input) {
    var url = new URL(window.location.href);
    if (input.value.trim()) url.searchParams.set(input.name, input.value.trim());
    else url.searchParams.delete(input.name);
    window.history.replaceState(window.history.state, "", url);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("input[data-filter-target]")) apply(event.target);
  });

  document.addEventListener("submit", function (event) {
    var input = event.target.querySelector("input[data-filter-target]");
    if (!input) return;
    event.preventDefault();
    apply(input);
    remember(input);
  });
})();
