/* LocatorCore (theme/static/js/locator-core.js) under Node's own test runner: `node --test tests/js/`.
   No npm packages. The browser side (the DOM work in locator.js) is tested in tests/browser/test_locator.py;
   agreement of "open now" with Python is tested in tests/unit/test_hours_cross_language.py. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { spawnSync } = require("node:child_process");

const CORE_FILE = path.join(__dirname, "..", "..", "theme", "static", "js", "locator-core.js");
const core = require(CORE_FILE);

// data-h as OpeningHours.compact() writes it for the editor's value in the comment.
// "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; Su off; PH off"
const PEOPLE_SQUARE = "540-720,810-1020|540-720,810-1020|540-720,810-1020|540-720,810-1020|540-720,810-1020|540-720|";
// "Fr-Sa 18:00-24:00; Sa-Su 00:00-02:00" (late opening written as two days: no period passes midnight)
const LATE = "||||1080-1440|0-120,1080-1440|0-120";
// "24/7"
const ALWAYS = "0-1440|0-1440|0-1440|0-1440|0-1440|0-1440|0-1440";
const [MO, TU, WE, TH, FR, SA, SU] = [0, 1, 2, 3, 4, 5, 6];
const WORDS = {
  today: "Today:", closed: "Closed", openNow: "Open now", closedNow: "Closed now",
  closure: "Closed today (special closure)", count: "{shown} of {total} outlets shown",
  countAll: "All {total} outlets shown", none: "No outlet matches.", km: "{km} km away", noPosition: "No map position"
};

function at(weekday, hhmm, date) {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return { date: date || "2026-06-01", weekday, minute: hours * 60 + minutes };
}

function openAt(week, weekday, hhmm, closures, date) {
  return core.isOpenAt(core.parseWeek(week), closures || "", at(weekday, hhmm, date));
}

/* ---- loading ----------------------------------------------------------------------------------- */

test("is a classic browser script that sets one global, window.LocatorCore", () => {
  const window = {};
  vm.runInNewContext(fs.readFileSync(CORE_FILE, "utf8"), { window }, { filename: CORE_FILE });
  assert.deepEqual(Object.keys(window), ["LocatorCore"]);
  assert.deepEqual(Object.keys(window.LocatorCore).sort(), Object.keys(core).sort());
  assert.equal(window.LocatorCore.clock(570), "09:30");
});

