// Unit tests of the study planner's logic (overrides/assets/planner-core.js), run with Node's
// built-in test runner: `node --test tests/js/` (tests/test_practice.py runs them with pytest and
// passes the real data in PLAN_DATA; without it only the small fixture below is used).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const Core = require(path.join(__dirname, "..", "..", "overrides", "assets", "planner-core.js"));

function task(id, hours, priority) { return { id, title: "Task " + id, hours, priority: priority || 1 }; }

// Two levels whose loops differ only in system design: LOW has one design round, HIGH two.
const FIXTURE = {
  chunk_hours: 3,
  mock_hours: 2,
  mocks_per_round: 1,
  areas: [
    { id: "coding", name: "Coding", tasks: [task("c-setup", 0.5), task("c-cards", 2, 2), task("c-cards-2", 2, 2), task("c-list", 20), task("c-tagged", 12)] },
    { id: "design", name: "Design", tasks: [task("d-1", 1), task("d-2", 1), task("d-p1", 1.5, 2), task("d-p2", 1.5, 2), task("d-p3", 1.5, 2), task("d-p4", 1.5, 2)] },
    { id: "behavioral", name: "Behavioral", tasks: [task("s-1", 1.5), task("s-2", 1.5), task("s-3", 1.5, 2)] }
  ],
  levels: [
    { id: "LOW", name: "Low", title: "Mid", minutes: { coding: 120, design: 45, behavioral: 45 }, rounds: { coding: 2, design: 1, behavioral: 1 } },
    { id: "HIGH", name: "High", title: "Staff", minutes: { coding: 120, design: 90, behavioral: 45 }, rounds: { coding: 2, design: 2, behavioral: 1 } }
  ]
};

const REAL = process.env.PLAN_DATA ? JSON.parse(fs.readFileSync(process.env.PLAN_DATA, "utf8")) : null;

function area(plan, id) { return plan.areas.find((a) => a.id === id); }
function items(plan) { return plan.weeks.flatMap((w) => w.items); }

test("the same inputs give the same plan", () => {
  const a = Core.plan(FIXTURE, { weeks: 6, hours: 7, level: "LOW" });
  const b = Core.plan(JSON.parse(JSON.stringify(FIXTURE)), { level: "LOW", hours: "7", weeks: "6" });
  assert.deepEqual(a, b);
  assert.deepEqual(Core.plan(FIXTURE, { weeks: 6, hours: 7, level: "LOW" }), a);
});

test("a plan has one entry per week and never more than the week's hours", () => {
  for (let weeks = 1; weeks <= 12; weeks++) {
    for (let hours = 1; hours <= 20; hours += 0.5) {
      for (const level of ["LOW", "HIGH"]) {
        const p = Core.plan(FIXTURE, { weeks, hours, level });
        assert.equal(p.weeks.length, weeks);
        p.weeks.forEach((w, k) => {
          assert.equal(w.week, k + 1);
          assert.ok(w.hours <= hours, `week ${w.week} holds ${w.hours} h of ${hours}`);
          assert.equal(w.hours, w.items.reduce((s, it) => s + it.hours, 0));
        });
        assert.ok(p.planned <= p.budget);
        assert.equal(p.budget, weeks * hours);
      }
    }
  }
});

test("with time to spare everything is planned, and spread evenly", () => {
  const p = Core.plan(FIXTURE, { weeks: 4, hours: 40, level: "LOW" });
  assert.equal(p.planned, p.need);
  p.areas.forEach((a) => assert.deepEqual(a.dropped, []));
  const hours = p.weeks.map((w) => w.hours);
  assert.ok(Math.max(...hours) - Math.min(...hours) <= 3, `uneven weeks: ${hours}`);
});

