/* Fields that do not apply are greyed out while they do not apply, and come back with their value.
   A checkbox with data-disables="<id>" disables that field while it is ticked ("No automatic
   deletion" → retention days); data-enables="<id>" disables it while unticked (quality baseline
   → its percentage). Without this file every field stays usable and the server ignores the one
   that does not apply (apps/projects/forms.py). No inline handlers, so the CSP stays strict. */
(function () {
  "use strict";

  function apply(box) {
    var id = box.getAttribute("data-disables") || box.getAttribute("data-enables");
    var target = id && document.getElementById(id);
    if (!target) return;
    var off = box.hasAttribute("data-disables") ? box.checked : !box.checked;
    target.disabled = off; // the value stays in the box, so unticking brings it back as it was
    var field = target.closest(".field");
    if (field) field.classList.toggle("field--off", off);
  }

  function applyAll(root) {
    (root || document).querySelectorAll("[data-disables], [data-enables]").forEach(apply);
  }

  document.addEventListener("change", function (event) {
    var box = event.target.closest && event.target.closest("[data-disables], [data-enables]");
    if (box) apply(box);
  });
  // A page restored from the back/forward cache keeps the boxes' states: apply them again.
  window.addEventListener("pageshow", function () { applyAll(); });
  document.addEventListener("htmx:afterSettle", function (event) { applyAll(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { applyAll(); });
  } else {
    applyAll();
  }
})();