test("has no import/export syntax and asks for no other host", () => {
  const source = fs.readFileSync(CORE_FILE, "utf8");
  assert.doesNotMatch(source, /^\s*(import|export)\s/m);
  assert.doesNotMatch(source, /https?:\/\//);
});

/* ---- the week ---------------------------------------------------------------------------------- */

test("parseWeek reads Monday to Sunday in minutes; no value means hours unknown", () => {
  const week = core.parseWeek(PEOPLE_SQUARE);
  assert.equal(week.length, 7);
  assert.deepEqual(week[MO], [[540, 720], [810, 1020]]);
  assert.deepEqual(week[SA], [[540, 720]]);
  assert.deepEqual(week[SU], []);
  assert.equal(core.parseWeek(""), null);
  assert.equal(core.parseWeek(undefined), null);
  assert.deepEqual(core.parseWeek("||||||"), [[], [], [], [], [], [], []]);
});

test("a period includes its opening minute and excludes its closing minute", () => {
  assert.equal(openAt(PEOPLE_SQUARE, MO, "08:59"), false);
  assert.equal(openAt(PEOPLE_SQUARE, MO, "09:00"), true);
  assert.equal(openAt(PEOPLE_SQUARE, MO, "11:59"), true);
  assert.equal(openAt(PEOPLE_SQUARE, MO, "12:00"), false);  // lunch break
  assert.equal(openAt(PEOPLE_SQUARE, MO, "13:29"), false);
  assert.equal(openAt(PEOPLE_SQUARE, MO, "13:30"), true);
  assert.equal(openAt(PEOPLE_SQUARE, FR, "16:59"), true);
  assert.equal(openAt(PEOPLE_SQUARE, FR, "17:00"), false);
});

test("closed days are closed all day", () => {
  for (const hhmm of ["00:00", "09:00", "12:00", "23:59"]) {
    assert.equal(openAt(PEOPLE_SQUARE, SU, hhmm), false, hhmm);
  }
  assert.equal(openAt(PEOPLE_SQUARE, SA, "13:30"), false);  // Saturday: mornings only
  assert.equal(openAt("||||||", WE, "10:00"), false);
});

test("late hours written as two days: open until midnight, then from 00:00 on the next day", () => {
  assert.equal(openAt(LATE, TH, "23:00"), false);
  assert.equal(openAt(LATE, FR, "17:59"), false);
  assert.equal(openAt(LATE, FR, "18:00"), true);
  assert.equal(openAt(LATE, FR, "23:59"), true);
  assert.equal(openAt(LATE, SA, "00:00"), true);
  assert.equal(openAt(LATE, SA, "01:59"), true);
  assert.equal(openAt(LATE, SA, "02:00"), false);
  assert.equal(openAt(LATE, SA, "18:00"), true);
  assert.equal(openAt(LATE, SU, "01:00"), true);
  assert.equal(openAt(LATE, SU, "02:00"), false);
  assert.equal(openAt(LATE, MO, "01:00"), false);  // nothing wraps from Sunday to Monday
});

test("24/7 is open at every minute of every day", () => {
  for (let day = MO; day <= SU; day++) {
    assert.equal(openAt(ALWAYS, day, "00:00"), true);
    assert.equal(openAt(ALWAYS, day, "23:59"), true);
  }
});

test("unknown hours or an unknown weekday are never open", () => {
  assert.equal(core.statusAt(null, "", at(MO, "10:00")), null);
  assert.equal(core.isOpenAt(null, "", at(MO, "10:00")), false);
  assert.equal(core.isOpenAt(core.parseWeek(ALWAYS), "", at(-1, "10:00")), false);
});

/* ---- closures ---------------------------------------------------------------------------------- */

test("closedOn includes both ends of each span and reads several spans", () => {
  const closures = "2026-10-01/2026-10-07 2026-12-25/2026-12-25";
  assert.equal(core.closedOn(closures, "2026-09-30"), false);
  assert.equal(core.closedOn(closures, "2026-10-01"), true);
  assert.equal(core.closedOn(closures, "2026-10-04"), true);
  assert.equal(core.closedOn(closures, "2026-10-07"), true);
  assert.equal(core.closedOn(closures, "2026-10-08"), false);
  assert.equal(core.closedOn(closures, "2026-12-25"), true);
  assert.equal(core.closedOn(closures, "2026-12-26"), false);
  assert.equal(core.closedOn("", "2026-10-01"), false);
  assert.equal(core.closedOn(undefined, "2026-10-01"), false);
});

test("a closure closes a day that would be open, and says it is a closure", () => {
  const closures = "2026-10-01/2026-10-07";
  assert.equal(openAt(ALWAYS, TH, "10:00", "", "2026-10-01"), true);
  assert.equal(openAt(ALWAYS, TH, "10:00", closures, "2026-10-01"), false);
  assert.equal(openAt(ALWAYS, TH, "10:00", closures, "2026-10-08"), true);
  assert.deepEqual(core.statusAt(core.parseWeek(ALWAYS), closures, at(TH, "10:00", "2026-10-01")),
    { closure: true, periods: [], open: false });
  assert.deepEqual(core.statusAt(core.parseWeek(PEOPLE_SQUARE), closures, at(SA, "10:00", "2026-10-10")),
    { closure: false, periods: [[540, 720]], open: true });
});

test("joinClosures joins an outlet's own closures with those of every outlet", () => {
  assert.equal(core.joinClosures("2026-10-01/2026-10-02", "2026-12-25/2026-12-25"),
    "2026-10-01/2026-10-02 2026-12-25/2026-12-25");
  assert.equal(core.joinClosures(undefined, "2026-12-25/2026-12-25"), "2026-12-25/2026-12-25");
  assert.equal(core.joinClosures("2026-10-01/2026-10-02", ""), "2026-10-01/2026-10-02");
  assert.equal(core.joinClosures(undefined, ""), "");
});

/* ---- the moment in the site's timezone --------------------------------------------------------- */

test("momentIn gives the date, weekday and minute in the site's zone, not the device's", () => {
  // 2026-03-02 is a Monday; Shanghai is UTC+8 all year.
  assert.deepEqual(core.momentIn("Asia/Shanghai", new Date("2026-03-02T01:30:00Z")),
    { date: "2026-03-02", weekday: MO, minute: 570 });
  assert.deepEqual(core.momentIn("Asia/Shanghai", new Date("2026-03-01T16:00:00Z")),
    { date: "2026-03-02", weekday: MO, minute: 0 });  // midnight is minute 0, not 24:00
  assert.deepEqual(core.momentIn("Asia/Shanghai", new Date("2026-03-01T15:59:00Z")),
    { date: "2026-03-01", weekday: SU, minute: 1439 });
  assert.deepEqual(core.momentIn("UTC", new Date("2026-03-07T12:05:00Z")),
    { date: "2026-03-07", weekday: SA, minute: 725 });
});

test("momentIn falls back to the device's zone for an unknown zone instead of failing", () => {
  const moment = core.momentIn("Not/AZone", new Date("2026-03-02T01:30:00Z"));
  assert.match(moment.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(moment.weekday >= 0 && moment.weekday <= 6);
  assert.ok(moment.minute >= 0 && moment.minute < 1440);
});

test("dayKey names the hours table's row for a weekday", () => {
  assert.equal(core.dayKey(MO), "mo");
  assert.equal(core.dayKey(SU), "su");
  assert.equal(core.dayKey(-1), undefined);
});

/* ---- texts ------------------------------------------------------------------------------------- */

test("clock and periodsText write 24-hour times", () => {
  assert.equal(core.clock(0), "00:00");
  assert.equal(core.clock(5), "00:05");
  assert.equal(core.clock(570), "09:30");
  assert.equal(core.clock(1440), "24:00");
  assert.equal(core.periodsText([[540, 720], [810, 1020]], WORDS), "09:00–12:00, 13:30–17:00");
  assert.equal(core.periodsText([], WORDS), "Closed");
});

test("todayText and statusText say what the page shows", () => {
  const week = core.parseWeek(PEOPLE_SQUARE);
  const open = core.statusAt(week, "", at(MO, "10:00"));
  const shut = core.statusAt(week, "", at(SU, "10:00"));
  const closure = core.statusAt(week, "2026-06-01/2026-06-01", at(MO, "10:00"));
  assert.equal(core.todayText(open, WORDS), "Today: 09:00–12:00, 13:30–17:00 · Open now");
  assert.equal(core.todayText(shut, WORDS), "Today: Closed · Closed now");
  assert.equal(core.todayText(closure, WORDS), "Closed today (special closure)");
  assert.equal(core.statusText(open, WORDS), "Open now");
  assert.equal(core.statusText(shut, WORDS), "Closed now");
  assert.equal(core.statusText(closure, WORDS), "Closed today (special closure)");
});

test("text fills {keys} and leaves unknown ones as written", () => {
  assert.equal(core.text("{shown} of {total}", { shown: 3, total: 40 }), "3 of 40");
  assert.equal(core.text("{km} km {away}", { km: "1.0" }), "1.0 km {away}");
  assert.equal(core.text("共 {total} 个网点", { total: 0 }), "共 0 个网点");
});

test("countText: none, all, or some of the outlets", () => {
  assert.equal(core.countText(0, 40, WORDS), "No outlet matches.");
  assert.equal(core.countText(40, 40, WORDS), "All 40 outlets shown");
  assert.equal(core.countText(3, 40, WORDS), "3 of 40 outlets shown");
});

test("wordsFrom takes the data-t-* words of an element, nothing else", () => {
  const dataset = { tz: "Asia/Shanghai", closures: "", tToday: "Today:", tOpenNow: "Open now", tCountAll: "All" };
  assert.deepEqual(core.wordsFrom(dataset), { today: "Today:", openNow: "Open now", countAll: "All" });
  assert.deepEqual(core.wordsFrom({}), {});
});

/* ---- positions and distances ------------------------------------------------------------------- */

test("latLng reads 'lat,lon' and refuses anything else", () => {
  assert.deepEqual(core.latLng("31.230400,121.473700"), [31.2304, 121.4737]);
  assert.deepEqual(core.latLng("-33.9,18.4"), [-33.9, 18.4]);
  assert.equal(core.latLng(""), null);
  assert.equal(core.latLng(undefined), null);
  assert.equal(core.latLng("31.2"), null);
  assert.equal(core.latLng("31.2,121.4,5"), null);
  assert.equal(core.latLng("north,121.4"), null);
});

test("distanceKm is the great-circle distance", () => {
  const peopleSquare = [31.2304, 121.4737];
  const tiananmen = [39.9042, 116.4074];
  assert.equal(core.distanceKm(peopleSquare, peopleSquare), 0);
  const shanghaiBeijing = core.distanceKm(peopleSquare, tiananmen);
  assert.ok(Math.abs(shanghaiBeijing - 1067.3) < 1, String(shanghaiBeijing));
  assert.equal(core.distanceKm(tiananmen, peopleSquare), shanghaiBeijing);
  // One degree along a meridian is 2πR/360; half the world round is πR.
  assert.ok(Math.abs(core.distanceKm([0, 0], [1, 0]) - 111.195) < 0.001);
  assert.ok(Math.abs(core.distanceKm([0, 0], [0, 180]) - Math.PI * 6371.0088) < 1e-6);
  // Across the date line it goes the short way.
  assert.ok(core.distanceKm([0, 179.5], [0, -179.5]) < 112);
});

test("distanceFrom, distanceText and byDistance: outlets without a position come last", () => {
  const here = [39.9836, 116.3163];
  const rows = [
    { name: "far", km: core.distanceFrom(here, [31.2304, 121.4737]) },
    { name: "none", km: core.distanceFrom(here, null) },
    { name: "near", km: core.distanceFrom(here, [39.98, 116.31]) }
  ];
  assert.deepEqual(rows.slice().sort(core.byDistance).map((r) => r.name), ["near", "far", "none"]);
  assert.equal(core.distanceText(0.6543, WORDS), "0.7 km away");
  assert.equal(core.distanceText(1067.26, WORDS), "1067.3 km away");
  assert.equal(core.distanceText(Infinity, WORDS), "No map position");
});

/* ---- search words ------------------------------------------------------------------------------ */

const PEOPLE = core.haystack(["人民广场支行", "人民大道 100 号", "黄浦区", "上海"]);
const CENTURY = core.haystack(["Century Avenue Branch 世纪大道支行", "中山路 839 号", "浦东新区", "上海"]);

test("normalise turns full-width characters to ASCII and any case to lower case", () => {
  assert.equal(core.normalise("ＡＢＣ　１２３"), "abc 123");
  assert.equal(core.normalise("Century AVENUE"), "century avenue");
  assert.equal(core.normalise("人民广场"), "人民广场");
  assert.equal(core.normalise(""), "");
  assert.equal(core.normalise(null), "");
});

test("searchTerms splits on any spaces, full-width ones included", () => {
  assert.deepEqual(core.searchTerms("  century   Avenue "), ["century", "avenue"]);
  assert.deepEqual(core.searchTerms("人民　广场"), ["人民", "广场"]);
  assert.deepEqual(core.searchTerms(""), []);
  assert.deepEqual(core.searchTerms("   "), []);
});

test("haystack skips missing texts", () => {
  assert.equal(core.haystack([null, "Road 1", undefined, "Shanghai"]), " road 1  shanghai");
});

test("Chinese words match inside words, in any order", () => {
  assert.equal(core.matchesTerms(PEOPLE, core.searchTerms("人民广场")), true);
  assert.equal(core.matchesTerms(PEOPLE, core.searchTerms("广场")), true);
  assert.equal(core.matchesTerms(PEOPLE, core.searchTerms("黄浦 人民")), true);
  assert.equal(core.matchesTerms(PEOPLE, core.searchTerms("人民 浦东")), false);
  assert.equal(core.matchesTerms(CENTURY, core.searchTerms("世纪大道")), true);
});

test("English words match in any letter case, and full-width letters and digits match ASCII", () => {
  assert.equal(core.matchesTerms(CENTURY, core.searchTerms("century avenue")), true);
  assert.equal(core.matchesTerms(CENTURY, core.searchTerms("CENTURY Avenue")), true);
  assert.equal(core.matchesTerms(CENTURY, core.searchTerms("ｃｅｎｔｕｒｙ")), true);
  assert.equal(core.matchesTerms(CENTURY, core.searchTerms("８３９")), true);
  assert.equal(core.matchesTerms(core.haystack(["ＡＢＣ Branch"]), core.searchTerms("abc")), true);
  assert.equal(core.matchesTerms(CENTURY, core.searchTerms("century road")), false);
  assert.equal(core.matchesTerms(CENTURY, []), true);
});

test("rowMatches applies every filter together", () => {
  const row = {
    city: "上海", haystack: CENTURY, services: core.keyList("cash wealth"), access: core.keyList("step-free"), open: false
  };
  const all = { terms: [], city: "", service: "", access: "", openOnly: false };
  assert.equal(core.rowMatches(row, all), true);
  assert.equal(core.rowMatches(row, { ...all, city: "上海" }), true);
  assert.equal(core.rowMatches(row, { ...all, city: "北京" }), false);
  assert.equal(core.rowMatches(row, { ...all, service: "wealth" }), true);
  assert.equal(core.rowMatches(row, { ...all, service: "loans" }), false);
  assert.equal(core.rowMatches(row, { ...all, access: "step-free" }), true);
  assert.equal(core.rowMatches(row, { ...all, access: "wheelchair" }), false);
  assert.equal(core.rowMatches(row, { ...all, openOnly: true }), false);
  assert.equal(core.rowMatches({ ...row, open: true }, { ...all, openOnly: true }), true);
  assert.equal(core.rowMatches(row, { ...all, city: "上海", terms: core.searchTerms("Century") }), true);
  assert.equal(core.rowMatches(row, { ...all, city: "上海", terms: core.searchTerms("人民") }), false);
});

test("rowMatches: a province filter keeps the outlets of that province only", () => {
  const row = { province: "浙江", city: "杭州", haystack: "", services: [], access: [], open: false };
  const all = { terms: [], province: "", city: "", service: "", access: "", openOnly: false };
  assert.equal(core.rowMatches(row, { ...all, province: "浙江" }), true);
  assert.equal(core.rowMatches(row, { ...all, province: "江苏" }), false);
});

test("keysOf and telOf read the compact data files", () => {
  assert.deepEqual(core.keysOf(5, ["cash", "cards", "loans"]), ["cash", "loans"]);
  assert.deepEqual(core.keysOf(0, ["cash"]), []);
  assert.equal(core.telOf("021-6321 0000 / 021-6321 0001"), "02163210000");
  assert.equal(core.telOf("+86 21 6321 0000"), "+862163210000");
  assert.equal(core.telOf(""), "");
});

test("cellOf and cellFile name the grid cell of a position as locator_data.py does", () => {
  assert.equal(core.cellOf([31.23, 121.47], 0.1), "312,1214");
  assert.equal(core.cellOf([-0.01, -0.01], 0.1), "-1,-1");
  assert.equal(core.cellOf([31.23, 121.47], 0.5), "62,242");
  assert.equal(core.cellFile("312,1214"), "cells/312_1214.json");
  assert.equal(core.cellFile("-1,-1"), "cells/-1_-1.json");
});

test("cellBound is never more than the distance to any point of the cell, and 0 inside it", () => {
  const here = [31.25, 121.45];
  assert.equal(core.cellBound(here, 312, 1214, 0.1), 0);
  assert.ok(Math.abs(core.cellBound(here, 313, 1214, 0.1) - 5.56) < 0.01);  // 0.05° of latitude north
  let seed = 7;
  const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let i = 0; i < 2000; i++) {
    const from = [random() * 120 - 60, random() * 300 - 150];
    const size = [0.1, 0.5, 2][i % 3];
    const row = Math.floor(from[0] / size) + Math.floor(random() * 21) - 10;
    const col = Math.floor(from[1] / size) + Math.floor(random() * 21) - 10;
    const point = [(row + random()) * size, (col + random()) * size];
    assert.ok(core.cellBound(from, row, col, size) <= core.distanceKm(from, point), JSON.stringify([from, point]));
  }
});

// Outlets spread round a few towns, as bench/generate.py places them; the cells as locator_data.py counts them.
function towns(count, seed) {
  const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  const centres = [[31.23, 121.47], [31.5, 120.3], [30.27, 120.15], [32.06, 118.8]];
  const outlets = [];
  for (let i = 0; i < count; i++) {
    const centre = centres[i % centres.length];
    const spread = 0.02 + 0.3 * random() * random();
    outlets.push({ id: i, position: [centre[0] + (random() - 0.5) * spread, centre[1] + (random() - 0.5) * spread],
      open: random() < 0.3 });
  }
  return outlets;
}

// What locator.js does: plan, load the cells asked for, plan again, until nothing is left to load.
function nearest(outlets, size, here, wanted, matches) {
  const byCell = {}, cells = {};
  outlets.forEach((o) => {
    const cell = core.cellOf(o.position, size);
    (byCell[cell] = byCell[cell] || []).push(o);
    cells[cell] = (cells[cell] || 0) + 1;
  });
  const order = core.cellOrder(core.cellList(cells, size), size, here), loaded = {};
  let plan, rounds = 0, found;
  do {
    found = [];
    plan = core.nearPlan(order, wanted, (cell) => {
      if (!loaded[cell]) { return null; }
      const mine = byCell[cell].filter(matches).map((o) => ({ id: o.id, km: core.distanceKm(here, o.position) }));
      found.push(...mine);
      return mine.map((o) => o.km);
    });
    plan.load.forEach((cell) => { loaded[cell] = true; });
    rounds += 1;
  } while (plan.load.length && rounds < 1000);
  found.sort(core.byDistance);
  return { ids: found.slice(0, wanted).map((o) => o.id), loaded: Object.keys(loaded).length, cells: order.length, rounds };
}

test("nearPlan loads cells until the nearest outlets are sure, and no more than it must", () => {
  const outlets = towns(3000, 11);
  const everyone = () => true;
  let seed = 3;
  const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let i = 0; i < 60; i++) {
    const here = [30 + random() * 3, 118.5 + random() * 3.5];
    const wanted = [1, 10, 50][i % 3];
    const open = (o) => o.open;
    for (const matches of [everyone, open]) {
      const truth = outlets.filter(matches).map((o) => ({ id: o.id, km: core.distanceKm(here, o.position) }))
        .sort(core.byDistance).slice(0, wanted).map((o) => o.id);
      const got = nearest(outlets, 0.1, here, wanted, matches);
      assert.deepEqual(got.ids, truth, JSON.stringify(here));
      assert.ok(got.rounds <= (matches === everyone ? 3 : 6), `${got.rounds} rounds, ${wanted}, ${matches === everyone}`);
    }
  }
  // In the middle of the busiest town: its own cell (and perhaps a neighbour) of the dozens of cells.
  const busy = nearest(outlets, 0.1, [31.235, 121.475], 10, everyone);
  assert.ok(busy.loaded <= 2 && busy.cells > 30 && busy.rounds <= 3, JSON.stringify(busy));
});

