// Unit tests of the ML breadth review's scheduling (overrides/assets/review-core.js over the vendored
// ts-fsrs), and of the "review" section's import check (overrides/assets/practice.js), with Node's
// built-in test runner: `node --test tests/js/`. Every test uses a fixed clock.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const ASSETS = path.join(__dirname, "..", "..", "overrides", "assets");
const F = require(path.join(ASSETS, "vendor", "ts-fsrs", "ts-fsrs.umd.js"));
const C = require(path.join(ASSETS, "review-core.js"));

const T0 = new Date("2026-03-02T09:00:00.000Z");   // a Monday morning
const DAY = 864e5;
const at = (days) => new Date(T0.getTime() + days * DAY);
const QS = [{ id: "a", t: "x" }, { id: "b", t: "x" }, { id: "c", t: "y" }, { id: "d", t: "y" }];

test("a new question graded Good is due in days, not today, and Easy later than Good", () => {
  const good = C.grade(F, null, 3, T0), easy = C.grade(F, null, 4, T0), again = C.grade(F, null, 1, T0);
  assert.equal(good.grade, 3);
  assert.equal(good.reps, 1);
  assert.equal(good.last_review, T0.toISOString());
  assert.ok(Date.parse(good.due) > C.endOfDay(T0).getTime(), "Good must not come back the same day");
  assert.ok(Date.parse(easy.due) > Date.parse(good.due));
  assert.ok(Date.parse(again.due) < Date.parse(good.due));
  assert.equal(again.due, at(1).toISOString(), "Again on a new question: tomorrow");
  assert.ok(!C.isDue(good, T0));
});

test("Good moves the due date forward each time; Again brings it back", () => {
  let card = C.grade(F, null, 3, T0);
  const first = Date.parse(card.due) - T0.getTime();
  const reviewedAt = new Date(card.due);
  assert.ok(C.isDue(card, reviewedAt));
  const good = C.grade(F, card, 3, reviewedAt);
  const again = C.grade(F, card, 1, reviewedAt);
  assert.ok(Date.parse(good.due) - reviewedAt.getTime() > first, "the second Good interval is longer than the first");
  assert.ok(Date.parse(again.due) < Date.parse(good.due));
  assert.equal(Date.parse(again.due) - reviewedAt.getTime(), DAY, "Again: back tomorrow");
  assert.equal(again.lapses, 1);
  assert.ok(again.stability < good.stability);
});

test("the schedule is deterministic and matches ts-fsrs 5.4.2 with these options", () => {
  const a = C.grade(F, null, 3, T0), b = C.grade(F, null, 3, T0);
  assert.deepEqual(a, b);
  // FSRS-6 default parameters, no fuzz, no same-day steps: Good on a new card is 3 days (w2 = 2.3065).
  assert.equal(a.due, at(3).toISOString());
  assert.equal(a.stability, 2.3065);
  const p = C.preview(F, null, T0);
  assert.equal(p[3].toISOString(), a.due);
  assert.ok(p[1] < p[2] && p[2] < p[3] && p[3] < p[4]);
});

test("a saved card survives a JSON round trip unchanged in its schedule", () => {
  const card = C.grade(F, null, 2, T0);
  const back = JSON.parse(JSON.stringify(card));
  const t = new Date(card.due);
  assert.deepEqual(C.grade(F, back, 3, t), C.grade(F, card, 3, t));
});

test("grades outside 1-4 are refused", () => {
  for (const g of [0, 5, "3", null]) assert.throws(() => C.grade(F, null, g, T0));
});

test("queue: due first (earliest first), then new in data order; counts; filters", () => {
  const review = {
    cards: {
      b: C.grade(F, null, 3, at(-3)),      // due at T0 (3 days after)
      c: C.grade(F, null, 1, at(-5)),      // due four days ago
      d: C.grade(F, null, 4, T0)           // due much later
    },
    stars: ["a", "c"]
  };
  const q = C.queue(QS, review, T0, {});
  assert.deepEqual(q.due, ["c", "b"]);
  assert.deepEqual(q.fresh, ["a"]);
  assert.deepEqual(q.counts, { due: 2, new: 1, learned: 1 });
  assert.equal(q.next.toISOString(), review.cards.d.due);
  assert.deepEqual(C.queue(QS, review, T0, { topic: "y" }).due, ["c"]);
  assert.deepEqual(C.queue(QS, review, T0, { topic: "y" }).counts, { due: 1, new: 0, learned: 1 });
  const starred = C.queue(QS, review, T0, { starred: true });
  assert.deepEqual([starred.due, starred.fresh], [["c"], ["a"]]);
  assert.deepEqual(C.queue(QS, undefined, T0, {}).counts, { due: 0, new: 4, learned: 0 });
});