test("short of time, the hours follow the loop: more system design where there are more design rounds", () => {
  let compared = 0;
  for (let weeks = 2; weeks <= 10; weeks++) {
    for (let hours = 3; hours <= 8; hours += 0.5) {
      const low = Core.plan(FIXTURE, { weeks, hours, level: "LOW" });
      const high = Core.plan(FIXTURE, { weeks, hours, level: "HIGH" });
      assert.ok(area(high, "design").planned >= area(low, "design").planned,
        `${weeks} weeks at ${hours} h: HIGH ${area(high, "design").planned} h of design < LOW ${area(low, "design").planned} h`);
      compared++;
    }
  }
  const low = Core.plan(FIXTURE, { weeks: 4, hours: 6, level: "LOW" });
  const high = Core.plan(FIXTURE, { weeks: 4, hours: 6, level: "HIGH" });
  assert.ok(area(high, "design").planned > area(low, "design").planned);
  assert.ok(compared > 50);
});

test("weights are each round type's share of the loop's interview minutes", () => {
  const p = Core.plan(FIXTURE, { weeks: 4, hours: 10, level: "HIGH" });
  assert.deepEqual(p.areas.map((a) => a.minutes), [120, 90, 45]);
  assert.ok(Math.abs(area(p, "design").weight - 90 / 255) < 1e-12);
  const sum = p.areas.reduce((s, a) => s + a.weight, 0);
  assert.ok(Math.abs(sum - 1) < 1e-12);
});

test("mock rounds follow the level's rounds, come after the study of their area, and the first is kept", () => {
  const high = Core.plan(FIXTURE, { weeks: 6, hours: 30, level: "HIGH" });
  assert.equal(area(high, "design").mocks, 2);
  assert.equal(area(Core.plan(FIXTURE, { weeks: 6, hours: 30, level: "LOW" }), "design").mocks, 1);
  for (const a of high.areas) {
    const list = items(high).filter((it) => it.area === a.id);
    const firstMock = list.findIndex((it) => it.mock);
    const weeksOf = (pred) => list.filter(pred).map((it) => +it.id.match(/^w(\d+)-/)[1]);
    if (firstMock >= 0) assert.ok(Math.min(...weeksOf((it) => it.mock)) >= Math.max(...weeksOf((it) => !it.mock)));
  }
  const tight = Core.plan(FIXTURE, { weeks: 3, hours: 4, level: "LOW" });
  assert.ok(items(tight).some((it) => it.task === "mock-coding-1"), "the first coding mock survives a short plan");
});

test("short of time, priority 2 goes before priority 1 and the rest is reported as left out", () => {
  const p = Core.plan(FIXTURE, { weeks: 3, hours: 6, level: "LOW" });
  const coding = area(p, "coding");
  const dropped = coding.dropped.map((d) => d.task);
  assert.ok(dropped.includes("c-cards") && dropped.includes("c-cards-2"));
  assert.ok(items(p).some((it) => it.task === "c-list"));
  const total = coding.planned + coding.dropped.reduce((s, d) => s + d.hours, 0);
  assert.equal(total, coding.need);
});

test("item ids are unique, start with the week, and a long task is done in numbered parts", () => {
  const p = Core.plan(FIXTURE, { weeks: 8, hours: 6, level: "LOW" });
  const ids = items(p).map((it) => it.id);
  assert.equal(new Set(ids).size, ids.length);
  p.weeks.forEach((w) => w.items.forEach((it) => assert.ok(it.id.startsWith(`w${w.week}-`) && it.id.endsWith(it.part))));
  const list = items(p).filter((it) => it.task === "c-list");
  assert.ok(list.length > 1);
  list.forEach((it, k) => {
    assert.equal(it.part, `c-list-p${k + 1}`);
    assert.match(it.title, new RegExp(`\\(part ${k + 1} of ${list.length}\\)$`));
  });
  assert.deepEqual(Core.itemIds(p), ids);
});