test("nearPlan with no cells, or fewer outlets than wanted, takes what there is", () => {
  assert.deepEqual(core.nearPlan([], 10, () => null), { cells: [], load: [] });
  const order = core.cellOrder(core.cellList({ "0,0": 2, "50,50": 1 }, 0.1), 0.1, [0.05, 0.05]);
  assert.deepEqual(order.map((entry) => entry.cell), ["0,0", "50,50"]);
  assert.deepEqual(core.nearPlan(order, 10, () => null).load, ["0,0", "50,50"]);
  assert.deepEqual(core.nearPlan(order, 2, (cell) => cell === "0,0" ? [0.1, 0.2] : null), { cells: ["0,0"], load: [] });
});

test("keyList: an outlet without keys has none that a filter could match", () => {
  assert.deepEqual(core.keyList("cash cards"), ["cash", "cards"]);
  assert.deepEqual(core.keyList(undefined), [""]);
});

/* ---- the page address -------------------------------------------------------------------------- */

test("queryString writes the filters in a fixed order and leaves empty ones out", () => {
  assert.equal(core.queryString({ q: "", city: "", service: "", access: "", open: false }), "");
  assert.equal(core.queryString({ q: " century ", city: "上海", service: "cash", access: "", open: true }),
    "q=century&city=%E4%B8%8A%E6%B5%B7&service=cash&open=1");
});

