/* Progressive enhancements for the console. Everything works without this file; it only adds:
   - dismiss buttons on alerts ([data-dismiss], hidden until this script reveals them);
   - confirmation dialogs: a link with data-dialog-open="ID" opens <dialog id="ID"> instead of
     navigating to its confirmation page;
   - form[data-once]: the submit button is disabled after the first submit (no double sends).
   No inline handlers and no eval, so the Content-Security-Policy can stay strict. */
(function () {
  "use strict";

  function reveal(root) {
    root.querySelectorAll("[data-dismiss][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var dismiss = event.target.closest("[data-dismiss]");
    if (dismiss) {
      var alert = dismiss.closest(".alert");
      if (alert) alert.remove();
      return;
    }
    var opener = event.target.closest("[data-dialog-open]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-dialog-open"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
      }
    }
  });

  // Listened to while the event goes down (capture), so it runs before htmx's own submit
  // handler on the form: a second submit of a busy form never reaches htmx, which would
  // otherwise queue it and send it once the first answer arrived.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-once]")) return;
    var submitter = event.submitter;
    // A "Cancel" that only closes a dialog is not a send.
    if (submitter && submitter.getAttribute("formmethod") === "dialog") return;
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    form.setAttribute("aria-busy", "true");
    // Disable after this tick so the clicked button's name/value is still submitted.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
        if (button.getAttribute("formmethod") !== "dialog") button.disabled = true;
      });
    }, 0);
  }, true);

  function release(form) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[disabled]").forEach(function (button) {
      button.disabled = false;
    });
  }

  // An htmx form stays on the page: let it be sent again once the answer arrives.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-once]");
    if (form) release(form);
  });

  // Coming back with the Back button restores the page from memory, buttons still disabled.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("form[data-once]").forEach(release);
  });

  document.addEventListener("htmx:load", function (event) {
    reveal(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
  });
})();
