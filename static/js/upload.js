/* Upload page: check each chosen file before it is sent, then send the accepted files one by one
   with a real progress bar, and show what IdentityCall answered for each.

   A single file goes to data-upload-url, which passes it on to IdentityCall while it arrives. The
   files of a batch (or any file while the user already has some queued: data-queued-now) go to
   data-queue-url instead: once a file has arrived whole it is the console's job (a background
   task sends it), so the page may be closed and the recordings page shows how each one fares.

   Without this file the form still works: it posts every file at once and the server answers with
   the same per-file results. The size and type rules come from the server (data-limits), so the
   browser and the server check exactly the same thing. No inline code: the CSP stays strict. */
(function () {
  "use strict";

  var MB = 1024 * 1024;

  function extensionOf(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
  }

  function sizeText(bytes) {
    if (bytes >= MB) return (bytes / MB).toFixed(1) + " MB";
    if (bytes >= 1024) return Math.round(bytes / 1024) + " KB";
    return bytes === 1 ? "1 byte" : bytes + " bytes";
  }

  /* The same rules and sentences as apps/recordings/ingest/rules.py. */
  function problemWith(file, limits) {
    var extension = extensionOf(file.name);
    if (!Object.prototype.hasOwnProperty.call(limits, extension)) {
      return file.name + " is not an audio file IdentityCall accepts (MP3, WAV, M4A, OGG, FLAC or WebM).";
    }
    if (file.size === 0) return file.name + " is empty.";
    if (file.size > limits[extension]) {
      return file.name + " is " + sizeText(file.size) + "; IdentityCall accepts " +
        extension.toUpperCase() + " files up to " + limits[extension] / MB + " MB.";
    }
    return null;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* One row per file: its name and size, a progress bar, and a line saying where it is. */
  function fileRow(file) {
    var row = element("li", "upload-row");
    row.appendChild(element("span", "upload-row__name", file.name));
    row.appendChild(element("span", "upload-row__size", sizeText(file.size)));
    var bar = element("progress", "upload-row__bar");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Upload of " + file.name);
    row.appendChild(bar);
    row.appendChild(element("p", "upload-row__state", "Waiting…"));
    return row;
  }

  function showResult(row, html, fallback) {
    var state = row.querySelector(".upload-row__state");
    var bar = row.querySelector(".upload-row__bar");
    var parsed = new DOMParser().parseFromString(html || "", "text/html");
    var result = parsed.querySelector("[data-upload-result]");
    if (bar) bar.remove();
    if (result) {
      var look = result.getAttribute("data-upload-result");
      // A file IdentityCall may or may not have stored warns like a failure.
      row.classList.add("upload-row--" + (look === "unconfirmed" ? "failed" : look));
      state.replaceWith(document.importNode(result, true));
      return result.getAttribute("data-upload-result");
    }
    row.classList.add("upload-row--failed");
    state.textContent = fallback;
    state.setAttribute("role", "alert");
    return "failed";
  }

  function rejectRow(row, message) {
    var bar = row.querySelector(".upload-row__bar");
    if (bar) bar.remove();
    var state = row.querySelector(".upload-row__state");
    state.textContent = "Not sent. " + message;
    state.setAttribute("role", "alert");
    row.classList.add("upload-row--rejected");
  }

  /* The form's fields (not the files) as URL-encoded text, plus this file's name and batch size. */
  function fieldsFor(form, file, batchSize) {
    var fields = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") fields.append(name, value);
    });
    fields.set("batch_size", String(batchSize));
    fields.set("filename", file.name);
    return fields.toString();
  }

  /* Send one file as the request body to `url` (the console passes it on to IdentityCall while it
     arrives, or queues it), its fields in a header; resolve with the result's state. */
  function send(form, url, file, row, batchSize) {
    return new Promise(function (resolve) {
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      var bar = row.querySelector(".upload-row__bar");
      var state = row.querySelector(".upload-row__state");
      var xhr = new XMLHttpRequest();
      var queued = url === form.getAttribute("data-queue-url");
      xhr.open("POST", url);
      xhr.setRequestHeader("X-CSRFToken", token ? token.value : "");
      xhr.setRequestHeader("X-Upload-Fields", fieldsFor(form, file, batchSize));
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.upload.addEventListener("progress", function (event) {
        if (!event.lengthComputable) return;
        var percent = Math.floor((event.loaded / event.total) * 100);
        bar.value = percent;
        state.textContent = "Uploading… " + percent + " %";
      });
      xhr.upload.addEventListener("load", function () {
        // The browser has sent every byte; the console is finishing sending it to IdentityCall.
        bar.removeAttribute("value");
        // Queued: the console is storing it; relayed: it is finishing sending it to IdentityCall.
        state.textContent = queued ? "Handing it to the console…" : "Sending to IdentityCall…";
        row.classList.add("upload-row--sending");
      });
      xhr.addEventListener("load", function () {
        row.classList.remove("upload-row--sending");
        resolve(showResult(row, xhr.responseText,
          "The console answered " + xhr.status + "; " + file.name + " may not have been uploaded. Try again."));
      });
      xhr.addEventListener("error", function () {
        row.classList.remove("upload-row--sending");
        resolve(showResult(row, "", "The connection to the console failed; " + file.name +
          " was not uploaded. Try again."));
      });
      state.textContent = "Uploading… 0 %";
      xhr.send(file);
    });
  }

  function summarise(counts, listUrl) {
    var parts = [];
    if (counts.queued) parts.push(counts.queued + " queued");
    if (counts.created) parts.push(counts.created + " uploaded");
    if (counts.replayed) parts.push(counts.replayed + " already uploaded");
    var failed = (counts.rejected || 0) + (counts.failed || 0);
    if (failed) parts.push(failed + " not uploaded");
    if (counts.unconfirmed) parts.push(counts.unconfirmed + " not confirmed");
    var text = "Done: " + parts.join(", ") + ". ";
    if (counts.queued) {
      text = "All bytes sent: " + parts.join(", ") + ". The console sends the queued files to " +
        "IdentityCall on its own; you may close this page. ";
    }
    var summary = element("span", "", text);
    var link = element("a", "", counts.queued ? "Follow them on the recordings page" : "See all recordings");
    link.href = listUrl;
    var fragment = document.createDocumentFragment();
    fragment.appendChild(summary);
    fragment.appendChild(link);
    return fragment;
  }

  function listChecks(form, limits) {
    var input = form.querySelector("input[type=file]");
    var checks = document.getElementById("upload-checks");
    checks.replaceChildren();
    Array.prototype.forEach.call(input.files, function (file) {
      var problem = problemWith(file, limits);
      var item = element("li", problem ? "upload-check upload-check--bad" : "upload-check",
        problem || file.name + " (" + sizeText(file.size) + ") is ready to send.");
      checks.appendChild(item);
    });
    checks.hidden = input.files.length === 0;
  }

  function fieldError(form, message) {
    var checks = document.getElementById("upload-checks");
    checks.replaceChildren(element("li", "upload-check upload-check--bad", message));
    checks.hidden = false;
  }

  async function submit(form, limits) {
    var input = form.querySelector("input[type=file]");
    var project = form.querySelector("select[name=project]");
    if (!input.files.length) return fieldError(form, "Choose at least one audio file.");
    if (project && !project.disabled && !project.value) {
      project.focus();
      return fieldError(form, "Choose the project the recordings belong to.");
    }
    var files = Array.prototype.slice.call(input.files);
    var queue = document.getElementById("upload-queue");
    var panel = document.getElementById("upload-progress");
    var summary = document.getElementById("upload-summary");
    var button = form.querySelector("button[type=submit]");
    panel.hidden = false;
    summary.textContent = "";
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    var accepted = [];
    var counts = {};
    files.forEach(function (file) {
      var row = fileRow(file);
      queue.appendChild(row);
      var problem = problemWith(file, limits);
      if (problem) {
        rejectRow(row, problem);
        counts.rejected = (counts.rejected || 0) + 1;
      } else {
        accepted.push({ file: file, row: row });
      }
    });
    // A batch, or a file joining files already queued, is the console's job once it has arrived.
    var useQueue = accepted.length > 1 || form.hasAttribute("data-queued-now");
    var url = form.getAttribute(useQueue ? "data-queue-url" : "data-upload-url");
    for (var i = 0; i < accepted.length; i += 1) {
      var state = await send(form, url, accepted[i].file, accepted[i].row, accepted.length);
      counts[state] = (counts[state] || 0) + 1;
    }
    summary.replaceChildren(summarise(counts, form.getAttribute("data-list-url")));
    button.disabled = false;
    form.removeAttribute("aria-busy");
  }

  function followProjectLanguage(form) {
    var project = form.querySelector("select[name=project]");
    var language = form.querySelector("select[name=language]");
    if (!project || !language) return;
    project.addEventListener("change", function () {
      var option = project.options[project.selectedIndex];
      var code = option && option.getAttribute("data-language");
      if (code && language.querySelector('option[value="' + CSS.escape(code) + '"]')) {
        language.value = code;
      } else {
        language.value = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-upload-url]");
    if (!form || !window.FormData || !window.XMLHttpRequest) return;
    var limits = JSON.parse(form.getAttribute("data-limits"));
    // The browser handles sending from here on; data-once would block a second batch.
    form.removeAttribute("data-once");
    followProjectLanguage(form);
    form.querySelector("input[type=file]").addEventListener("change", function () {
      listChecks(form, limits);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.getAttribute("aria-busy") === "true") return;
      submit(form, limits);
    });
  });
})();
