/* The keys ContactKeys (theme/static/js/contact-keys.js) makes, for tests/unit/test_contact_keys_agree.py.
   Reads one JSON list of strings from stdin; writes the JSON list of [phoneKey, hostKey, textKey] for each,
   in the same order. Not a test file itself. */
"use strict";

var path = require("node:path");
var keys = require(path.join(__dirname, "..", "..", "theme", "static", "js", "contact-keys.js"));

var chunks = [];
process.stdin.on("data", function (chunk) { chunks.push(chunk); });
process.stdin.on("end", function () {
  var inputs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  process.stdout.write(JSON.stringify(inputs.map(function (text) {
    return [keys.phoneKey(text), keys.hostKey(text), keys.textKey(text)];
  })));
});
