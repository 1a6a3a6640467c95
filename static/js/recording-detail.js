/* The recording detail page, enhanced. Without this file the page still works: the search form
   reloads with ?q= (matches marked by the server), time links reload with ?t= (the line marked),
   and the player is a plain <audio controls>. This adds:
   - search on the page itself, with Previous/Next and an "n of m" count (no requests);
   - the transcript following the audio: the playing line gets aria-current="true" and, unless
     "Auto-scroll" is unticked, scrolls into view inside the transcript's pane; when the reader
     scrolls the pane themselves following pauses and "Back to the playing line" brings it back;
     clicking a line or a time seeks there;
   - a ?t= deep link scrolls to its line and cues the audio to it;
   - a "review:moment" event (review.js: a timeline marker or lane) seeks to its `ms` and shows
     the line playing then.
   Everything is wired with event listeners (no inline handlers), so the strict CSP holds. */
(function () {
  "use strict";

  var FOLLOW_KEY = "recording-detail:follow";
  var state = { lines: [], starts: [], current: -1, matches: [], match: -1, query: "",
                away: false };

  function player() {
    return document.getElementById("player");
  }

  function transcript() {
    return document.querySelector("[data-transcript]");
  }

  function following() {
    var box = document.getElementById("follow-audio");
    return (!box || box.checked) && !state.away;
  }

  /* ---- scrolling inside the transcript's own scroll box ---- */

  function scrollBoxTo(box, top) {
    box.scrollTop = top;
  }

  function reveal(element, where) {
    var box = transcript();
    if (!box || !element) return;
    var boxRect = box.getBoundingClientRect();
    var rect = element.getBoundingClientRect();
    var outside = rect.top < boxRect.top || rect.bottom > boxRect.bottom;
    if (where === "always" || outside) {
      scrollBoxTo(box, box.scrollTop + rect.top - boxRect.top - box.clientHeight / 3);
    }
  }

  // For what the reader asked for (a match, a deep link, a moment in the results or on the
  // timeline): the line mid-pane, and the pane itself in view (on a phone it is in the page).
  function show(element) {
    var box = transcript();
    if (!element) return;
    if (!box || !box.contains(element)) {
      element.scrollIntoView({ block: "center" });
      return;
    }
    var boxRect = box.getBoundingClientRect();
    var rect = element.getBoundingClientRect();
    scrollBoxTo(box, box.scrollTop + rect.top - boxRect.top - (box.clientHeight - rect.height) / 2);
    if (boxRect.top < 0 || boxRect.bottom > window.innerHeight) box.scrollIntoView({ block: "nearest" });
  }

  /* ---- following pauses while the reader scrolls the pane, until they come back ---- */

  function backButton() {
    return document.querySelector("[data-back-to-playing]");
  }

  function setAway(away) {
    state.away = away;
    var button = backButton();
    if (button) button.hidden = !away;
  }

  // What the reader does to scroll the pane (the page's own scrolling, and the browser keeping
  // lines in place as they are laid out, fire scroll events too: those must not count).
  var SCROLL_KEYS = { ArrowUp: 1, ArrowDown: 1, PageUp: 1, PageDown: 1, Home: 1, End: 1, " ": 1 };

  function readerScrolls(event) {
    var box = transcript();
    if (!box || !player() || state.current < 0 || state.away || !box.contains(event.target)) return;
    setAway(true);
  }

  document.addEventListener("wheel", readerScrolls, { passive: true });
  document.addEventListener("touchmove", readerScrolls, { passive: true });
  document.addEventListener("keydown", function (event) {
    if (!SCROLL_KEYS[event.key] || event.target.closest("input, select, textarea")) return;
    if (event.key === " " && event.target !== transcript()) return;  // Space on a link follows it
    readerScrolls(event);
  });
  document.addEventListener("mousedown", function (event) {
    var box = transcript();
    // A press on the pane's own scroll bar (beyond its content box).
    if (box && event.target === box && event.offsetX >= box.clientWidth) readerScrolls(event);
  });

  /* ---- the lines and the audio ---- */

  function index() {
    var box = transcript();
    state.lines = box ? Array.prototype.slice.call(box.querySelectorAll(".line")) : [];
    state.starts = state.lines.map(function (line) { return Number(line.getAttribute("data-start")) || 0; });
    state.current = -1;
    if (player()) {
      state.lines.forEach(function (line) { line.setAttribute("data-seekable", ""); });
    }
  }

  function lineAt(ms) {
    // The last line that has started by `ms` (binary search: a call may have 1,500 lines).
    var low = 0, high = state.starts.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (state.starts[middle] <= ms) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found;
  }

  function markPlaying(position) {
    if (position === state.current) return;
    var previous = state.lines[state.current];
    if (previous) previous.removeAttribute("aria-current");
    state.current = position;
    var line = state.lines[position];
    if (!line) return;
    line.setAttribute("aria-current", "true");
    if (following()) reveal(line);
  }

  function markTarget(line) {
    state.lines.forEach(function (other) { other.classList.remove("line--target"); });
    line.classList.add("line--target");
    var url = new URL(window.location.href);
    var second = Math.floor((Number(line.getAttribute("data-start")) || 0) / 1000);
    url.searchParams.set("t", String(second));
    url.hash = "t-" + second;
    window.history.replaceState(window.history.state, "", url.toString());
  }

  function seek(ms, play) {
    var audio = player();
    if (!audio) return;
    audio.currentTime = ms / 1000;
    if (play && audio.paused) {
      var started = audio.play();
      if (started && typeof started.catch === "function") started.catch(function () {});
    }
  }

  function goToLine(line, ms) {
    markTarget(line);
    var position = state.lines.indexOf(line);
    if (player()) {
      seek(ms === undefined ? state.starts[position] : ms, true);
      markPlaying(position);
    }
  }

  function lineForHash(hash) {
    if (!hash || hash.charAt(0) !== "#") return null;
    var element = document.getElementById(hash.slice(1));
    return element && element.classList.contains("line") ? element : null;
  }

  document.addEventListener("review:moment", function (event) {
    var position = lineAt(event.detail.ms);
    var line = state.lines[position];
    if (!line) return;
    goToLine(line, event.detail.ms);
    setAway(false);
    show(line);
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-back-to-playing]")) {
      setAway(false);
      reveal(state.lines[state.current], "always");
      var line = state.lines[state.current];
      if (line) line.querySelector(".line__time").focus({ preventScroll: true });
      return;
    }
    var moment = event.target.closest("a.moment");
    if (moment) {
      var target = lineForHash(moment.hash);
      if (!target) return;
      event.preventDefault();
      goToLine(target, Number(moment.getAttribute("data-seek")));
      setAway(false);
      show(target);
      return;
    }
    var line = event.target.closest("[data-transcript] .line");
    if (!line) return;
    var time = event.target.closest(".line__time");
    if (time) {
      event.preventDefault();
      goToLine(line);
      setAway(false);
      return;
    }
    // A click on the text seeks too, unless the reader is selecting words.
    var selection = window.getSelection && window.getSelection();
    if (player() && !(selection && selection.toString()) && !event.target.closest("a, button")) {
      goToLine(line);
      setAway(false);
    }
  });

  document.addEventListener("timeupdate", function (event) {
    if (event.target === player()) markPlaying(lineAt(event.target.currentTime * 1000));
  }, true);

  document.addEventListener("change", function (event) {
    if (event.target.id !== "follow-audio") return;
    try { window.localStorage.setItem(FOLLOW_KEY, event.target.checked ? "on" : "off"); } catch (e) { /* private mode */ }
    if (event.target.checked) {
      setAway(false);
      reveal(state.lines[state.current], "always");
    }
  });

  function setUpPlayer() {
    var options = document.querySelector("[data-player-options]");
    if (options) options.hidden = false;
    var box = document.getElementById("follow-audio");
    if (box) {
      try { box.checked = window.localStorage.getItem(FOLLOW_KEY) !== "off"; } catch (e) { /* private mode */ }
    }
  }

  function honourDeepLink() {
    var target = document.querySelector("[data-transcript] .line--target");
    if (!target) return;
    show(target);
    var audio = player();
    if (!audio) return;
    var ms = Number(target.getAttribute("data-start")) || 0;
    if (audio.readyState >= 1) {
      seek(ms, false);
    } else {
      audio.addEventListener("loadedmetadata", function cue() {
        audio.removeEventListener("loadedmetadata", cue);
        if (audio.currentTime === 0) seek(ms, false);
      });
    }
  }

  /* ---- search inside the transcript ---- */

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function clearMarks() {
    var box = transcript();
    if (!box) return;
    box.querySelectorAll(".line__text mark, .line__speaker mark").forEach(function (mark) {
      var parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
  }

  function markMatches(query) {
    var box = transcript();
    if (!box || !query) return;
    var said = new RegExp(escapeRegExp(query), "giu");
    // A speaker's name only as whole words (as analysis/transcript.py name_pattern): a search
    // for "Marcus" finds the lines he says, a few letters do not mark every line's speaker.
    var named = new RegExp("(?<![\\p{L}\\p{N}_])" + escapeRegExp(query) + "(?![\\p{L}\\p{N}_])", "giu");
    box.querySelectorAll(".line__speaker, .line__text").forEach(function (paragraph) {
      var pattern = paragraph.classList.contains("line__speaker") ? named : said;
      var text = paragraph.textContent;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) return;
      pattern.lastIndex = 0;
      var pieces = document.createDocumentFragment(), at = 0, found;
      while ((found = pattern.exec(text)) !== null) {
        if (!found[0]) { pattern.lastIndex += 1; continue; }
        pieces.appendChild(document.createTextNode(text.slice(at, found.index)));
        var mark = document.createElement("mark");
        mark.textContent = found[0];  // text only: never parsed as HTML
        pieces.appendChild(mark);
        at = found.index + found[0].length;
      }
      pieces.appendChild(document.createTextNode(text.slice(at)));
      paragraph.replaceChildren(pieces);
    });
  }

  function describe() {
    var count = document.querySelector("[data-search-count]");
    var nav = document.querySelector("[data-search-nav]");
    var total = state.matches.length;
    if (nav) nav.hidden = total < 2;
    if (!count) return;
    if (!state.query) {
      count.textContent = "";
    } else if (!total) {
      count.textContent = "No matches for “" + state.query + "”";
    } else {
      count.textContent = (state.match + 1) + " of " + total + " match" + (total === 1 ? "" : "es") + " for “" + state.query + "”";
    }
  }

  function step(by, quietly) {
    var total = state.matches.length;
    if (!total) return;
    var old = state.matches[state.match];
    if (old) old.classList.remove("is-current");
    state.match = (state.match + by + total) % total;
    var mark = state.matches[state.match];
    mark.classList.add("is-current");
    if (!quietly) show(mark);
    describe();
  }

  function collect(query) {
    var box = transcript();
    state.query = query;
    state.matches = box ? Array.prototype.slice.call(box.querySelectorAll(".line__speaker mark, .line__text mark")) : [];
    state.match = -1;
  }

  function search(query) {
    clearMarks();
    markMatches(query);
    collect(query);
    var url = new URL(window.location.href);
    if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
    window.history.replaceState(window.history.state, "", url.toString());
    if (state.matches.length) { step(1); } else { describe(); }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-transcript-search]");
    if (!form) return;
    event.preventDefault();
    var query = (form.elements.q.value || "").trim().replace(/\s+/g, " ");
    if (query && query === state.query && state.matches.length) {
      step(1);  // Enter again: the next match, as in a browser's find bar
    } else {
      search(query);
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-search-step]");
    if (button) {
      step(Number(button.getAttribute("data-search-step")));
      return;
    }
    var clear = event.target.closest("[data-search-clear]");
    if (clear) {
      event.preventDefault();
      var input = document.getElementById("transcript-q");
      if (input) input.value = "";
      search("");
      clear.hidden = true;
    }
  });

  /* ---- start, and start again when htmx brings the analysis in ---- */

  function start(root) {
    if (!root.querySelector || !(root.matches("[data-transcript]") || root.querySelector("[data-transcript]") || root.querySelector("#player"))) return;
    index();
    setAway(false);
    setUpPlayer();
    var input = document.getElementById("transcript-q");
    collect(input ? (input.value || "").trim() : "");
    // A deep link (?t=) decides where the page opens; a search (?q=) only marks its first match.
    var deepLink = document.querySelector("[data-transcript] .line--target");
    if (state.matches.length) { step(1, Boolean(deepLink)); } else { describe(); }
    honourDeepLink();
    var audio = player();
    if (audio && audio.readyState >= 1) markPlaying(lineAt(audio.currentTime * 1000));
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
