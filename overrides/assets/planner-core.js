/* The study planner's logic: a pure, deterministic function from (data, inputs) to a week-by-week
 * plan. No DOM, no clock, no randomness: the same inputs always give the same plan. Used by
 * practice.js in the browser (as window.PlannerCore) and by Node's test runner (tests/js/), so it
 * is plain ES5-style JavaScript that exports through module.exports or globalThis.
 *
 * data (rendered by macros/render.py plan_data() from data/guide.yml):
 *   { chunk_hours, mock_hours, mocks_per_round,
 *     areas:  [{id, name, tasks: [{id, title, hours, priority}]}],   // one area per round type
 *     levels: [{id, name, title, minutes: {area id: loop minutes}, rounds: {area id: onsite rounds}}] }
 * input: { weeks: 1..52, hours: hours a week (1..60, in halves), level: level id, pace: 0.5..2 }
 *
 * How a plan is made (all arithmetic in whole half-hours):
 *  1. Each task's hours are scaled by the pace and rounded to a half hour; mock rounds are added per
 *     area (mocks_per_round for each onsite round of that type at the level; the first mock of each
 *     type goes before every other task when time is short). A task longer than chunk_hours is done
 *     in parts (of at most chunk_hours at a time) over several weeks; any other task stays whole.
 *  2. Each area's weight is its share of the loop's interview minutes at the level. When everything
 *     does not fit, the hours are shared by weight (an area that needs less than its share gives the
 *     rest to the others), and each area keeps its parts in priority order, then study order.
 *  3. Each area's parts are spread evenly over the weeks in study order, so every week mixes the
 *     round types and the mock rounds come last.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.PlannerCore = api;
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  var LIMITS = { weeks: [1, 52], hours: [1, 60], pace: [0.5, 2] };
  var EPS = 1e-9;

  function fail(message) { throw new Error(message); }

  /** Whole weeks from today until the interview date (a part week counts), or an error message. */
  function weeksUntil(date, today) {
    var re = /^(\d{4})-(\d{2})-(\d{2})$/;
    var a = re.exec(date || ""), b = re.exec(today || "");
    if (!a) return { error: "Give the interview date as a full date." };
    if (!b) return { error: "Today's date is unknown." };
    var days = (Date.UTC(+a[1], a[2] - 1, +a[3]) - Date.UTC(+b[1], b[2] - 1, +b[3])) / 864e5;
    if (!(days >= 1)) return { error: "The interview date should be after today." };
    var weeks = Math.ceil(days / 7);
    if (weeks > LIMITS.weeks[1]) return { error: "The planner plans up to " + LIMITS.weeks[1] + " weeks ahead; pick a nearer date or a number of weeks." };
    return { weeks: weeks };
  }

  /** Checked, normalised inputs; throws an Error whose message a reader can act on. */
  function checkInput(data, input) {
    input = input || {};
    var weeks = Number(input.weeks), hours = Number(input.hours);
    var pace = input.pace === undefined || input.pace === "" ? 1 : Number(input.pace);
    if (!(weeks === Math.floor(weeks) && weeks >= LIMITS.weeks[0] && weeks <= LIMITS.weeks[1]))
      fail("Weeks should be a whole number from " + LIMITS.weeks[0] + " to " + LIMITS.weeks[1] + ".");
    if (!(hours >= LIMITS.hours[0] && hours <= LIMITS.hours[1] && hours * 2 === Math.floor(hours * 2)))
      fail("Hours a week should be from " + LIMITS.hours[0] + " to " + LIMITS.hours[1] + ", in half hours.");
    if (!(pace >= LIMITS.pace[0] && pace <= LIMITS.pace[1]))
      fail("The pace should be from " + LIMITS.pace[0] + " to " + LIMITS.pace[1] + ".");
    var level = null;
    for (var i = 0; i < data.levels.length; i++) if (data.levels[i].id === input.level) level = data.levels[i];
    if (!level) fail("Pick a level (" + data.levels.map(function (l) { return l.id; }).join(", ") + ").");
    return { weeks: weeks, hours: hours, level: level.id, pace: pace };
  }

  function halves(h) { return Math.round(h * 2); }
  function sum(list, f) { var s = 0; list.forEach(function (x) { s += f(x); }); return s; }

  /** Every task of every area, with the level's mock rounds, in study order; sizes in half-hours. */
  function tasksOf(data, inp, level) {
    var chunk = halves(data.chunk_hours);
    return data.areas.map(function (area) {
      var list = area.tasks.slice();
      var mocks = (data.mocks_per_round || 0) * ((level.rounds || {})[area.id] || 0);
      for (var m = 1; m <= mocks; m++) {
        list.push({ id: "mock-" + area.id + "-" + m, title: "Mock " + area.name + " round (" + m + " of " + mocks + ")",
                    hours: data.mock_hours, priority: m === 1 ? 0 : 1, mock: true });
      }
      return {
        id: area.id, name: area.name,
        tasks: list.map(function (t, k) {
          var size = Math.max(1, halves(t.hours * inp.pace));
          return {
            id: t.id, title: t.title, area: area.id, order: k, size: size, mock: !!t.mock,
            priority: t.priority === undefined ? 1 : t.priority,
            // A task longer than chunk_hours is done in parts over several weeks; any other task
            // (a story, a prompt, a mock round) stays whole, and is left out if no week can hold it.
            divisible: size > chunk,
            chosen: 0,      // half-hours of it in the plan
            placed: 0,      // half-hours of it placed in weeks
            pieces: []
          };
        })
      };
    });
  }

  /** Share `budget` by weight; an area needing less than its share keeps only what it needs. */
  function share(need, weight, budget) {
    var out = {}, active = Object.keys(need).filter(function (a) { return need[a] > 0; }), left = budget;
    Object.keys(need).forEach(function (a) { out[a] = 0; });
    while (active.length) {
      var ws = sum(active, function (a) { return weight[a]; });
      var w = function (a) { return ws > 0 ? weight[a] / ws : 1 / active.length; };
      var fits = active.filter(function (a) { return need[a] <= left * w(a) + EPS; });
      if (!fits.length) {
        active.forEach(function (a) { out[a] = left * w(a); });
        break;
      }
      fits.forEach(function (a) { out[a] = need[a]; left -= need[a]; });
      active = active.filter(function (a) { return fits.indexOf(a) < 0; });
    }
    return out;
  }

  function byPriority(a, b) { return a.priority - b.priority || a.order - b.order; }
  function studyOrder(a, b) { return (a.mock - b.mock) || a.order - b.order; }

  function plan(data, input) {
    var inp = checkInput(data, input);
    var level = data.levels.filter(function (l) { return l.id === inp.level; })[0];
    var areas = tasksOf(data, inp, level);
    var cap = halves(inp.hours), budget = cap * inp.weeks;
    var most = Math.max(2, halves(data.chunk_hours));            // the longest piece of a long task
    var minutes = level.minutes || {}, totalMin = sum(areas, function (a) { return minutes[a.id] || 0; });
    var weight = {}, need = {};
    areas.forEach(function (a) {
      weight[a.id] = totalMin > 0 ? (minutes[a.id] || 0) / totalMin : 1 / areas.length;
      need[a.id] = sum(a.tasks, function (t) { return t.size; });
    });
    var byWeight = areas.slice().sort(function (a, b) { return weight[b.id] - weight[a.id] || areas.indexOf(a) - areas.indexOf(b); });

    // 1. Choose: each area's share of the hours, by priority then study order (a long task may be
    //    cut short; a whole task is in or out), then what rounding left over, heaviest area first.
    var allowed = share(need, weight, budget), used = 0;
    function take(t, room) {
      var n = t.divisible ? Math.min(t.size - t.chosen, room) : (t.chosen === 0 && t.size <= room && t.size <= cap ? t.size : 0);
      if (t.divisible && n < Math.min(2, t.size - t.chosen)) n = 0;   // no crumbs under an hour
      t.chosen += n;
      return n;
    }
    areas.forEach(function (a) {
      var taken = 0;
      a.tasks.slice().sort(byPriority).forEach(function (t) { taken += take(t, Math.floor(allowed[a.id] + EPS) - taken); });
      used += taken;
    });
    byWeight.forEach(function (a) {
      a.tasks.slice().sort(byPriority).forEach(function (t) { used += take(t, budget - used); });
    });

    // 2. Place: week by week, at most the week's hours and about an even share of what is left;
    //    the area furthest behind its own even pace goes next, in study order (mock rounds last).
    var queues = areas.map(function (a) {
      var list = a.tasks.filter(function (t) { return t.chosen > 0; }).sort(studyOrder);
      return { area: a, list: list, next: 0, done: 0, total: sum(list, function (t) { return t.chosen; }) };
    });
    var all = sum(queues, function (q) { return q.total; }), placed = 0, weeks = [];
    function put(wk, t, n) {
      var last = t.pieces[t.pieces.length - 1];
      if (last && last.week === wk.week) last.size += n;     // one item per task and week
      else t.pieces.push({ week: wk.week, size: n });
      t.placed += n;
      wk.used += n;
    }
    for (var w = 1; w <= inp.weeks; w++) {
      var wk = { week: w, used: 0 };
      var aim = Math.max(1, Math.round((all - placed) / (inp.weeks - w + 1)));
      for (;;) {
        var best = null, bestGap = -Infinity, bestN = 0;
        queues.forEach(function (q) {
          if (q.next >= q.list.length) return;
          var t = q.list[q.next], left = t.chosen - t.placed, n;
          if (t.divisible) {
            n = Math.min(left, most, cap - wk.used, aim - wk.used);
            if (n < Math.min(2, left)) n = 0;
          } else {
            n = wk.used + left <= cap && wk.used + left / 2 <= aim + EPS ? left : 0;
          }
          var gap = q.total * w / inp.weeks - q.done;
          if (n > 0 && gap > bestGap + EPS) { best = q; bestGap = gap; bestN = n; }
        });
        if (!best) break;
        var t = best.list[best.next];
        put(wk, t, bestN);
        best.done += bestN;
        placed += bestN;
        if (t.placed >= t.chosen) best.next++;
      }
      weeks.push(wk);
    }
    // 3. Parts do not always pack exactly: what found no room goes into the latest week that still
    //    has room, and then so do tasks that were not chosen, while any week has room.
    //    A whole task that was chosen may take the room of a long task of the same or lower priority.
    var every = [];
    areas.forEach(function (a) { every = every.concat(a.tasks); });
    function evictable(week, t) {
      return every.filter(function (o) { return o.divisible && o.priority >= t.priority && o !== t; })
        .map(function (o) { return { task: o, piece: o.pieces.filter(function (pc) { return pc.week === week; })[0] }; })
        .filter(function (x) { return x.piece; });
    }
    queues.forEach(function (q) {
      q.list.forEach(function (t) {
        if (t.divisible || t.placed > 0) return;
        for (var k = weeks.length - 1; k >= 0; k--) {
          var wk = weeks[k], room = cap - wk.used, ev = evictable(wk.week, t);
          if (room + sum(ev, function (x) { return x.piece.size; }) < t.size) continue;
          for (var e = ev.length - 1; e >= 0 && cap - wk.used < t.size; e--) {
            var cut = Math.min(ev[e].piece.size, t.size - (cap - wk.used));
            ev[e].piece.size -= cut;
            ev[e].task.placed -= cut;
            wk.used -= cut;
            if (!ev[e].piece.size) ev[e].task.pieces.splice(ev[e].task.pieces.indexOf(ev[e].piece), 1);
          }
          put(wk, t, t.size);
          return;
        }
      });
    });
    var rest = [];
    queues.forEach(function (q) { q.list.forEach(function (t) { t.chosen = t.placed; rest.push(t); }); });
    byWeight.forEach(function (a) {
      a.tasks.slice().sort(byPriority).forEach(function (t) { if (rest.indexOf(t) < 0) rest.push(t); });
    });
    rest.forEach(function (t) {
      for (var k = weeks.length - 1; k >= 0 && t.placed < t.size; k--) {
        var room = cap - weeks[k].used, left = t.size - t.placed;
        if (t.divisible) {
          var n = Math.min(left, most, room);
          if (n >= Math.min(2, left)) put(weeks[k], t, n);
        } else if (t.placed === 0 && left <= room) {
          put(weeks[k], t, left);
        }
      }
      t.chosen = t.placed;
    });

    // 4. Name the items: a task in several pieces becomes "part k of n", numbered by week.
    var rank = {};
    areas.forEach(function (a, k) { rank[a.id] = k; });
    var out = weeks.map(function (wk) { return { week: wk.week, hours: wk.used / 2, items: [] }; });
    areas.forEach(function (a) {
      a.tasks.forEach(function (t) {
        t.pieces.sort(function (x, y) { return x.week - y.week; });
        t.pieces.forEach(function (pc, k) {
          var many = t.pieces.length > 1, part = many ? t.id + "-p" + (k + 1) : t.id;
          out[pc.week - 1].items.push({
            id: "w" + pc.week + "-" + part, task: t.id, part: part, area: a.id, mock: t.mock, order: t.order,
            title: many ? t.title + " (part " + (k + 1) + " of " + t.pieces.length + ")" : t.title,
            hours: pc.size / 2
          });
        });
      });
    });
    out.forEach(function (wk) {
      wk.items.sort(function (x, y) { return rank[x.area] - rank[y.area] || studyOrder(x, y); });
    });

    return {
      input: inp,
      level: { id: level.id, name: level.name, title: level.title },
      budget: budget / 2,
      need: sum(areas, function (a) { return need[a.id]; }) / 2,
      planned: sum(out, function (wk) { return wk.hours; }),
      areas: areas.map(function (a) {
        return {
          id: a.id, name: a.name, weight: weight[a.id], minutes: minutes[a.id] || 0,
          need: need[a.id] / 2,
          planned: sum(a.tasks, function (t) { return t.placed; }) / 2,
          mocks: a.tasks.filter(function (t) { return t.mock && t.placed > 0; }).length,
          dropped: a.tasks.filter(function (t) { return t.placed < t.size; }).map(function (t) {
            return { task: t.id, title: t.title, hours: (t.size - t.placed) / 2, partly: t.placed > 0 };
          })
        };
      }),
      weeks: out
    };
  }

  /** All item ids of a plan, in order (for ticks). */
  function itemIds(p) {
    var out = [];
    p.weeks.forEach(function (wk) { wk.items.forEach(function (it) { out.push(it.id); }); });
    return out;
  }

  return { plan: plan, checkInput: checkInput, weeksUntil: weeksUntil, itemIds: itemIds, share: share, LIMITS: LIMITS };
});
