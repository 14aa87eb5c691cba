/* The guide's widgets: checklists that remember, the level picker, the mock-round timer.
 * Plain JavaScript, no framework. Mounted on every page change of Material's instant navigation
 * (window.document$); listeners and intervals of one page are torn down on the next.
 *
 * STORAGE AND EXPORT FORMAT (version 1)
 * One localStorage entry per copy of the site, under the key `<base>.guide`, where <base> is the
 * absolute path of the site root (e.g. "/mle-interview-guide/"), so two sites on one origin never
 * share progress. Its value, and the export file, is one JSON object of named sections:
 *   {
 *     "version": 1,                       // this format; an import with another version is refused
 *     "site": "/mle-interview-guide/",    // export only: the base path it came from (informative)
 *     "exported": "2025-01-31T12:00:00Z", // export only
 *     "ticks": {"coding-prep": ["two-pointers", ...], ...},  // ticked item ids by checklist id
 *     "level": "E5",                      // the level picker's choice; absent = all levels
 *     "company": "google",                // the company picker's choice (a company id of
 *                                         // data/guide.yml); absent = all companies
 *     "timer": {"sound": true}            // timer preferences
 *   }
 * Other sections are registered by the tools that own them: "plan", "scores", "stories" (format in
 * practice-ui.js) and "review", the ML breadth review's grades, stars and notes (format in review.js).
 * Item ids are unique across checklists, so a tick follows its item when items are reordered,
 * inserted or moved; a page that shows a checklist drops the ticks of that checklist's items that
 * it no longer has. "ticks" is for checklist items only: other tools keep their own section.
 * Adding a section (e.g. a study plan, rubric scores, a story bank):
 *   Guide.section("plan", function (value) { return "" or "an error message" });
 *   Guide.get("plan"); Guide.set("plan", value);   // persisted, exported, imported, validated
 *   Guide.onMount(function (signal) { ... });       // runs on every page; signal aborts on leave
 * An import validates every known section in the file before changing anything, replaces the
 * sections it holds and ignores unknown ones. Storage errors are swallowed: state then lives for
 * the visit and a short note says so.
 * "company" (added with issue 13; still version 1: a file without it imports as before) is checked
 * against the company ids the page lists in data-companies (the checklists page's panel, the
 * picker); an import naming another company is refused. theme.js puts it on <html> as
 * data-g-company before the first paint, beside data-g-level; the loop summaries and timers are
 * shown or hidden by CSS rules on those two attributes (rendered with them by macros/render.py).
 */