test("readQuery reads what queryString wrote", () => {
  const values = { q: "人民 广场", province: "", city: "上海", service: "", access: "step-free", open: true };
  assert.deepEqual(core.readQuery("?" + core.queryString(values)), values);
  assert.deepEqual(core.readQuery(""), { q: "", province: "", city: "", service: "", access: "", open: false });
  assert.equal(core.readQuery("?open=yes").open, false);
});

/* ---- the command the Python cross-language test runs ------------------------------------------- */

test("open_now_cli.js answers one JSON line per JSON line of cases", () => {
  const cases = [
    { h: PEOPLE_SQUARE, x: "", shared: "", date: "2026-06-01", weekday: MO, minute: 600 },
    { h: PEOPLE_SQUARE, x: "", shared: "2026-06-01/2026-06-01", date: "2026-06-01", weekday: MO, minute: 600 },
    { h: null, x: "", shared: "", date: "2026-06-01", weekday: MO, minute: 600 }
  ];
  const result = spawnSync(process.execPath, [path.join(__dirname, "open_now_cli.js")], {
    input: JSON.stringify(cases) + "\n" + JSON.stringify(cases.slice(0, 1)) + "\n", encoding: "utf8"
  });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split("\n").map((line) => JSON.parse(line)), [[true, false, false], [true]]);
});
