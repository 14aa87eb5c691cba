/* The ML breadth review page (issue 16): shows the questions that are due, reveals a model answer on
 * request, takes a grade (buttons, or keys 1-4 once the answer shows) and schedules the next review
 * with FSRS (review-core.js over ts-fsrs). Loaded by practice.js on the review page only; ts-fsrs is
 * requested when the reader first reveals an answer, and each answer comes from its topic's page
 * (fetched once, then cached by the browser), so the review page itself stays small.
 *
 * STORAGE: the "review" section of guide.js's store (key `<site base path>.guide`, format version 1),
 * registered and checked on every page by practice.js, so it is exported and imported with the
 * checklist ticks:
 *   "review": {
 *     "cards":   {"<question id>": {saved card: see review-core.js}},  // graded questions only
 *     "stars":   ["<question id>", ...],
 *     "notes":   {"<question id>": "private text"},
 *     "topic":   "" or "<topic id>",     // the topic filter
 *     "starred": false,                  // starred only
 *     "fresh":   false                   // fresh attempt: hide past grades and next-review dates
 *   }
 * Question ids are stable (data/guide.yml); a card of a question the guide no longer has is kept
 * and ignored.
 */
(function () {
  "use strict";
  var doc = document, G = window.Guide, C;   // C: review-core.js, which may load after this file

  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function copy(v) { return JSON.parse(JSON.stringify(v)); }
  function day(d) { return d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" }); }

  var pages = {};   // topic id -> Promise of the topic page's Document, for this visit
  function topicPage(topic) {
    return pages[topic] || (pages[topic] = fetch(G.base + "breadth/" + topic + "/", { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); })
      .catch(function (e) { delete pages[topic]; throw e; }));
  }

  function mount(signal, need) {
    C = window.ReviewCore;
    var box = $(".g-review");
    if (!box || !box.hasAttribute("data-index")) return;
    var data = JSON.parse(box.getAttribute("data-index"));   // from the build (macros/render.py: breadth_review)
    var byId = {}, topicName = {};
    data.questions.forEach(function (q) { byId[q.id] = q; });
    data.topics.forEach(function (t) { topicName[t.id] = t.name; });
    var ui = $(".g-review__ui", box);
    var sel = $("select[name=g-review-topic]", ui), starredBox = $("input[name=g-review-starred]", ui),
        freshBox = $("input[name=g-review-fresh]", ui), note = $("#g-review-note", ui);
    var meta = $(".g-review__meta", ui), qEl = $(".g-review__q", ui), past = $(".g-review__past", ui),
        revealBtn = $("[data-rv=reveal]", ui), starBtn = $("[data-rv=star]", ui), link = $(".g-review__link", ui),
        answer = $(".g-review__answer", ui), grades = $(".g-review__grade", ui), say = $(".g-review__say", ui);
    var current = null, shown = false, busy = false;

    function state() { var v = G.get("review"); return isObj(v) ? copy(v) : {}; }
    function store(rv) { G.set("review", rv); }
    function filters(rv) { return { topic: rv.topic && topicName[rv.topic] ? rv.topic : "", starred: !!rv.starred }; }
    function tell(text) { say.textContent = text; }

    function render(focus) {
      var rv = state(), now = new Date(), f = filters(rv);
      var q = C.queue(data.questions, rv, now, f);
      sel.value = f.topic;
      starredBox.checked = f.starred;
      freshBox.checked = !!rv.fresh;
      $("[data-count=due]", ui).textContent = q.counts.due;
      $("[data-count=new]", ui).textContent = q.counts["new"];
      $("[data-count=learned]", ui).textContent = q.counts.learned;
      current = q.due[0] || q.fresh[0] || null;
      shown = false;
      answer.hidden = true;
      answer.textContent = "";
      grades.hidden = true;
      box.setAttribute("data-current", current || "");
      if (!current) {
        meta.textContent = f.starred ? "No starred question is due." : "Nothing left to review here today.";
        qEl.textContent = q.next ? "Next review: " + day(q.next) + " (" + C.until(q.next, now) + ")." : "Every question in this selection is reviewed.";
        past.textContent = "";
        revealBtn.disabled = starBtn.disabled = note.disabled = true;
        link.hidden = true;
        note.value = "";
        if (focus) qEl.focus();
        return;
      }
      var item = byId[current], card = (rv.cards || {})[current];
      var isNew = !card;
      meta.textContent = topicName[item.t] + " · " + ({ core: "Core", intermediate: "Follow-up", advanced: "Advanced" })[item.d] +
        " · " + (isNew ? "new question" : "due " + (Date.parse(card.due) < now.getTime() - 864e5 ? "since " + day(new Date(card.due)) : "today")) +
        " · " + (q.counts.due + q.counts["new"]) + " to go";
      qEl.textContent = item.q;
      past.textContent = rv.fresh || isNew ? "" : "Last graded " + C.GRADES[card.grade || 3] + (card.last_review ? " on " + day(new Date(card.last_review)) : "") +
        "; reviewed " + card.reps + " time" + (card.reps === 1 ? "" : "s") + ".";
      revealBtn.disabled = false;
      starBtn.disabled = note.disabled = false;
      var starred = (rv.stars || []).indexOf(current) >= 0;
      starBtn.setAttribute("aria-pressed", String(starred));
      starBtn.textContent = starred ? "Starred" : "Star";
      link.hidden = false;
      link.href = G.base + "breadth/" + item.t + "/#" + current;
      note.value = (rv.notes || {})[current] || "";
      if (focus) qEl.focus();
    }

    function reveal() {
      if (!current || shown || busy) return;
      var id = current, item = byId[id];
      busy = true;
      revealBtn.disabled = true;
      tell("Loading the answer…");
      Promise.all([topicPage(item.t), window.FSRS ? null : need("vendor/ts-fsrs/ts-fsrs.umd.js")]).then(function (r) {
        busy = false;
        if (signal.aborted || current !== id) return;
        var sec = r[0].querySelector('section[data-q="' + id + '"]');
        if (!sec) throw new Error("missing");
        answer.textContent = "";
        $$("[data-part]", sec).forEach(function (part) { answer.appendChild(doc.importNode(part, true)); });
        answer.hidden = false;
        shown = true;
        var rv = state(), now = new Date(), at = C.preview(window.FSRS, (rv.cards || {})[id], now);
        $$("button[data-grade]", grades).forEach(function (b) {
          var when = at[b.getAttribute("data-grade")];
          $("small", b).textContent = rv.fresh ? "" : "next " + C.until(when, now);
        });
        grades.hidden = false;
        tell("Answer shown. Grade your recall: 1 again, 2 hard, 3 good, 4 easy.");
        $("button[data-grade='3']", grades).focus();
      }).catch(function () {
        busy = false;
        if (signal.aborted) return;
        revealBtn.disabled = false;
        tell("The answer could not be loaded (are you offline?). Try again, or open the question on its topic page.");
      });
    }

    function grade(g) {
      if (!current || !shown) return;
      var rv = state(), now = new Date();
      rv.cards = isObj(rv.cards) ? rv.cards : {};
      var next = C.grade(window.FSRS, rv.cards[current], g, now);
      rv.cards[current] = next;
      store(rv);
      var when = new Date(next.due);
      tell("Graded " + C.GRADES[g] + ". " + (rv.fresh ? "" : "Next review " + day(when) + " (" + C.until(when, now) + ")."));
      render(true);
    }

    // bind the controls (disabled in the built page until now)
    sel.disabled = starredBox.disabled = freshBox.disabled = false;
    render(false);
    box.setAttribute("data-ready", "");

    ui.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("button");
      if (!b || b.disabled) return;
      if (b === revealBtn) reveal();
      else if (b === starBtn && current) {
        var rv = state(), stars = Array.isArray(rv.stars) ? rv.stars : [], i = stars.indexOf(current);
        if (i >= 0) stars.splice(i, 1); else stars.push(current);
        rv.stars = stars;
        store(rv);
        starBtn.setAttribute("aria-pressed", String(i < 0));
        starBtn.textContent = i < 0 ? "Starred" : "Star";
        tell(i < 0 ? "Starred." : "Star removed.");
      } else if (b.hasAttribute("data-grade")) grade(+b.getAttribute("data-grade"));
    }, { signal: signal });

    ui.addEventListener("change", function (e) {
      var t = e.target, rv = state();
      if (t === sel) rv.topic = sel.value;
      else if (t === starredBox) rv.starred = starredBox.checked;
      else if (t === freshBox) rv.fresh = freshBox.checked;
      else return;
      store(rv);
      render(false);
    }, { signal: signal });

    note.addEventListener("input", function () {
      if (!current) return;
      var rv = state(), notes = isObj(rv.notes) ? rv.notes : {}, text = note.value.slice(0, 5000);
      if (text.trim()) notes[current] = text; else delete notes[current];
      rv.notes = notes;
      store(rv);
    }, { signal: signal });

    doc.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || !shown) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      if (/^[1-4]$/.test(e.key)) { e.preventDefault(); grade(+e.key); }
    }, { signal: signal });

    // another tab graded or imported: show it
    window.addEventListener("storage", function () { if (!busy) render(false); }, { signal: signal });
  }

  window.ReviewUI = { mount: mount };
})();
