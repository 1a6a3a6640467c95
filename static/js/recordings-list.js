/* Recordings list: the delete confirmation a row's "Delete" link fetches with htmx opens as a modal
   dialog, and closes once the recording is gone. Without JavaScript the link opens the
   confirmation page instead. No inline code: the CSP stays strict. */
(function () {
  "use strict";

  function openDialogs(root) {
    root.querySelectorAll("dialog[data-recordings-dialog]").forEach(function (dialog) {
      if (dialog.open || typeof dialog.showModal !== "function") return;
      // A closed dialog leaves the page, so the next one fetched never shares its id.
      dialog.addEventListener("close", function () {
        dialog.remove();
      });
      dialog.showModal();
    });
  }

  document.addEventListener("htmx:load", function (event) {
    openDialogs(event.target.parentElement || document);
  });

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-dialog-close]");
    if (!closer) return;
    var dialog = closer.closest("dialog");
    if (dialog) dialog.close();
  });

  document.body.addEventListener("recordingDeleted", function () {
    document.querySelectorAll("dialog[data-recordings-dialog][open]").forEach(function (dialog) {
      dialog.close();
    });
    var heading = document.querySelector(".page__title");
    if (heading) {
      // The Delete link that had focus is gone; keep keyboard users on the page, not on <body>.
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });
})();
