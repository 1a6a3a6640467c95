/* Reviewing a call: the timeline under the player and the pauses tables, enhanced. Without this
   file the timeline shows the whole call (or the stretch `?span=&from=` asks for: the zoom form
   and the Earlier/Later links reload the page), every marker is a link to its transcript line,
   and the pauses come longest first with all of them behind "Show all". This adds:
   - zoom and pan in place: a new viewBox (the drawing is in seconds) and a new axis, the URL kept
     in step (?span=&from=) so a reload shows the same stretch;
   - a playhead following the audio; a zoomed window moves along when the audio leaves it;
   - a marker, or a click on a speaker's lane, seeks there and shows the transcript line (a
     "review:moment" event, answered by recording-detail.js); arrow keys, Home and End move along
     a row of markers, which is one tab stop;
   - the pauses tables' columns sort when their header is pressed;
   - each part of the analysis pane (speakers, goals, keywords, pauses, charts) folds away under
     its heading (a disclosure button; the choice is kept in this browser).
   The axis labels follow apps/recordings/timeline_window.py ticks(): keep the two in step. */
(function () {
  "use strict";

  var STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
  var LABEL_ROOM = 90;  // pixels per axis label: as many intervals as the width holds
  var EDGE_PCT = 6;
  var SVG = "http://www.w3.org/2000/svg";

  function clock(seconds) {
    var total = Math.max(0, Math.floor(seconds));
    var hours = Math.floor(total / 3600), minutes = Math.floor((total % 3600) / 60), rest = total % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return hours ? hours + ":" + two(minutes) + ":" + two(rest) : minutes + ":" + two(rest);
  }

  function round(value) {
    return Math.round(value * 10) / 10;
  }

  function player() {
    return document.getElementById("player");
  }

  /* ---- the timeline's window ---- */

  function timeline() {
    var root = document.querySelector("[data-timeline]");
    if (!root) return null;
    return {
      root: root,
      svg: root.querySelector("[data-timeline-svg]"),
      axis: root.querySelector("[data-timeline-axis]"),
      plot: root.querySelector("[data-timeline-plot]"),
      duration: Number(root.getAttribute("data-duration")) || 1,
      start: Number(root.getAttribute("data-start")) || 0,
      span: Number(root.getAttribute("data-span")) || 0
    };
  }

  function end(t) {
    return t.span ? Math.min(t.duration, t.start + t.span) : t.duration;
  }

  function ticks(t) {
    var from = t.start, width = Math.max(end(t) - from, 0.001);
    var room = t.axis.getBoundingClientRect().width || 320;
    var most = Math.max(2, Math.min(10, Math.floor(room / LABEL_ROOM)));
    var step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i += 1) {
      if (width / STEPS[i] <= most) { step = STEPS[i]; break; }
    }
    var found = [];
    for (var moment = Math.ceil(from / step) * step; moment <= end(t) + 1e-9; moment += step) {
      var pct = round((moment - from) * 100 / width);
      found.push({ pct: pct, label: clock(moment),
                   anchor: pct < EDGE_PCT ? "start" : pct > 100 - EDGE_PCT ? "end" : "middle" });
    }
    return found;
  }

  function drawAxis(t) {
    var pieces = document.createDocumentFragment();
    ticks(t).forEach(function (tick) {
      var line = document.createElementNS(SVG, "line");
      line.setAttribute("x1", tick.pct + "%");
      line.setAttribute("x2", tick.pct + "%");
      line.setAttribute("y1", "0");
      line.setAttribute("y2", "5");
      var text = document.createElementNS(SVG, "text");
      text.setAttribute("x", tick.pct + "%");
      text.setAttribute("y", "17");
      text.setAttribute("text-anchor", tick.anchor);
      text.textContent = tick.label;
      pieces.appendChild(line);
      pieces.appendChild(text);
    });
    t.axis.replaceChildren(pieces);
    // Labels that would touch go, the one before the end's first (the length of the call stays).
    var texts = Array.prototype.slice.call(t.axis.querySelectorAll("text"));
    for (var at = texts.length - 2; at >= 0; at -= 1) {
      var box = texts[at].getBBox(), next = texts[at + 1].getBBox();
      if (box.x + box.width + 8 > next.x) {
        t.axis.removeChild(texts[at].previousSibling);
        t.axis.removeChild(texts[at]);
        texts.splice(at, 1);
      }
    }
  }

  function show(t) {
    var height = t.svg.viewBox.baseVal.height;
    t.svg.setAttribute("viewBox", round(t.start) + " 0 " + round(end(t) - t.start) + " " + height);
    t.root.setAttribute("data-start", String(t.start));
    t.root.setAttribute("data-span", String(t.span));
    drawAxis(t);
    var range = t.root.querySelector("[data-timeline-range]");
    if (range) {
      range.textContent = t.span ? clock(t.start) + "–" + clock(end(t)) + " of " + clock(t.duration)
                                 : "The whole call, " + clock(t.duration);
    }
    var form = t.root.querySelector("[data-timeline-zoom]");
    if (form) {
      form.elements.span.value = String(t.span);
      var from = form.querySelector("[data-timeline-from]");
      if (from) from.value = String(Math.floor(t.start));
      form.querySelectorAll("[data-pan]").forEach(function (link) {
        var back = link.getAttribute("data-pan") === "-1";
        link.hidden = !t.span || (back ? t.start <= 0 : end(t) >= t.duration);
        link.setAttribute("href", "?span=" + t.span + "&from=" + Math.floor(panned(t, back ? -1 : 1)) + "#timeline");
      });
    }
    var url = new URL(window.location.href);
    if (t.span) {
      url.searchParams.set("span", String(t.span));
      url.searchParams.set("from", String(Math.floor(t.start)));
    } else {
      url.searchParams.delete("span");
      url.searchParams.delete("from");
    }
    window.history.replaceState(window.history.state, "", url.toString());
  }

  function clampStart(t, start) {
    return t.span ? Math.max(0, Math.min(start, t.duration - t.span)) : 0;
  }

  function panned(t, direction) {
    return clampStart(t, t.start + direction * Math.floor(t.span * 4 / 5));
  }

  function focusTime(t) {
    var audio = player();
    if (audio && (audio.currentTime > 0 || !audio.paused)) return audio.currentTime;
    return t.start + (end(t) - t.start) / 2;
  }

  function zoom(t, span) {
    var centre = focusTime(t);
    t.span = span >= t.duration ? 0 : span;
    t.start = clampStart(t, centre - t.span / 2);
    show(t);
  }

  /* ---- following the audio ---- */

  function follow(seconds) {
    var t = timeline();
    if (!t || !t.svg) return;
    var head = t.svg.querySelector("[data-playhead]");
    if (head) {
      head.setAttribute("x1", String(round(seconds)));
      head.setAttribute("x2", String(round(seconds)));
      head.setAttribute("visibility", "visible");
    }
    if (t.span && (seconds < t.start || seconds > end(t))) {
      t.start = clampStart(t, seconds - t.span / 10);
      show(t);
    }
  }

  document.addEventListener("timeupdate", function (event) {
    if (event.target === player()) follow(event.target.currentTime);
  }, true);

  /* ---- markers and lanes ---- */

  function seekTo(ms) {
    document.dispatchEvent(new CustomEvent("review:moment", { detail: { ms: ms } }));
    if (!player()) follow(ms / 1000);
  }

  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest("[data-timeline] .marker");
    if (marker) {
      event.preventDefault();
      rove(marker);
      seekTo(Number(marker.getAttribute("data-seek")) || 0);
      return;
    }
    var lane = event.target.closest && event.target.closest("[data-timeline] .timeline__lane");
    if (lane) {
      var t = timeline();
      var box = t.svg.getBoundingClientRect();
      var share = (event.clientX - box.left) / box.width;
      seekTo(Math.round((t.start + share * (end(t) - t.start)) * 1000));
      return;
    }
    var pan = event.target.closest("[data-timeline] [data-pan]");
    if (pan) {
      event.preventDefault();
      var view = timeline();
      view.start = panned(view, Number(pan.getAttribute("data-pan")));
      show(view);
    }
  });

  function rove(marker) {
    var row = marker.parentNode;
    row.querySelectorAll(".marker").forEach(function (other) {
      other.setAttribute("tabindex", other === marker ? "0" : "-1");
    });
  }

  function reveal(marker) {
    // A marker moved to with the keyboard is brought into the zoomed window.
    var t = timeline();
    var seconds = (Number(marker.getAttribute("data-seek")) || 0) / 1000;
    if (t && t.span && (seconds < t.start || seconds > end(t))) {
      t.start = clampStart(t, seconds - t.span / 2);
      show(t);
    }
  }

  document.addEventListener("keydown", function (event) {
    var marker = event.target.closest && event.target.closest("[data-timeline] .marker");
    if (!marker) return;
    var row = Array.prototype.slice.call(marker.parentNode.querySelectorAll(".marker"));
    var at = row.indexOf(marker), next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = row[Math.min(row.length - 1, at + 1)];
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = row[Math.max(0, at - 1)];
    else if (event.key === "Home") next = row[0];
    else if (event.key === "End") next = row[row.length - 1];
    if (!next) return;
    event.preventDefault();
    rove(next);
    reveal(next);
    next.focus();
  });

  document.addEventListener("change", function (event) {
    if (!event.target.closest("[data-timeline-zoom]") || event.target.name !== "span") return;
    var t = timeline();
    if (t) zoom(t, Number(event.target.value) || 0);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-timeline-zoom]");
    if (!form) return;
    event.preventDefault();
    var t = timeline();
    if (t) zoom(t, Number(form.elements.span.value) || 0);
  });

  /* ---- sortable pauses tables ---- */

  function sortable(table) {
    if (table.getAttribute("data-sort-ready")) return;
    table.setAttribute("data-sort-ready", "true");
    var first = table.tBodies[0] && table.tBodies[0].rows[0];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, column) {
      if (!first || !first.cells[column] || !first.cells[column].hasAttribute("data-sort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.setAttribute("data-sort-column", String(column));
      button.textContent = cell.textContent;
      cell.replaceChildren(button);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-sort-column]");
    if (!button) return;
    var cell = button.closest("th"), table = button.closest("table");
    var column = Number(button.getAttribute("data-sort-column"));
    var ascending = cell.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = Number(a.cells[column].getAttribute("data-sort")), y = Number(b.cells[column].getAttribute("data-sort"));
      return ascending ? x - y : y - x;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
    cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  });

  /* ---- the analysis pane's parts fold away ---- */

  var FOLDED_KEY = "review:folded";

  function foldedParts() {
    try { return JSON.parse(window.localStorage.getItem(FOLDED_KEY) || "[]"); } catch (e) { return []; }
  }

  function fold(button, shut) {
    var body = document.getElementById(button.getAttribute("aria-controls"));
    if (!body) return;
    button.setAttribute("aria-expanded", shut ? "false" : "true");
    body.hidden = shut;
  }

  function collapsible(heading) {
    var body = document.getElementById(heading.getAttribute("data-collapses"));
    if (!body || heading.querySelector("[data-fold]")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fold-button";
    button.setAttribute("data-fold", "");
    button.setAttribute("aria-controls", body.id);
    while (heading.firstChild) button.appendChild(heading.firstChild);
    heading.appendChild(button);
    fold(button, foldedParts().indexOf(body.id) >= 0);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fold]");
    if (!button) return;
    var shut = button.getAttribute("aria-expanded") === "true";
    fold(button, shut);
    var id = button.getAttribute("aria-controls");
    var parts = foldedParts().filter(function (part) { return part !== id; });
    if (shut) parts.push(id);
    try { window.localStorage.setItem(FOLDED_KEY, JSON.stringify(parts)); } catch (e) { /* private mode */ }
  });

  /* ---- start, and start again when htmx brings the analysis in ---- */

  var listening = false;

  function start(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll("table[data-sortable]").forEach(sortable);
    root.querySelectorAll("[data-collapses]").forEach(collapsible);
    var t = timeline();
    if (!t || !t.svg || !root.contains(t.root)) return;
    var apply = t.root.querySelector("[data-timeline-apply]");
    if (apply) apply.hidden = true;  // the choice applies as it is made
    drawAxis(t);  // as many labels as this width holds
    if (!listening) {
      listening = true;
      window.addEventListener("resize", function () {
        var now = timeline();
        if (now) drawAxis(now);
      });
    }
    var audio = player();
    if (audio && audio.currentTime > 0) follow(audio.currentTime);
  }

  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) start(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document.body); });
  } else {
    start(document.body);
  }
})();