test("a whole task is never split, and one longer than a week is left out", () => {
  const p = Core.plan(FIXTURE, { weeks: 5, hours: 1.5, level: "LOW" });
  items(p).filter((it) => !it.task.startsWith("c-list") && !it.task.startsWith("c-tagged"))
    .forEach((it) => assert.doesNotMatch(it.title, /part/));
  assert.ok(!items(p).some((it) => it.mock), "a 2-hour mock does not fit a 1.5-hour week");
});

test("the pace scales every estimate", () => {
  const slow = Core.plan(FIXTURE, { weeks: 10, hours: 40, level: "LOW", pace: 1.5 });
  const usual = Core.plan(FIXTURE, { weeks: 10, hours: 40, level: "LOW" });
  assert.ok(slow.need > usual.need * 1.4 && slow.need < usual.need * 1.6, `${slow.need} vs ${usual.need}`);
});

test("bad inputs are refused with a message a reader can act on", () => {
  const bad = [
    [{ weeks: 0, hours: 5, level: "LOW" }, /Weeks/],
    [{ weeks: 2.5, hours: 5, level: "LOW" }, /whole number/],
    [{ weeks: 53, hours: 5, level: "LOW" }, /Weeks/],
    [{ weeks: 4, hours: 0, level: "LOW" }, /Hours a week/],
    [{ weeks: 4, hours: 2.25, level: "LOW" }, /half hours/],
    [{ weeks: 4, hours: "ten", level: "LOW" }, /Hours a week/],
    [{ weeks: 4, hours: 5, level: "E9" }, /Pick a level \(LOW, HIGH\)/],
    [{ weeks: 4, hours: 5, level: "LOW", pace: 9 }, /pace/]
  ];
  for (const [input, message] of bad) assert.throws(() => Core.plan(FIXTURE, input), message);
});

test("weeks until the interview: a part week counts, the past and far future are refused", () => {
  assert.deepEqual(Core.weeksUntil("2025-03-15", "2025-03-01"), { weeks: 2 });
  assert.deepEqual(Core.weeksUntil("2025-03-16", "2025-03-01"), { weeks: 3 });
  assert.deepEqual(Core.weeksUntil("2025-03-02", "2025-03-01"), { weeks: 1 });
  assert.deepEqual(Core.weeksUntil("2024-03-31", "2024-03-30"), { weeks: 1 });  // across a clock change
  assert.match(Core.weeksUntil("2025-03-01", "2025-03-01").error, /after today/);
  assert.match(Core.weeksUntil("2024-12-01", "2025-03-01").error, /after today/);
  assert.match(Core.weeksUntil("2027-03-01", "2025-03-01").error, /52 weeks/);
  assert.match(Core.weeksUntil("March", "2025-03-01").error, /full date/);
});

test("sharing hours: an area that needs less than its share gives the rest away", () => {
  assert.deepEqual(Core.share({ a: 10, b: 100 }, { a: 0.5, b: 0.5 }, 60), { a: 10, b: 50 });
  assert.deepEqual(Core.share({ a: 100, b: 100 }, { a: 0.75, b: 0.25 }, 40), { a: 30, b: 10 });
  assert.deepEqual(Core.share({ a: 5, b: 5 }, { a: 0.5, b: 0.5 }, 40), { a: 5, b: 5 });
});

test("the real data: E6 gets more system design hours than E4 for the same inputs", { skip: !REAL && "PLAN_DATA not set" }, () => {
  const design = REAL.areas[1].id;
  for (const [weeks, hours] of [[8, 10], [4, 10], [6, 8], [12, 6], [8, 25]]) {
    const e4 = Core.plan(REAL, { weeks, hours, level: "E4" });
    const e6 = Core.plan(REAL, { weeks, hours, level: "E6" });
    assert.ok(area(e6, design).planned > area(e4, design).planned,
      `${weeks} weeks at ${hours} h: E6 ${area(e6, design).planned} h, E4 ${area(e4, design).planned} h`);
    assert.ok(Math.max(...e6.weeks.map((w) => w.hours)) <= hours);
  }
});
