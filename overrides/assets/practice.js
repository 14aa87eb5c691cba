/* Practice tools (issue 8), the part loaded on every page: it registers the tools' storage
 * sections with guide.js, so that "Export progress" on any page carries them and "Import" checks
 * them, and it wires the practice prompts' "Start this prompt with the mock-round timer" buttons.
 * The tools themselves (study planner, scoring rubrics, story bank) are in practice-ui.js and the
 * plan's logic in planner-core.js; both load only on a page that shows a tool.
 *
 * STORAGE: three sections of guide.js's store (key `<site base path>.guide`, format version 1):
 *   "plan":    {weeks, hours, level, pace, start: "YYYY-MM-DD", date?: "YYYY-MM-DD", done: [item ids]}
 *              item ids are "w<week>-<task id>[-p<part>]", so a tick stays with its week and task;
 *   "scores":  {"<rubric id>": {"<step or signal id>": 1 | 2 | 3}}   (1 weak, 2 solid, 3 strong)
 *   "stories": [{"title": "...", "signals": ["<signal id>", ...]}]
 */
(function () {
  "use strict";
  var G = window.Guide;
  if (!G || !G.section) return;
  var doc = document;
  var ID = /^[A-Za-z0-9][\w.-]{0,99}$/;
  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function num(v, lo, hi) { return typeof v === "number" && v >= lo && v <= hi; }
  function ids(list, most) {
    return Array.isArray(list) && list.length <= most && list.every(function (x) { return typeof x === "string" && ID.test(x); });
  }

  G.section("plan", function (v) {
    if (!isObj(v)) return "“plan” should be an object";
    if (!num(v.weeks, 1, 52) || v.weeks % 1) return "“plan” → “weeks” should be a whole number from 1 to 52";
    if (!num(v.hours, 1, 60)) return "“plan” → “hours” should be from 1 to 60";
    if (typeof v.level !== "string" || !ID.test(v.level)) return "“plan” → “level” should be a level id";
    if (v.pace !== undefined && !num(v.pace, 0.5, 2)) return "“plan” → “pace” should be from 0.5 to 2";
    if (v.start !== undefined && !DAY.test(v.start)) return "“plan” → “start” should be a date";
    if (v.date !== undefined && v.date !== "" && !DAY.test(v.date)) return "“plan” → “date” should be a date";
    if (v.done !== undefined && !ids(v.done, 5000)) return "“plan” → “done” should be a list of plan item ids";
    return "";
  });
  G.section("scores", function (v) {
    if (!isObj(v)) return "“scores” should map rubric ids to scores";
    for (var r in v) {
      if (!ID.test(r) || !isObj(v[r])) return "“scores” has a bad entry for “" + r + "”";
      for (var k in v[r]) if (!ID.test(k) || [1, 2, 3].indexOf(v[r][k]) < 0) return "“scores” → “" + r + "” → “" + k + "” should be 1, 2 or 3";
    }
    return "";
  });
  G.section("stories", function (v) {
    if (!Array.isArray(v) || v.length > 200) return "“stories” should be a list of at most 200 stories";
    for (var i = 0; i < v.length; i++) {
      var s = v[i];
      if (!isObj(s) || typeof s.title !== "string" || !s.title.trim() || s.title.length > 200)
        return "“stories” entry " + (i + 1) + " needs a title of at most 200 characters";
      if (!ids(s.signals, 50)) return "“stories” entry " + (i + 1) + " should list signal area ids";
    }
    return "";
  });

  // -- loading the tools on the pages that show one ------------------------------------------------
  var loading = {};
  function need(file) {
    return loading[file] || (loading[file] = new Promise(function (ok, fail) {
      var s = doc.createElement("script");
      s.src = G.base + "assets/" + file;
      s.onload = ok;
      s.onerror = function () { delete loading[file]; fail(new Error(file)); };
      doc.head.appendChild(s);
    }));
  }
  function css() {
    if (doc.querySelector("link[data-practice-css]")) return;
    var l = doc.createElement("link");
    l.rel = "stylesheet";
    l.href = G.base + "assets/practice.css";
    l.setAttribute("data-practice-css", "");
    doc.head.appendChild(l);
  }

  // -- "Start this prompt with the mock-round timer" ------------------------------------------------
  var chosen = {};   // the prompt shown in each page's timer, kept across instant navigation

  function timerFor(id) { return doc.querySelector('.g-timer[data-timer="' + id + '"]'); }
  function showPrompt(timer, name, ask) {
    var p = timer.querySelector(".g-timer__prompt");
    if (!p) {
      p = doc.createElement("p");
      p.className = "g-ctl g-timer__prompt";
      var title = timer.querySelector(".g-timer__plan-title");
      timer.insertBefore(p, title ? title.nextSibling : timer.firstChild);
    }
    p.textContent = "";
    p.appendChild(doc.createTextNode("Prompt: "));
    var b = doc.createElement("strong");
    b.textContent = name;
    p.appendChild(b);
    if (ask) p.appendChild(doc.createTextNode(" " + ask));
  }

  function mountPromptStart(signal) {
    var buttons = Array.prototype.slice.call(doc.querySelectorAll("button[data-start-timer]"));
    buttons.forEach(function (btn) {
      if (timerFor(btn.getAttribute("data-start-timer"))) btn.parentNode.hidden = false;
    });
    var keep = chosen[location.pathname];
    if (keep && timerFor(keep.timer)) showPrompt(timerFor(keep.timer), keep.name, keep.ask);
    if (!buttons.length) return;
    doc.addEventListener("click", function (e) {
      var btn = e.target.closest && e.target.closest("button[data-start-timer]");
      if (!btn) return;
      var id = btn.getAttribute("data-start-timer"), timer = timerFor(id);
      if (!timer) return;
      var card = btn.closest(".g-prompt"), askEl = card && card.querySelector(".g-prompt__ask");
      var name = btn.getAttribute("data-prompt-name"), ask = askEl ? askEl.textContent : "";
      var ctl = timer.querySelectorAll(".g-timer__btns button");   // start/pause, skip, reset (guide.js)
      if (ctl.length === 3 && !ctl[2].disabled) {
        if (!window.confirm("The timer is in the middle of a round. Start again with “" + name + "”?")) return;
        ctl[2].click();
      }
      chosen[location.pathname] = { timer: id, name: name, ask: ask };
      showPrompt(timer, name, ask);
      timer.scrollIntoView({ block: "start", behavior: "smooth" });
      if (ctl.length === 3) {
        ctl[0].click();
        ctl[0].focus({ preventScroll: true });
      }
    }, { signal: signal });
  }

  G.onMount(function (signal) {
    mountPromptStart(signal);
    var planner = doc.querySelector(".g-planner[data-planner]");
    if (!planner && !doc.querySelector(".g-rubric[data-rubric], .g-story-bank")) return;
    css();
    var files = planner ? [need("planner-core.js"), need("practice-ui.js")] : [need("practice-ui.js")];
    Promise.all(files).then(function () {
      if (!signal.aborted && window.PracticeUI) window.PracticeUI.mount(signal);
    }, function () {
      var at = doc.querySelector(".g-planner, .g-rubric, .g-story-bank");
      if (!at || at.querySelector(".g-load-failed")) return;
      var p = doc.createElement("p");
      p.className = "g-ctl g-note g-load-failed";
      p.setAttribute("role", "status");
      p.textContent = "The practice tools could not be loaded. Reload the page to try again.";
      at.insertBefore(p, at.firstChild);
    });
  });
})();
