/* Practice tools (issue 8): the study planner, the self-scoring rubrics and the story bank.
 * Loaded by practice.js only on a page that shows one of them. The plan itself comes from
 * planner-core.js; the prompt cards' timer buttons are prompt-timer.js.
 *
 * STORAGE: three sections of guide.js's store (key `<site base path>.guide`, format version 1),
 * registered and checked on every page by practice.js, so they are exported and imported with the
 * checklist ticks:
 *   "plan":    {weeks, hours, level, pace, start: "YYYY-MM-DD", date?: "YYYY-MM-DD", done: [item ids]}
 *              item ids are "w<week>-<task id>[-p<part>]": a tick stays with its week and task, and a
 *              new plan keeps the ticks of the items it still has;
 *   "scores":  {"<rubric id>": {"<step or signal id>": 1 | 2 | 3}}   (1 weak, 2 solid, 3 strong)
 *   "stories": [{"title": "...", "signals": ["<signal id>", ...]}]
 */
(function () {
  "use strict";
  var G = window.Guide, doc = document;
  var LEVEL_OF = { 1: "weak", 2: "solid", 3: "strong" };

  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function el(tag, attrs, text) {
    var e = doc.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function hours(h) { return (Math.round(h * 10) / 10) + " h"; }
  function list(names) {
    return names.length < 2 ? names.join("") : names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }
  function addDays(day, n) {
    var p = day.split("-"), d = new Date(Date.UTC(+p[0], p[1] - 1, +p[2] + n));
    return d.toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  }
  function say(node, text, bad) {
    node.textContent = text;
    node.classList.toggle("g-bad", !!bad);
  }
  /** "Coding" -> "coding" inside a sentence, but "ML system design" stays. */
  function lower(name) { return /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name; }
  function level() {
    var v = G.get("level");
    return typeof v === "string" ? v : "";
  }

  // -- study planner ----------------------------------------------------------------------------
  function mountPlanner(box, signal, refreshers) {
    var data;
    try { data = JSON.parse(box.getAttribute("data-planner")); } catch (e) { return; }
    var Core = window.PlannerCore, form = $("form", box), out = $(".g-planner__out", box), msg = $(".g-msg", form);
    var f = form.elements;
    // The form is in the page's HTML, disabled until now: a click before this script ran did nothing.
    $("fieldset", form).disabled = false;

    function state() { var v = G.get("plan"); return isObj(v) ? v : null; }
    function fill(st) {
      var lv = st ? st.level : level();
      if (!data.levels.some(function (l) { return l.id === lv; })) lv = data.levels[Math.min(1, data.levels.length - 1)].id;
      f.level.value = lv;
      if (st) {
        f.weeks.value = st.weeks;
        f.hours.value = st.hours;
        f.pace.value = String(st.pace || 1);
        f.date.value = st.date || "";
      }
    }

    function render() {
      var st = state();
      out.textContent = "";
      if (!st) return;
      var plan;
      try { plan = Core.plan(data, st); } catch (e) { say(msg, e.message, true); return; }
      var done = Array.isArray(st.done) ? st.done : [];
      var start = st.start || today();
      var wrap = el("div", { "class": "g-plan", "data-plan": Core.itemIds(plan).length });

      var lv = plan.level, summary = el("p", { "class": "g-plan__summary" });
      summary.textContent = plan.input.weeks + " week" + (plan.input.weeks > 1 ? "s" : "") + " at " + hours(plan.input.hours) +
        " a week from " + addDays(start, 0) + (st.date ? ", interview on " + addDays(st.date, 0) : "") +
        ", for the " + lv.name + " (" + lv.title + ") loop" + (plan.input.pace !== 1 ? ", estimates × " + plan.input.pace : "") +
        ": " + hours(plan.planned) + " of your " + hours(plan.budget) + " are planned.";
      wrap.appendChild(summary);

      var why = el("p", { "class": "g-plan__why" });
      why.textContent = "Your loop at " + lv.name + " has " + list(plan.areas.map(function (a) {
        return a.minutes + " minutes of " + lower(a.name) + " interviews";
      })) + ", so when not everything fits, the hours are shared " + plan.areas.map(function (a) {
        return a.name + " " + Math.round(a.weight * 100) + "%";
      }).join(", ") + ". In this plan: " + plan.areas.map(function (a) {
        return a.name + " " + hours(a.planned) + " (" + a.mocks + " mock round" + (a.mocks === 1 ? "" : "s") + ")";
      }).join(", ") + ".";
      wrap.appendChild(why);

      var bar = el("div", { "class": "g-ctl g-bar g-plan__bar" });
      var prog = el("progress", { "aria-hidden": "true" }), count = el("span", { "class": "g-count" });
      var print = el("button", { type: "button", "class": "g-btn" }, "Print the plan");
      var clear = el("button", { type: "button", "class": "g-btn" }, "Untick everything");
      bar.appendChild(prog); bar.appendChild(count); bar.appendChild(print); bar.appendChild(clear);
      wrap.appendChild(bar);

      plan.weeks.forEach(function (wk) {
        var sec = el("section", { "class": "g-plan__week", "data-week": wk.week });
        var h = el("h3", { "class": "g-plan__week-title" }, "Week " + wk.week);
        h.appendChild(el("span", { "class": "g-plan__week-meta" }, " from " + addDays(start, 7 * (wk.week - 1)) + " · " + hours(wk.hours)));
        sec.appendChild(h);
        var cl = el("div", { "class": "g-checklist g-plan__items" }), ul = el("ul", { "class": "g-checklist__items" });
        if (!wk.items.length) ul.appendChild(el("li", { "class": "g-checklist__item" }, "Nothing new: review your mistakes list."));
        wk.items.forEach(function (it) {
          var area = plan.areas.filter(function (a) { return a.id === it.area; })[0];
          var li = el("li", { "class": "g-checklist__item g-plan__item", "data-area": it.area, "data-hours": it.hours });
          var lab = el("label"), box = el("input", { type: "checkbox", "class": "g-check", "data-plan-item": it.id });
          box.checked = done.indexOf(it.id) >= 0;
          lab.appendChild(box);
          lab.appendChild(doc.createTextNode(" "));
          lab.appendChild(el("span", null, it.title));
          li.appendChild(lab);
          li.appendChild(el("span", { "class": "g-plan__meta" }, " " + area.name + " · " + hours(it.hours)));
          ul.appendChild(li);
        });
        cl.appendChild(ul);
        sec.appendChild(cl);
        wrap.appendChild(sec);
      });

      var left = plan.areas.filter(function (a) { return a.dropped.length; });
      if (left.length) {
        var d = el("details", { "class": "g-plan__left" });
        var n = 0, h = 0;
        left.forEach(function (a) { a.dropped.forEach(function (t) { n++; h += t.hours; }); });
        d.appendChild(el("summary", null, "Left out of this plan: " + n + " task" + (n === 1 ? "" : "s") + ", " + hours(h)));
        d.appendChild(el("p", null, "These did not fit in your hours. More weeks or more hours a week bring them back, " +
          "lowest priority last; or skip the ones you already know well."));
        var ul2 = el("ul");
        left.forEach(function (a) {
          a.dropped.forEach(function (t) {
            ul2.appendChild(el("li", null, t.title + (t.partly ? " (the last " + hours(t.hours) + ")" : " (" + hours(t.hours) + ")")));
          });
        });
        d.appendChild(ul2);
        wrap.appendChild(d);
      }
      out.appendChild(wrap);

      function show() {
        var boxes = $$("input[data-plan-item]", wrap), n = boxes.filter(function (b) { return b.checked; }).length;
        prog.max = boxes.length;
        prog.value = n;
        count.textContent = n + " of " + boxes.length + " done";
        clear.disabled = !n;
      }
      show();
      wrap.addEventListener("change", function (e) {
        var b = e.target;
        if (!b.matches("input[data-plan-item]")) return;
        var s = state();
        if (!s) return;
        var ids = (s.done || []).filter(function (x) { return x !== b.getAttribute("data-plan-item"); });
        if (b.checked) ids.push(b.getAttribute("data-plan-item"));
        s.done = ids;
        G.set("plan", s);
        show();
      });
      print.addEventListener("click", function () {
        var root = doc.documentElement, had = root.classList.contains("g-print-ticks");
        root.classList.add("g-print-ticks");
        window.print();
        if (!had) root.classList.remove("g-print-ticks");
      });
      clear.addEventListener("click", function () {
        var s = state();
        if (!s || !window.confirm("Untick every item of this plan?")) return;
        s.done = [];
        G.set("plan", s);
        render();
      });
    }

    form.addEventListener("input", function (e) {
      if (e.target === f.weeks) f.date.value = "";
      if (e.target === f.date && f.date.value) {
        var w = window.PlannerCore.weeksUntil(f.date.value, today());
        if (w.weeks) { f.weeks.value = w.weeks; say(msg, ""); } else say(msg, w.error, true);
      }
    }, { signal: signal });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var input = { weeks: Number(f.weeks.value), hours: Number(f.hours.value), level: f.level.value, pace: Number(f.pace.value) };
      if (f.date.value) {
        var w = Core.weeksUntil(f.date.value, today());
        if (w.error) return say(msg, w.error, true);
        input.weeks = w.weeks;
        f.weeks.value = w.weeks;
      }
      var plan;
      try { plan = Core.plan(data, input); } catch (err) { return say(msg, err.message, true); }
      var old = state(), keep = Core.itemIds(plan);
      var st = { weeks: input.weeks, hours: input.hours, level: input.level, pace: input.pace, start: today(),
                 done: (old && old.done || []).filter(function (id) { return keep.indexOf(id) >= 0; }) };
      if (f.date.value) st.date = f.date.value;
      G.set("plan", st);
      say(msg, "Your plan is below: " + plan.weeks.length + " week" + (plan.weeks.length > 1 ? "s" : "") + ", " + hours(plan.planned) + ".");
      render();
    }, { signal: signal });

    fill(state());
    render();
    refreshers.push(function () { fill(state()); render(); });
  }

  // -- self-scoring rubrics ---------------------------------------------------------------------
  function scoresOf(id) {
    var all = G.get("scores");
    return isObj(all) && isObj(all[id]) ? all[id] : {};
  }
  function setScore(id, row, value) {
    var all = G.get("scores");
    all = isObj(all) ? all : {};
    var mine = isObj(all[id]) ? all[id] : {};
    if (value) mine[row] = value; else delete mine[row];
    if (Object.keys(mine).length) all[id] = mine; else delete all[id];
    G.set("scores", all);
  }

  function mountRubric(box, signal, refreshers) {
    var id = box.getAttribute("data-rubric"), rows;
    try { rows = JSON.parse(box.getAttribute("data-rows")); } catch (e) { return; }
    var focus = $(".g-rubric__focus", box), tables = $$("[data-levels]", box);
    // The page's HTML shows the empty state: what show() writes when nothing is scored yet.
    var title = $("h3", focus).textContent, none = $("p", focus).textContent;
    $$("input.g-score", box).forEach(function (r) { r.disabled = false; });  // disabled in the HTML until now

    function visible() {
      var lv = level();
      var mine = tables.filter(function (t) { return t.getAttribute("data-levels").split(" ").indexOf(lv) >= 0; });
      tables.forEach(function (t) { t.hidden = mine.length > 0 && mine.indexOf(t) < 0; });
      return mine[0] || tables[0];
    }
    function text(table, row, score) {
      var cells = $$('tr[data-row="' + row + '"] td', table);
      return cells[score - 1] ? cells[score - 1].textContent.trim() : "";
    }
    function show() {
      var sc = scoresOf(id), table = visible(), lv = level();
      $$("input.g-score", box).forEach(function (r) { r.checked = sc[r.getAttribute("data-row")] === Number(r.value); });
      focus.textContent = "";
      focus.appendChild(el("h3", null, title));
      var scored = rows.filter(function (r) { return sc[r.id]; });
      var unscored = rows.filter(function (r) { return !sc[r.id]; });
      var bandName = table.getAttribute("aria-label").replace(/^.* at /, "");
      if (!scored.length) {
        focus.appendChild(el("p", null, none));
      } else {
        var ranked = scored.slice().sort(function (a, b) { return sc[a.id] - sc[b.id] || rows.indexOf(a) - rows.indexOf(b); });
        var ol = el("ol", { "class": "g-rubric__ranked" });
        ranked.forEach(function (r) {
          var s = sc[r.id], li = el("li", { "data-row": r.id, "data-score": s });
          li.appendChild(el("strong", null, r.name + ": " + LEVEL_OF[s] + "."));
          li.appendChild(doc.createTextNode(s < 3 ? " To reach " + LEVEL_OF[s + 1] + ": " + text(table, r.id, s + 1)
            : " Keep it there: practise it under time pressure."));
          ol.appendChild(li);
        });
        focus.appendChild(ol);
        var total = scored.reduce(function (n, r) { return n + sc[r.id]; }, 0);
        focus.appendChild(el("p", null, "Scored against " + bandName + (lv ? "" : " (pick your level above to score against your own)") +
          ": " + scored.length + " of " + rows.length + " rows, average " + (Math.round(total / scored.length * 10) / 10) +
          " on a scale of 1 (weak) to 3 (strong)." + (unscored.length ? " Not scored yet: " + list(unscored.map(function (r) { return r.name; })) + "." : "")));
      }
      var clear = el("button", { type: "button", "class": "g-btn", "data-act": "clear-scores" }, "Clear these scores");
      clear.disabled = !scored.length;
      focus.appendChild(el("p")).appendChild(clear);
    }
    box.addEventListener("change", function (e) {
      var r = e.target;
      if (!r.matches("input.g-score")) return;
      setScore(id, r.getAttribute("data-row"), Number(r.value));
      show();
    });
    box.addEventListener("click", function (e) {
      if (!(e.target.matches && e.target.matches("button[data-act=clear-scores]"))) return;
      if (!window.confirm("Clear every score of this rubric?")) return;
      var all = G.get("scores");
      if (isObj(all)) { delete all[id]; G.set("scores", all); }
      show();
    });
    doc.addEventListener("change", function (e) {
      if (e.target.name === "g-level") show();
    }, { signal: signal });
    show();
    refreshers.push(show);
  }

  // -- story bank -------------------------------------------------------------------------------
  function stories() {
    var v = G.get("stories");
    return Array.isArray(v) ? v : [];
  }

  function mountStoryBank(box, signal, refreshers) {
    var form = $("form", box), listBox = $(".g-story-bank__list", box), msg = $(".g-msg", form);
    var rows = $$("tr[data-signal]", box);
    var names = {};
    rows.forEach(function (tr) { names[tr.getAttribute("data-signal")] = $("th", tr).textContent; });
    // The page's HTML shows the empty state: what show() writes when there is no story yet.
    var noStory = $(".g-story-bank__none", box).textContent, noStories = $(".g-story-bank__status", box).textContent;
    $("fieldset", form).disabled = false;  // disabled in the HTML until now

    function show() {
      var all = stories();
      rows.forEach(function (tr) {
        var sid = tr.getAttribute("data-signal"), cell = $(".g-story-bank__stories", tr);
        var mine = all.filter(function (s) { return s.signals.indexOf(sid) >= 0; });
        cell.textContent = "";
        tr.classList.toggle("g-gap", !mine.length);
        if (!mine.length) { cell.appendChild(el("strong", { "class": "g-story-bank__none" }, noStory)); return; }
        var ul = el("ul");
        mine.forEach(function (s) { ul.appendChild(el("li", null, s.title)); });
        cell.appendChild(ul);
      });
      listBox.textContent = "";
      var missing = rows.filter(function (tr) { return tr.classList.contains("g-gap"); })
        .map(function (tr) { return names[tr.getAttribute("data-signal")]; });
      var status = el("p", { "class": "g-story-bank__status" });
      status.textContent = all.length
        ? "You have " + all.length + " stor" + (all.length === 1 ? "y" : "ies") + " covering " + (rows.length - missing.length) +
          " of " + rows.length + " signal areas." + (missing.length ? " Still without a story: " + list(missing) + "." : " Every signal area has a story.")
        : noStories;
      listBox.appendChild(status);
      if (!all.length) return;
      var ul = el("ul", { "class": "g-story-bank__stories-list" });
      all.forEach(function (s, i) {
        var li = el("li");
        li.appendChild(el("strong", null, s.title));
        li.appendChild(doc.createTextNode(": " + (s.signals.map(function (x) { return names[x] || x; }).join(", ") || "no signal area") + " "));
        li.appendChild(el("button", { type: "button", "class": "g-btn", "data-remove": i, "aria-label": "Remove the story “" + s.title + "”" }, "Remove"));
        ul.appendChild(li);
      });
      listBox.appendChild(ul);
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var title = form.elements.title.value.trim().replace(/\s+/g, " ");
      var sigs = $$('input[name="signal"]:checked', form).map(function (c) { return c.value; });
      if (!title) return say(msg, "Give the story a short title.", true);
      if (!sigs.length) return say(msg, "Tick at least one signal area the story shows.", true);
      var all = stories().slice();
      var same = all.filter(function (s) { return s.title.toLowerCase() === title.toLowerCase(); })[0];
      if (same) same.signals = sigs;
      else {
        if (all.length >= 200) return say(msg, "The story bank holds at most 200 stories.", true);
        all.push({ title: title.slice(0, 200), signals: sigs });
      }
      G.set("stories", all);
      form.reset();
      say(msg, (same ? "Updated “" : "Added “") + title + "”.");
      show();
    });
    listBox.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("button[data-remove]");
      if (!b) return;
      var all = stories().slice(), i = Number(b.getAttribute("data-remove")), s = all[i];
      if (!s || !window.confirm("Remove the story “" + s.title + "”?")) return;
      all.splice(i, 1);
      G.set("stories", all);
      say(msg, "Removed “" + s.title + "”.");
      show();
    });
    show();
    refreshers.push(show);
  }

  // -- mounting ---------------------------------------------------------------------------------
  var current = null;
  function mount(signal) {
    var refreshers = [];
    $$(".g-planner[data-planner]").forEach(function (b) { mountPlanner(b, signal, refreshers); });
    $$(".g-rubric[data-rubric]").forEach(function (b) { mountRubric(b, signal, refreshers); });
    $$(".g-story-bank").forEach(function (b) { mountStoryBank(b, signal, refreshers); });
    current = refreshers;
    signal.addEventListener("abort", function () { if (current === refreshers) current = null; });
  }
  // Another tab changed the progress (guide.js has already reloaded it): show it here too.
  window.addEventListener("storage", function (e) {
    if (current && e.key === G.base + ".guide") current.forEach(function (f) { f(); });
  });

  window.PracticeUI = { mount: mount };
})();
