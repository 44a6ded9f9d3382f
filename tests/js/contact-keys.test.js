/* ContactKeys (theme/static/js/contact-keys.js) under Node's own test runner: `node --test tests/js/`.
   The page itself is tested in tests/browser/test_check_page.py; agreement of the keys with the build's
   Python in tests/unit/test_contact_keys_agree.py. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const keys = require(path.join(__dirname, "..", "..", "theme", "static", "js", "contact-keys.js"));

// As the build writes check/contacts.json (plugins/contacts/model.py Contact.shown, Warning.shown).
const DATA = {
  official: [
    { kind: "phone", key: "95533", value: "95533", label: "Customer service" },
    { kind: "sms", key: "examplebank", value: "【ExampleBank】", label: "Texts" },
    { kind: "website", key: "examplebank.example", value: "examplebank.example", label: "Online banking" },
    { kind: "website", key: "portal.example.org", value: "portal.example.org", label: "This guide" },
    { kind: "app", key: "examplebank", value: "Example Bank", label: "App" }
  ],
  warnings: [
    { kind: "phone", key: "2155500199", value: "021-5550-0199", pretends: "Security department" },
    { kind: "website", key: "refund-center.test", value: "refund-center.test", pretends: "Refund office" }
  ]
};

function verdict(query) {
  return keys.answer(query, DATA).verdict;
}

test("one number in any form is the same number", () => {
  for (const form of ["95533", "021-95533", "(010) 95533", "+86 10 95533", "0086 21 95533", "９５５３３", " 95 533 "]) {
    assert.equal(keys.phoneKey(form), "95533", form);
    assert.equal(verdict(form), "official", form);
  }
  for (const form of ["+86 138 0013 8000", "0086 13800138000", "86-138-0013-8000", "138.0013.8000"]) {
    assert.equal(keys.phoneKey(form), "13800138000", form);
  }
  assert.equal(verdict("+86 21 5550 0199"), "warning");
});

test("an ordinary landline keeps its area code: the city is part of the number", () => {
  assert.equal(keys.phoneKey("021 6123 4567"), "2161234567");
  assert.equal(keys.phoneKey("6123 4567"), "61234567");
});

test("an address in any form is its host", () => {
  for (const form of [
    "examplebank.example", "https://www.examplebank.example/login?x=1#top", "EXAMPLEBANK.EXAMPLE.",
    "http://examplebank.example:8080", "examplebank。example", "//examplebank.example/"
  ]) {
    assert.equal(keys.hostKey(form), "examplebank.example", form);
    assert.equal(verdict(form), "official", form);
  }
});

test("a real sub-domain is official, a warning's sub-domain is a warning", () => {
  assert.equal(verdict("https://login.examplebank.example/"), "official");
  assert.equal(verdict("pay.refund-center.test/claim"), "warning");
});

test("user@host shows the real host: the part before @ does not count", () => {
  assert.equal(keys.hostKey("https://examplebank.example@refund-center.test/"), "refund-center.test");
  assert.equal(verdict("https://examplebank.example@refund-center.test/"), "warning");
  assert.equal(verdict("http://examplebank.example@evil.invalid"), "unknown");
});

test("look-alikes of an official domain are named as such", () => {
  for (const fake of [
    "examp1ebank.example", "exarnplebank.example", "examplebank-secure.com", "secure-examplebank.cn",
    "examplebank.com.secure-login.top", "examplebank.com-verify.xyz", "examplebnak.example",
    "exampiebank.example", "examplebank.example.evil.top", "еxamplebank.example" /* Cyrillic е */,
    "xn--xamplebank-l8i.example", "portal.examp1e.org", "examp-lebank.top"
  ]) {
    assert.equal(verdict(fake), "lookalike", fake);
  }
  const found = keys.answer("examp1ebank.example", DATA);
  assert.equal(found.entry.value, "examplebank.example");
});

test("unrelated addresses and texts are unknown", () => {
  for (const other of ["weather.example.net", "news.test", "bank.test", "12345", "hello", "https://a.b/c"]) {
    assert.equal(verdict(other), "unknown", other);
  }
});

test("a sender name matches whatever its brackets and case", () => {
  assert.equal(verdict("【ExampleBank】"), "official");
  assert.equal(verdict("example bank"), "official");
});

test("Punycode decodes as RFC 3492 says, and refuses what is not Punycode", () => {
  assert.equal(keys.punycodeDecode("80ak6aa92e"), "аррӏе");
  assert.equal(keys.punycodeDecode("bcher-kva"), "bücher");
  assert.equal(keys.punycodeDecode("99999999999999"), null);
  assert.equal(keys.punycodeDecode("a-"), "a");
});

test("hostile input never throws and gives an answer", () => {
  const hostile = [
    "", " ", "\u0000\u0001\u001b[31m", "<img src=x onerror=alert(1)>", "\u202e\u200f95533", "\ud800", "\udfff.test",
    "a".repeat(1_000_000), "9".repeat(100_000), ".".repeat(10_000), "@".repeat(10_000), "xn--".repeat(1000),
    "-".repeat(5000) + ".com", "é".repeat(3000) + ".example"
  ];
  for (const text of hostile) {
    const found = keys.answer(text, DATA);
    assert.ok(["official", "warning", "lookalike", "unknown"].includes(found.verdict));
  }
  assert.equal(verdict("\u202e\u200f95533"), "official");  // direction marks do not hide a number
});
