/* "Open now?" from LocatorCore, for tests/unit/test_hours_cross_language.py.

   Reads lines from stdin, each a JSON list of cases
     {"h": "540-720||…" or null, "x": "2026-10-01/2026-10-07 …", "shared": "…",
      "date": "YYYY-MM-DD", "weekday": 0..6 (0 = Monday), "minute": 0..1439}
   and writes one line per input line: the JSON list of answers (true = open), in the same order.
   "h" is data-h (OpeningHours.compact(), null when the page has no data-h), "x" data-x and "shared" the
   list page's data-closures; they are joined as locator.js joins them. One process answers many lines, so
   a test can keep it running: `node tests/js/open_now_cli.js < cases.jsonl`. Not a test file itself. */
"use strict";

var path = require("node:path");
var readline = require("node:readline");
var core = require(path.join(__dirname, "..", "..", "theme", "static", "js", "locator-core.js"));

function answer(item) {
  var week = core.parseWeek(item.h);
  var closures = core.joinClosures(item.x, item.shared);
  return core.isOpenAt(week, closures, { date: item.date, weekday: item.weekday, minute: item.minute });
}

function main() {
  var lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", function (line) {
    if (!line.trim()) { return; }
    process.stdout.write(JSON.stringify(JSON.parse(line).map(answer)) + "\n");
  });
}

if (require.main === module) { main(); }

module.exports = { answer: answer };
