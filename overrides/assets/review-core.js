/* The ML breadth review's logic (issue 16), without the page: what is due, what is new, counts, and
 * the next review of a question after a grade. Plain functions, no DOM, no storage, no clock of its
 * own (every function takes `now`), so Node's test runner checks it (tests/js/review-core.test.js).
 * Scheduling is FSRS through ts-fsrs (overrides/assets/vendor/ts-fsrs/), passed in as `F` (the
 * library's exports: window.FSRS in the browser, require() in Node).
 *
 * A saved card (the "review" section's "cards" map, see review.js) is ts-fsrs's Card with its dates
 * as ISO strings, plus the last grade:
 *   {"due": "2026-12-05T09:00:00.000Z", "stability": 2.3065, "difficulty": 2.1181, "elapsed_days": 0,
 *    "scheduled_days": 3, "learning_steps": 0, "reps": 1, "lapses": 0, "state": 2,
 *    "last_review": "2026-12-02T09:00:00.000Z", "grade": 3}
 * The schedule keeps to whole days (no same-day learning steps) and has no random fuzz, so the
 * same grades at the same times always give the same dates.
 */
(function (root, make) {
  if (typeof module === "object" && module.exports) module.exports = make();
  else root.ReviewCore = make();
})(this, function () {
  "use strict";
  var DAY = 864e5;
  var GRADES = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
  var OPTIONS = { request_retention: 0.9, maximum_interval: 365, enable_fuzz: false, enable_short_term: false };

  function scheduler(F) { return F.fsrs(F.generatorParameters(OPTIONS)); }

  function toCard(F, saved, now) {
    if (!saved) return F.createEmptyCard(now);
    return {
      due: new Date(saved.due), stability: saved.stability, difficulty: saved.difficulty,
      elapsed_days: saved.elapsed_days, scheduled_days: saved.scheduled_days,
      learning_steps: saved.learning_steps || 0, reps: saved.reps, lapses: saved.lapses, state: saved.state,
      last_review: saved.last_review ? new Date(saved.last_review) : undefined
    };
  }
  function round(x) { return Math.round(x * 1e4) / 1e4; }
  function fromCard(card, grade) {
    var out = {
      due: card.due.toISOString(), stability: round(card.stability), difficulty: round(card.difficulty),
      elapsed_days: card.elapsed_days, scheduled_days: card.scheduled_days, learning_steps: card.learning_steps || 0,
      reps: card.reps, lapses: card.lapses, state: card.state
    };
    if (card.last_review) out.last_review = new Date(card.last_review).toISOString();
    if (grade) out.grade = grade;
    return out;
  }

  /** The saved card after grading `saved` (null: a new question) with 1-4 at `now`. */
  function grade(F, saved, g, now) {
    if (!GRADES[g]) throw new Error("a grade is 1, 2, 3 or 4");
    return fromCard(scheduler(F).next(toCard(F, saved, now), now, g).card, g);
  }

  /** The due date each grade would give: {1: Date, 2: Date, 3: Date, 4: Date}. */
  function preview(F, saved, now) {
    var all = scheduler(F).repeat(toCard(F, saved, now), now), out = {};
    for (var g = 1; g <= 4; g++) out[g] = all[g].card.due;
    return out;
  }

  function endOfDay(now) {
    var d = new Date(now.getTime());
    d.setHours(23, 59, 59, 999);
    return d;
  }
  function isDue(saved, now) { return !!saved && Date.parse(saved.due) <= endOfDay(now).getTime(); }

  /** The review's queue and counts for the questions that pass the filters.
   *  questions: [{id, t (topic id)}]; review: the saved section (or undefined);
   *  filter: {topic: "" or a topic id, starred: bool}. Due questions come first, earliest due first
   *  (ties in data order); new questions follow in data order. */
  function queue(questions, review, now, filter) {
    var cards = review && review.cards || {}, stars = review && review.stars || [];
    filter = filter || {};
    var due = [], fresh = [], learned = 0, next = null;
    questions.forEach(function (q, i) {
      if (filter.topic && q.t !== filter.topic) return;
      if (filter.starred && stars.indexOf(q.id) < 0) return;
      var c = cards[q.id];
      if (!c) fresh.push(q.id);
      else if (isDue(c, now)) due.push({ id: q.id, at: Date.parse(c.due), i: i });
      else {
        learned++;
        if (next === null || Date.parse(c.due) < next) next = Date.parse(c.due);
      }
    });
    due.sort(function (a, b) { return a.at - b.at || a.i - b.i; });
    return {
      due: due.map(function (d) { return d.id; }), fresh: fresh,
      counts: { due: due.length, "new": fresh.length, learned: learned },
      next: next === null ? null : new Date(next)
    };
  }

  /** "later today", "tomorrow", "in 3 days", "in 5 weeks", "in 4 months", "in about a year": when `date` comes after `now`. */
  function until(date, now) {
    var a = endOfDay(now).getTime(), t = date.getTime();
    if (t <= a) return "later today";
    var days = Math.ceil((t - a) / DAY);
    if (days === 1) return "tomorrow";
    if (days < 21) return "in " + days + " days";
    if (days < 60) return "in " + Math.round(days / 7) + " weeks";
    var months = Math.round(days / 30.44);
    return months < 12 ? "in " + months + " months" : "in about a year";
  }

  // -- the saved section's check, used on import (registered by practice.js) --------------------
  var ID = /^[A-Za-z0-9][\w.-]{0,99}$/;
  function obj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function num(v, lo, hi) { return typeof v === "number" && v >= lo && v <= hi; }
  function ids(v, most) { return Array.isArray(v) && v.length <= most && v.every(function (x) { return typeof x === "string" && ID.test(x); }); }
  function bad(name, what) { return "“" + name + "” " + what; }
  var ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
  function when(v) { return typeof v === "string" && ISO.test(v) && !isNaN(Date.parse(v)); }
  function count(v) { return typeof v === "number" && v >= 0 && v <= 1e6 && v % 1 === 0; }
  /** "" when `v` is a valid "review" section, else what is wrong with it (shown on import). */
  function validate(v) {
    if (!obj(v)) return bad("review", "should be an object");
    var cards = v.cards === undefined ? {} : v.cards, n = 0;
    if (!obj(cards)) return bad("review", "→ “cards” should map question ids to cards");
    for (var id in cards) {
      var c = cards[id], at = "→ “cards” → “" + id + "” ";
      if (!ID.test(id) || !obj(c) || ++n > 5000) return bad("review", "has a bad entry in “cards”");
      if (!when(c.due)) return bad("review", at + "has a due date that does not parse (“due” should be like 2026-12-05T09:00:00.000Z)");
      if (c.last_review !== undefined && !when(c.last_review)) return bad("review", at + "has a “last_review” date that does not parse");
      if (c.grade !== undefined && [1, 2, 3, 4].indexOf(c.grade) < 0) return bad("review", at + "has a grade that is not 1, 2, 3 or 4");
      if ([0, 1, 2, 3].indexOf(c.state) < 0) return bad("review", at + "has a “state” that is not 0, 1, 2 or 3");
      if (!num(c.stability, 0, 1e6) || !num(c.difficulty, 0, 10)) return bad("review", at + "has a stability or difficulty out of range");
      if (!count(c.reps) || !count(c.lapses) || !count(c.elapsed_days) || !count(c.scheduled_days) ||
          c.learning_steps !== undefined && !count(c.learning_steps)) return bad("review", at + "has a count that is not a whole number");
    }
    if (v.stars !== undefined && !ids(v.stars, 5000)) return bad("review", "→ “stars” should be a list of question ids");
    if (v.notes !== undefined) {
      if (!obj(v.notes)) return bad("review", "→ “notes” should map question ids to text");
      for (var q in v.notes) if (!ID.test(q) || typeof v.notes[q] !== "string" || v.notes[q].length > 5000) return bad("review", "→ “notes” → “" + q + "” should be text of at most 5,000 characters");
    }
    if (v.fresh !== undefined && typeof v.fresh !== "boolean" || v.starred !== undefined && typeof v.starred !== "boolean") return bad("review", "→ “fresh” and “starred” should be true or false");
    if (v.topic !== undefined && (typeof v.topic !== "string" || v.topic && !ID.test(v.topic))) return bad("review", "→ “topic” should be a topic id");
    return "";
  }

  return { validate: validate, GRADES: GRADES, OPTIONS: OPTIONS, grade: grade, preview: preview, isDue: isDue, endOfDay: endOfDay,
           queue: queue, until: until, toCard: toCard, fromCard: fromCard };
});