(function () {
  "use strict";
  var VERSION = 1;
  var doc = document;
  var scope = window.__md_scope;
  var base = scope && scope.pathname ? scope.pathname
    : new URL("..", (doc.currentScript && doc.currentScript.src) || location.href).pathname;
  var KEY = base + ".guide";
  var ID = /^[A-Za-z0-9][\w.-]{0,99}$/;
  var sections = {};
  var mounts = [];
  var timers = {};          // timer state by page and timer, kept across instant navigation
  var S = load();
  var stored = probe();
  var ac;                   // AudioContext, made on a click when sound is on

  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function el(tag, attrs, text) {
    var e = doc.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function put(node, text) { if (node.textContent !== text) node.textContent = text; }
  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function load() {
    try {
      var v = JSON.parse(localStorage.getItem(KEY));
      if (isObj(v) && v.version === VERSION) return v;
    } catch (e) { /* unreadable: start afresh */ }
    return { version: VERSION };
  }
  function probe() {
    try { localStorage.setItem(KEY + "?", "1"); localStorage.removeItem(KEY + "?"); return true; }
    catch (e) { return false; }
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(S)); }
    catch (e) { if (stored) { stored = false; note(); } }
  }

  // -- sections -------------------------------------------------------------------------------
  function section(name, validate) { sections[name] = validate; }
  section("ticks", function (v) {
    if (!isObj(v)) return "“ticks” should map checklist ids to lists of item ids";
    for (var c in v) {
      if (!ID.test(c) || !Array.isArray(v[c])) return "“ticks” has a bad entry for “" + c + "”";
      for (var i = 0; i < v[c].length; i++)
        if (typeof v[c][i] !== "string" || !ID.test(v[c][i])) return "“ticks” → “" + c + "” holds a value that is not an item id";
    }
    return "";
  });
  section("level", function (v) {
    return typeof v === "string" && (v === "" || ID.test(v)) ? "" : "“level” should be a level id such as “E5”";
  });
  function knownCompanies() {
    var holder = $("[data-companies]");
    return holder ? holder.getAttribute("data-companies").split(" ") : null;
  }
  section("company", function (v) {
    if (typeof v !== "string" || (v !== "" && !ID.test(v))) return "“company” should be a company id such as “google”";
    var known = knownCompanies();
    if (v && known && known.indexOf(v) < 0) return "“company” names “" + v + "”, which is not one of this guide's companies (" + known.join(", ") + ")";
    return "";
  });
  section("timer", function (v) {
    return isObj(v) && (v.sound === undefined || typeof v.sound === "boolean") ? "" : "“timer” should be like {\"sound\": true}";
  });

  /** Check an export file's text; returns {error} or {data} with the known sections only. */
  function parseExport(text) {
    var v;
    try { v = JSON.parse(text); } catch (e) { return { error: "This file is not JSON, so it is not a progress export." }; }
    if (!isObj(v) || !("version" in v)) return { error: "This file is not a progress export from this guide." };
    if (v.version !== VERSION) return { error: "This export has version " + JSON.stringify(v.version) + "; this guide reads version " + VERSION + "." };
    var out = {}, n = 0;
    for (var name in sections) {
      if (!(name in v)) continue;
      var err = sections[name](v[name]);
      if (err) return { error: "This file is not a valid progress export: " + err + "." };
      out[name] = v[name];
      n++;
    }
    if (!n) return { error: "This file holds no progress this guide knows." };
    return { data: out };
  }

  // -- checklists ------------------------------------------------------------------------------
  function ticks() { return isObj(S.ticks) ? S.ticks : (S.ticks = {}); }
  function tickedIn(id) {
    var t = ticks();
    for (var c in t) if (t[c].indexOf(id) >= 0) return c;
    return null;
  }
  function setTick(cid, id, on) {
    var t = ticks();
    for (var c in t) {
      t[c] = t[c].filter(function (x) { return x !== id; });
      if (!t[c].length) delete t[c];
    }
    if (on) (t[cid] = t[cid] || []).push(id);
  }
  function boxes(list) { return $$("input.g-check[data-item]", list); }

  /** Keep each tick with its item (wherever it now is) and drop ticks of items a shown checklist lost. */
  function reconcile(lists) {
    var before = JSON.stringify(ticks());
    lists.forEach(function (list) {
      var cid = list.getAttribute("data-checklist");
      boxes(list).forEach(function (b) {
        var id = b.getAttribute("data-item"), c = tickedIn(id);
        if (c && c !== cid) setTick(cid, id, true);
      });
    });
    lists.forEach(function (list) {
      var cid = list.getAttribute("data-checklist"), t = ticks();
      var have = boxes(list).map(function (b) { return b.getAttribute("data-item"); });
      if (t[cid]) {
        t[cid] = t[cid].filter(function (id) { return have.indexOf(id) >= 0; });
        if (!t[cid].length) delete t[cid];
      }
    });
    if (JSON.stringify(ticks()) !== before) save();
  }

  function countText(done, all) { return done + " of " + all + " done"; }

  // The controls (each checklist's bar, the checklists page's "Your progress" panel) come with the
  // page from the build, shown only when JavaScript runs (guide.css): mounting binds them and moves nothing.
  function mountChecklists(signal) {
    var lists = $$(".g-checklist[data-checklist]");
    if (!lists.length) return;
    // A box ticked before this script ran (it loads after the first paint) is the reader's tick: keep it.
    var early = false;
    lists.forEach(function (list) {
      boxes(list).forEach(function (b) {
        var id = b.getAttribute("data-item");
        if (b.checked && !tickedIn(id)) { setTick(list.getAttribute("data-checklist"), id, true); early = true; }
      });
    });
    if (early) save();
    reconcile(lists);
    var panel = $(".g-panel[aria-label='Your progress']");
    if (panel) $$("button[data-act]", panel).forEach(function (b) { b.disabled = false; });  // disabled in the HTML until now
    // "Print my ticks" as its box shows it (unticked, unless the reader or the browser ticked it first)
    if (panel) doc.documentElement.classList.toggle("g-print-ticks", $("input[data-act=print-ticks]", panel).checked);

    function show() {
      var total = 0, done = 0, seen = {};
      lists.forEach(function (list) {
        var bs = boxes(list), n = 0, cid = list.getAttribute("data-checklist");
        bs.forEach(function (b) { b.checked = !!tickedIn(b.getAttribute("data-item")); n += b.checked; });
        var bar = $(".g-bar", list);
        $("progress", bar).max = bs.length;
        $("progress", bar).value = n;
        put($(".g-count", bar), countText(n, bs.length));
        $("button", bar).disabled = !n;
        if (seen[cid]) return;   // a checklist shown twice on one page counts once
        seen[cid] = true;
        total += bs.length;
        done += n;
      });
      if (panel) {
        put($(".g-count", panel), "All checklists: " + countText(done, total));
        $("progress", panel).max = total;
        $("progress", panel).value = done;
      }
    }
    function say(text, bad) {
      var m = $(".g-msg", panel);
      m.textContent = text;
      m.classList.toggle("g-bad", !!bad);
    }
    show();
    refreshers.push(function () { reconcile(lists); show(); });

    doc.addEventListener("change", function (e) {
      var b = e.target;
      if (b.matches && b.matches("input.g-check[data-item]")) {
        var list = b.closest(".g-checklist");
        var id = b.getAttribute("data-item");
        setTick(list.getAttribute("data-checklist"), id, b.checked);
        save();
        show();
      } else if (panel && b === $("input[data-act=print-ticks]", panel)) {
        doc.documentElement.classList.toggle("g-print-ticks", b.checked);
      } else if (panel && b === $("input[type=file]", panel)) {
        var file = b.files && b.files[0];
        b.value = "";
        if (!file) return;
        if (file.size > 1e6) return say("That file is too large to be a progress export. Nothing was changed.", true);
        file.text().then(function (text) {
          var r = parseExport(text);
          if (r.error) return say(r.error + " Nothing was changed.", true);
          for (var k in r.data) S[k] = r.data[k];
          save();
          refresh();
          var n = 0, t = ticks();
          for (var c in t) n += t[c].length;
          say("Progress imported: " + n + " ticked item" + (n === 1 ? "" : "s") + ".");
        });
      }
    }, { signal: signal });

    doc.addEventListener("click", function (e) {
      var btn = e.target.closest && e.target.closest("button[data-act]");
      if (!btn) return;
      var act = btn.getAttribute("data-act");
      if (act === "reset") {
        var list = btn.closest(".g-checklist");
        var bs = boxes(list).filter(function (b) { return b.checked; });
        if (!bs.length || !window.confirm("Untick all " + bs.length + " ticked items of this checklist?")) return;
        bs.forEach(function (b) { setTick(list.getAttribute("data-checklist"), b.getAttribute("data-item"), false); });
        save();
        show();
      } else if (act === "export") {
        var data = { version: VERSION, site: base, exported: new Date().toISOString() };
        for (var k in sections) if (k in S) data[k] = S[k];
        var a = el("a", {
          href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" })),
          download: "guide-progress-" + data.exported.slice(0, 10) + ".json"
        });
        doc.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
        say("Progress exported to " + a.download + ".");
      } else if (act === "import") {
        $("input[type=file]", panel).click();
      }
    }, { signal: signal });
  }

  // -- level picker and "your loop" -------------------------------------------------------------
  function applyLevel() {
    var lv = typeof S.level === "string" ? S.level : "";
    // theme.js sets this attribute from storage before the first paint; the rubrics' CSS reads it.
    if (lv) doc.documentElement.setAttribute("data-g-level", lv);
    else doc.documentElement.removeAttribute("data-g-level");
    $$("form[data-level-picker]").forEach(function (f) {
      $$("input[type=radio]", f).forEach(function (r) { r.checked = r.value === lv; });
    });
    $$("table [data-level]").forEach(function (c) { c.classList.toggle("g-pick", c.getAttribute("data-level") === lv); });
    $$(".g-your-loop").forEach(function (loop) {
      var secs = $$("[data-level]", loop);
      var any = secs.some(function (s) { return s.getAttribute("data-level") === lv; });
      secs.forEach(function (s) { s.hidden = any && s.getAttribute("data-level") !== lv; });
    });
  }
  // The company picker (issue 13): like the level, kept under "company" and put on <html>.
  function applyCompany() {
    var co = typeof S.company === "string" ? S.company : "";
    if (co) doc.documentElement.setAttribute("data-g-company", co);
    else doc.documentElement.removeAttribute("data-g-company");
    $$("form[data-company-picker] input[name=g-company]").forEach(function (r) { r.checked = r.value === co; });
  }
  function mountLevel(signal) {
    // A level or company chosen before this script ran (it loads after the first paint) is the reader's choice.
    var early = $("form[data-level-picker] input[name=g-level]:checked");
    if (early && early.value && early.value !== S.level) { S.level = early.value; save(); }
    var earlyCo = $("form[data-company-picker] input[name=g-company]:checked");
    if (earlyCo && earlyCo.value && earlyCo.value !== S.company) { S.company = earlyCo.value; save(); }
    applyLevel();
    applyCompany();
    refreshers.push(applyLevel, applyCompany);
    doc.addEventListener("change", function (e) {
      var r = e.target;
      if (r.name === "g-level" && r.closest("form[data-level-picker]")) {
        if (r.value) S.level = r.value; else delete S.level;
        save();
        applyLevel();
      } else if (r.name === "g-company" && r.closest("form[data-company-picker]")) {
        if (r.value) S.company = r.value; else delete S.company;
        save();
        applyCompany();
      }
    }, { signal: signal });
  }

  // -- mock-round timer -------------------------------------------------------------------------
  function now() { return performance.now(); }
  function clock(ms) {
    var s = Math.ceil(Math.max(0, ms) / 1000);
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  function mins(sec) { return Math.round(sec / 60) + " min"; }
  function beep() {
    if (!ac || !(S.timer && S.timer.sound)) return;
    try {
      ac.resume();
      var o = ac.createOscillator(), g = ac.createGain(), t = ac.currentTime;
      o.frequency.value = 880;
      g.gain.setValueAtTime(0.2, t);
      g.gain.exponentialRampToValueAtTime(0.001, t + 0.5);
      o.connect(g);
      g.connect(ac.destination);
      o.start(t);
      o.stop(t + 0.5);
    } catch (e) { /* no sound */ }
  }
  function audio() {
    if (!ac && S.timer && S.timer.sound) {
      try { ac = new (window.AudioContext || window.webkitAudioContext)(); } catch (e) { /* no sound */ }
    }
  }

  function mountTimer(box, n, signal, intervals) {
    var phases;
    try { phases = JSON.parse(box.getAttribute("data-phases")); } catch (e) { return; }
    if (!Array.isArray(phases) || !phases.length) return;
    var ends = [], total = 0;
    phases.forEach(function (p) { total += p.seconds * 1000; ends.push(total); });
    var key = location.pathname + "#" + n + box.getAttribute("data-timer");
    var st = timers[key] || (timers[key] = { acc: 0, t0: 0, run: false, at: -1 });
    var ui = $(".g-timer__ui", box);   // the controls, from the build (macros/templates/timer.html)
    if (!ui) return;
    var out = $$(".g-timer__now strong, .g-timer__hint, .g-timer__clocks b, .g-timer__next, .g-timer__say", ui);
    var btn = $$(".g-timer__btns button", ui), snd = $(".g-timer__btns input", ui), items = $$(".g-timer__plan li", box);
    btn[0].disabled = false;  // disabled in the HTML until this script runs
    var tick = null;

    function elapsed() { return Math.min(total, st.acc + (st.run ? now() - st.t0 : 0)); }
    function phaseAt(ms) {
      for (var i = 0; i < ends.length; i++) if (ms < ends[i]) return i;
      return ends.length;
    }
    function say(text, ring) {
      out[5].textContent = text;
      if (ring) beep();
    }
    function ticking(on) {
      if (on && !tick) { tick = setInterval(render, 250); intervals.push(tick); }
      if (!on && tick) { clearInterval(tick); tick = null; }
    }
    function render() {
      var ms = elapsed(), i = phaseAt(ms), p = phases[i], started = st.run || st.acc > 0;
      if (ms >= total && st.run) { st.acc = total; st.run = false; }
      ticking(st.run);
      if (started && i !== st.at) {
        if (i >= phases.length) say("Round over. Time is up.", 1);
        else say("Phase " + (i + 1) + " of " + phases.length + ": " + p.name + ", " + mins(p.seconds) + ".", 1);
      }
      st.at = started ? i : -1;
      put(out[0], i >= phases.length ? "Round over" : started ? p.name : "Ready to start: " + phases[0].name);
      put(out[1], p && p.hint ? p.hint : "");
      put(out[2], clock(i >= phases.length ? 0 : started ? ends[i] - ms : phases[0].seconds * 1000));
      put(out[3], clock(total - ms));
      var nx = phases[started ? i + 1 : 1];
      put(out[4], i >= phases.length ? "" : nx ? "Next: " + nx.name + " (" + mins(nx.seconds) + ")" : "Next: the end of the round");
      put(btn[0], st.run ? "Pause" : i >= phases.length ? "Start again" : started ? "Resume" : "Start");
      btn[1].disabled = !started || i >= phases.length;
      btn[2].disabled = !started;
      snd.checked = !!(S.timer && S.timer.sound);
      items.forEach(function (li, k) {
        li.classList.toggle("g-done", started && k < i);
        li.classList.toggle("g-now", started && k === i);
        if (started && k === i) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
      });
    }
    function reset() { st.acc = 0; st.run = false; st.at = -1; }

    ui.addEventListener("click", function (e) {
      var b = e.target.closest("button"), ms = elapsed();
      if (!b) return;
      audio();
      if (b === btn[0]) {
        if (st.run) { st.acc = ms; st.run = false; say("Paused at " + clock(total - ms) + " left in the round."); }
        else {
          if (ms >= total) reset();
          var first = !st.acc;
          st.t0 = now();
          st.run = true;
          if (first) say("Started. Phase 1 of " + phases.length + ": " + phases[0].name + ", " + mins(phases[0].seconds) + ".");
          else say("Resumed.");
          st.at = phaseAt(st.acc);
        }
      } else if (b === btn[1]) {
        st.acc = ends[phaseAt(ms)] || total;
        st.t0 = now();
      } else {
        reset();
        say("Timer reset.");
      }
      render();
    }, { signal: signal });
    snd.addEventListener("change", function () {
      S.timer = { sound: snd.checked };
      save();
      audio();
    }, { signal: signal });
    doc.addEventListener("visibilitychange", render, { signal: signal });
    render();
  }

  // -- mounting on every page ------------------------------------------------------------------
  var refreshers = [];
  function refresh() { refreshers.forEach(function (f) { f(); }); }

  // Each widget is built with a hidden note that the browser will not save (macros/templates/storage_note.html);
  // the build keeps the page's first (macros/htmlfix.py) and guide.css shows it when <html> has "g-nostore"
  // (set in the <head> by theme.js, before first paint, when storage is refused; here when it fails later).
  function note() { doc.documentElement.classList.add("g-nostore"); }

  var live = null;
  function mount() {
    if (live) { live.ctl.abort(); live.intervals.forEach(clearInterval); }
    var ctl = new AbortController();
    live = { ctl: ctl, intervals: [] };
    refreshers = [];
    mountChecklists(ctl.signal);
    mountLevel(ctl.signal);
    $$(".g-timer[data-phases]").forEach(function (t, n) { mountTimer(t, n, ctl.signal, live.intervals); });
    mounts.forEach(function (f) { f(ctl.signal); });
    if (!stored) note();
    window.Guide.mounted++;
  }

  // Another tab changed the progress: show it here too.
  window.addEventListener("storage", function (e) {
    if (e.key === KEY) { S = load(); refresh(); }
  });

  window.Guide = {
    base: base,
    section: section,
    get: function (name) { return S[name]; },
    set: function (name, value) { S[name] = value; save(); },
    onMount: function (f) { mounts.push(f); },
    parseExport: parseExport,
    mounted: 0                // pages mounted so far (scripts load after the first paint: tests wait on it)
  };

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(mount);
  else if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