test("grading the question that is due takes it out of today's queue", () => {
  const review = { cards: { a: C.grade(F, null, 3, at(-3)) } };
  assert.deepEqual(C.queue(QS, review, T0).due, ["a"]);
  review.cards.a = C.grade(F, review.cards.a, 1, T0);
  assert.deepEqual(C.queue(QS, review, T0).due, []);
  assert.deepEqual(C.queue(QS, review, at(1)).due, ["a"]);
});

test("until() words the next review", () => {
  assert.equal(C.until(at(1), T0), "tomorrow");
  assert.equal(C.until(at(3), T0), "in 3 days");
  assert.equal(C.until(at(35), T0), "in 5 weeks");
  assert.equal(C.until(at(120), T0), "in 4 months");
  assert.equal(C.until(new Date(T0.getTime() + 60000), T0), "later today");
});

// -- the "review" section's import check: review-core.js's validate(), registered by practice.js --
function reviewValidator(core) {
  const sections = {};
  const sandbox = {
    window: { Guide: { section: (n, f) => { sections[n] = f; }, onMount: () => {}, base: "/" }, ReviewCore: core },
    document: { querySelector: () => null }
  };
  vm.runInNewContext(fs.readFileSync(path.join(ASSETS, "practice.js"), "utf8"), sandbox);
  assert.equal(typeof sections.review, "function");
  return sections.review;
}

test("practice.js registers the review section and refuses it while the checker is missing", () => {
  assert.match(reviewValidator(undefined)({}), /could not be checked/);
  assert.equal(reviewValidator(C)({}), "");
  assert.match(reviewValidator(C)({ cards: { x: { due: "soon" } } }), /does not parse/);
});

test("a good review state is accepted", () => {
  const check = C.validate;
  const good = { cards: { "bias-variance": C.grade(F, null, 3, T0) }, stars: ["bias-variance"],
                 notes: { "bias-variance": "say the decomposition first" }, topic: "evaluation", fresh: true, starred: false };
  assert.equal(check(JSON.parse(JSON.stringify(good))), "");
  assert.equal(check({}), "");
});

test("a hostile review state is refused with a clear message", () => {
  const check = C.validate;
  const card = () => JSON.parse(JSON.stringify(C.grade(F, null, 3, T0)));
  const cases = [
    [[], "should be an object"],
    [{ cards: [] }, "“cards” should map"],
    [{ cards: { x: Object.assign(card(), { due: "next Tuesday" }) } }, "due date that does not parse"],
    [{ cards: { x: Object.assign(card(), { due: "2026-13-45T99:00:00Z" }) } }, "due date that does not parse"],
    [{ cards: { x: Object.assign(card(), { last_review: 17 }) } }, "“last_review” date"],
    [{ cards: { x: Object.assign(card(), { grade: 5 }) } }, "grade that is not 1, 2, 3 or 4"],
    [{ cards: { x: Object.assign(card(), { grade: 0 }) } }, "grade that is not 1, 2, 3 or 4"],
    [{ cards: { x: Object.assign(card(), { state: 7 }) } }, "“state”"],
    [{ cards: { x: Object.assign(card(), { stability: -1 }) } }, "stability or difficulty"],
    [{ cards: { x: Object.assign(card(), { reps: 1.5 }) } }, "whole number"],
    [{ cards: { "<img src=x>": card() } }, "bad entry"],
    [{ stars: ["ok", "<b>"] }, "“stars”"],
    [{ notes: { x: 3 } }, "“notes”"],
    [{ fresh: "yes" }, "true or false"],
    [{ topic: "../../etc" }, "topic id"]
  ];
  for (const [value, message] of cases) {
    const err = check(value);
    assert.ok(err.includes(message), JSON.stringify(value) + " gave " + JSON.stringify(err));
  }
});
