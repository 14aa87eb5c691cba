/* Practice tools (issue 8), on every page: registers their sections of guide.js's store ("plan",
 * "scores", "stories"; format in practice-ui.js; "review", format in review.js) for export and
 * import, and loads practice-ui.js (+ planner-core.js), prompt-timer.js or, on the ML breadth
 * review page, review-core.js + review.js (which load ts-fsrs when it is first needed); on the
 * checklists page, review-core.js alone, which checks an imported review section. */
(function () {
  "use strict";
  var G = window.Guide, doc = document;
  if (!G || !G.section) return;
  var ID = /^[A-Za-z0-9][\w.-]{0,99}$/, DAY = /^\d{4}-\d{2}-\d{2}$/;
  function obj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function num(v, lo, hi) { return typeof v === "number" && v >= lo && v <= hi; }
  function ids(v, most) { return Array.isArray(v) && v.length <= most && v.every(function (x) { return typeof x === "string" && ID.test(x); }); }
  function bad(name, what) { return "“" + name + "” " + what; }

  G.section("plan", function (v) {
    if (!obj(v)) return bad("plan", "should be an object");
    if (!num(v.weeks, 1, 52) || v.weeks % 1) return bad("plan", "→ “weeks” should be a whole number from 1 to 52");
    if (!num(v.hours, 1, 60)) return bad("plan", "→ “hours” should be from 1 to 60");
    if (typeof v.level !== "string" || !ID.test(v.level)) return bad("plan", "→ “level” should be a level id");
    if (v.pace !== undefined && !num(v.pace, 0.5, 2)) return bad("plan", "→ “pace” should be from 0.5 to 2");
    if (v.start !== undefined && !DAY.test(v.start) || v.date !== undefined && !DAY.test(v.date)) return bad("plan", "holds a date that is not YYYY-MM-DD");
    if (v.done !== undefined && !ids(v.done, 5000)) return bad("plan", "→ “done” should be a list of plan item ids");
    return "";
  });
  G.section("scores", function (v) {
    if (!obj(v)) return bad("scores", "should map rubric ids to scores");
    for (var r in v) {
      if (!ID.test(r) || !obj(v[r])) return bad("scores", "has a bad entry for “" + r + "”");
      for (var k in v[r]) if (!ID.test(k) || [1, 2, 3].indexOf(v[r][k]) < 0) return bad("scores", "→ “" + r + "” → “" + k + "” should be 1, 2 or 3");
    }
    return "";
  });
  G.section("stories", function (v) {
    if (!Array.isArray(v) || v.length > 200) return bad("stories", "should be a list of at most 200 stories");
    for (var i = 0; i < v.length; i++) {
      var s = v[i];
      if (!obj(s) || typeof s.title !== "string" || !s.title.trim() || s.title.length > 200) return bad("stories", "entry " + (i + 1) + " needs a title of at most 200 characters");
      if (!ids(s.signals, 50)) return bad("stories", "entry " + (i + 1) + " should list signal area ids");
    }
    return "";
  });

  // The ML breadth review's section (format in review.js), checked by review-core.js, which loads on
  // the pages that import or show it (the checklists page, the review page).
  G.section("review", function (v) {
    return window.ReviewCore ? window.ReviewCore.validate(v) : bad("review", "could not be checked: reload the page and try again");
  });

  var loading = {};
  function need(file) {
    return loading[file] || (loading[file] = new Promise(function (ok, fail) {
      var s = doc.createElement("script");
      s.src = G.base + "assets/" + file;
      s.onload = ok;
      s.onerror = function () { delete loading[file]; fail(); };
      doc.head.appendChild(s);
    }));
  }
  // A script did not load: hide the tools' controls (practice.css) and say so.
  function failed(signal, sel) {
    return function () {
      var all = doc.querySelectorAll(sel);
      if (signal.aborted) return;
      [].forEach.call(all, function (b) { b.classList.add("g-off"); });
      all[0].insertAdjacentHTML("beforebegin", '<p class="g-ctl g-msg g-bad" role="status">The practice tools could not be loaded. Reload the page to try again.</p>');
    };
  }
  G.onMount(function (signal) {
    if (doc.querySelector("[data-start-timer]")) need("prompt-timer.js").then(function () {
      if (!signal.aborted) window.PracticePromptTimer.mount(signal);
    }, failed(signal, ".g-prompts"));
    if (doc.querySelector(".g-review")) Promise.all([need("review-core.js"), need("review.js")]).then(function () {
      if (!signal.aborted) window.ReviewUI.mount(signal, need);
    }, failed(signal, ".g-review__ui"));
    else if (doc.querySelector(".g-panel")) need("review-core.js").then(null, function () {});
    if (!doc.querySelector(".g-planner, .g-rubric, .g-story-bank")) return;
    var files = [need("practice-ui.js")];
    if (doc.querySelector(".g-planner")) files.push(need("planner-core.js"));
    Promise.all(files).then(function () {
      if (!signal.aborted) window.PracticeUI.mount(signal);
    }, failed(signal, ".g-planner, .g-rubric, .g-story-bank"));
  });
})();
