/* Recordings list: the delete confirmation a row's "Delete" link fetches with htmx opens as a modal
   dialog, and closes once the recording is gone; ticking a row's box saves the selection at once
   (the bar's count follows; "Select every recording on this page" appears); a row's play button
   plays the console's copy in place. Without JavaScript the links open their pages, the bar's
   "Update selection" saves the boxes, and the play link opens the audio. No inline code: the CSP
   stays strict. */
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

  /* ---- the selection (apps/recordings/selection.py) ---- */

  function enhanceSelection(root) {
    root.querySelectorAll("[data-row-play]:not([role])").forEach(function (play) {
      play.setAttribute("role", "button");  // it plays in place now, it does not go anywhere
      play.setAttribute("aria-pressed", "false");
    });
    root.querySelectorAll("[data-selection-update]").forEach(function (button) {
      button.hidden = true;  // each change is saved as it happens
    });
    root.querySelectorAll("[data-select-page]").forEach(function (box) {
      box.hidden = false;
      var rows = document.querySelectorAll("[data-select-row]");
      box.checked = rows.length > 0 && Array.prototype.every.call(rows, function (row) { return row.checked; });
    });
  }

  function saveSelection() {
    var form = document.getElementById("recordings-selection");
    if (!form) return;
    var data = new FormData(form);  // the rows' boxes belong to it (form="recordings-selection")
    data.set("action", "update");
    // getAttribute: the bar's buttons are named "action", which form.action would return.
    fetch(form.getAttribute("action"), {method: "POST", body: data, credentials: "same-origin",
                        headers: {"HX-Request": "true"}})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var template = document.createElement("template");
        template.innerHTML = html;
        var bar = template.content.querySelector("#recordings-selection");
        var current = document.getElementById("recordings-selection");
        if (bar && current) {
          current.replaceWith(bar);
          enhanceSelection(document);
        }
      });
  }

  document.addEventListener("change", function (event) {
    var page = event.target.closest("[data-select-page]");
    if (page) {
      document.querySelectorAll("[data-select-row]").forEach(function (row) { row.checked = page.checked; });
      saveSelection();
      return;
    }
    if (event.target.closest("[data-select-row]")) {
      enhanceSelection(document);
      saveSelection();
    }
  });

  /* ---- playing a row's audio in place ---- */

  var player = null, playing = null;

  function stopPlaying() {
    if (!playing) return;
    playing.setAttribute("aria-pressed", "false");
    playing.setAttribute("aria-label", playing.getAttribute("aria-label").replace(/^Pause /, "Play "));
    playing = null;
  }

  document.addEventListener("click", function (event) {
    // Rename edits the name in the row: the row's menu folds away.
    var item = event.target.closest("[data-menu-close]");
    var menu = item && item.closest("details");
    if (menu) menu.open = false;
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-row-play]");
    if (!button) return;
    event.preventDefault();
    if (!player) {
      player = new Audio();
      player.addEventListener("ended", stopPlaying);
    }
    if (playing === button) {
      player.pause();
      stopPlaying();
      return;
    }
    stopPlaying();
    player.src = button.getAttribute("href");
    player.play().catch(function () {
      stopPlaying();
      window.location.href = button.getAttribute("href");  // the browser's own player, then
    });
    playing = button;
    button.setAttribute("aria-pressed", "true");
    button.setAttribute("aria-label", button.getAttribute("aria-label").replace(/^Play /, "Pause "));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === " " && event.target.closest && event.target.closest("[data-row-play]")) {
      event.preventDefault();
      event.target.click();  // Space presses a button
    }
  });

  document.addEventListener("htmx:load", function (event) {
    enhanceSelection(event.target.parentElement || document);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceSelection(document); });
  } else {
    enhanceSelection(document);
  }
})();
