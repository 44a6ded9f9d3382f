/* "Is it really us?": the keys of phone numbers, text senders and web addresses, and the answer to a query.
   No DOM here: contact-check.js does the page work and calls these through the one global `ContactKeys`;
   Node's tests (tests/js/) load the same file with require(). A classic script, no modules, no build step.
   phoneKey, hostKey and textKey must give what plugins/contacts/normalise.py gives (the build makes the
   keys of the spreadsheets' values with it): tests/unit/test_contact_keys_agree.py runs both on the same
   inputs. Data (written by the build, check/contacts.json): {official: [entry], warnings: [entry]}, each
   entry {kind, key, value, …texts}. */
(function (root) {
  "use strict";

  var MAX_LENGTH = 2000;  // code points; longer text is no number or address
  var INVISIBLE = /[\x00-\x20\x7f-\x9f\xad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
  var PHONE_SEPARATORS = /[\-.()\[\]\/\u2010-\u2015\u2212]/g;
  var SHORT_SERVICE = /^[19][0-9]{2,5}$/;
  var DOTS = /[\u3002\uff0e\uff61]/g;
  var SCHEME = /^(?:[a-z][a-z0-9+.\-]*:)?\/\//;
  var PORT = /:[0-9]*$/;
  var PUNYCODE_LABEL = /^xn--[a-z0-9\-]*$/;
  var SENDER_BRACKETS = /[【】\[\]〔〕()（）<>《》]/g;
  var PHONE_KINDS = ["phone", "sms"];
  var HOST_KINDS = ["website", "email-domain"];
  var TEXT_KINDS = ["sms", "wechat", "app"];

  /* ---- keys (as plugins/contacts/normalise.py) ---------------------------------------------------- */

  function prepared(text) {
    var points = Array.from(String(text).slice(0, 2 * MAX_LENGTH)).slice(0, MAX_LENGTH).join("");
    return points.normalize("NFKC").toLowerCase().replace(INVISIBLE, "");
  }

  // [the number without country code and trunk 0, whether an area code may lead it]
  function national(digits) {
    var prefixes = ["+86", "0086"];
    for (var i = 0; i < prefixes.length; i++) {
      if (digits.indexOf(prefixes[i]) === 0) { return [digits.slice(prefixes[i].length).replace(/^0+/, ""), true]; }
    }
    if (digits.charAt(0) === "+") { return [digits.slice(1), false]; }
    if (digits.indexOf("86") === 0) {
      var rest = digits.slice(2);
      if ((rest.length >= 10 && rest.length <= 11) || /^9[56][0-9]{3}$/.test(rest)) { return [rest, true]; }
    }
    if (digits.charAt(0) === "0" && digits.indexOf("00") !== 0) { return [digits.replace(/^0+/, ""), true]; }
    return [digits, false];
  }

  // '021-95533' → '95533', '+86 138 0013 8000' → '13800138000'; null when the text is no phone number.
  function phoneKey(text) {
    var digits = prepared(text).replace(PHONE_SEPARATORS, "");
    if (!/^\+?[0-9]+$/.test(digits)) { return null; }
    var found = national(digits), number = found[0];
    if (found[1] && (number.charAt(0) !== "1" || number.slice(0, 2) === "10")) {
      var area = number.slice(0, 2) === "10" || number.charAt(0) === "2" ? 2 : 3;
      if (SHORT_SERVICE.test(number.slice(area))) { return number.slice(area); }
    }
    return number || null;
  }

  // RFC 3492 decoding of the part after 'xn--'; null when it is not valid Punycode.
  function punycodeDecode(input) {
    var BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700;
    var dash = input.lastIndexOf("-");
    var output = dash === -1 ? [] : Array.from(input.slice(0, dash));
    var extended = input.slice(dash + 1).toUpperCase();
    var code = 0x80, bias = 72, position = -1, index = 0;
    while (index < extended.length) {
      var first = index === 0, delta = 0, weight = 1;
      for (var k = BASE; ; k += BASE) {
        if (index >= extended.length) { return null; }
        var c = extended.charCodeAt(index++);
        var digit = c >= 0x41 && c <= 0x5a ? c - 0x41 : c >= 0x30 && c <= 0x39 ? c - 22 : -1;
        if (digit < 0) { return null; }
        delta += digit * weight;
        if (delta > 1e15) { return null; }  // far past the last code point: Python fails on it too
        var threshold = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
        if (digit < threshold) { break; }
        weight *= BASE - threshold;
      }
      position += delta + 1;
      code += Math.floor(position / (output.length + 1));
      if (code > 0x10ffff) { return null; }
      position %= output.length + 1;
      output.splice(position, 0, String.fromCodePoint(code));
      bias = adapt(delta, first, output.length);
    }
    return output.join("");

    function adapt(value, isFirst, count) {
      value = isFirst ? Math.floor(value / DAMP) : Math.floor(value / 2);
      value += Math.floor(value / count);
      var shift = 0;
      while (value > ((BASE - TMIN) * TMAX) >> 1) { value = Math.floor(value / (BASE - TMIN)); shift += BASE; }
      return shift + Math.floor(((BASE - TMIN + 1) * value) / (value + SKEW));
    }
  }

  function decodedLabel(label) {
    if (!PUNYCODE_LABEL.test(label)) { return label; }
    var letters = punycodeDecode(label.slice(4));
    return letters ? letters.normalize("NFKC").toLowerCase() : label;
  }

  // Any address → its host: no scheme, path, query, fragment, port, 'user@', leading 'www.' or trailing dot.
  function hostKey(text) {
    var address = prepared(text).replace(/\\/g, "/").replace(DOTS, ".").replace(SCHEME, "");
    ["/", "?", "#"].forEach(function (end) {
      var at = address.indexOf(end);
      if (at !== -1) { address = address.slice(0, at); }
    });
    var host = address.slice(address.lastIndexOf("@") + 1).replace(PORT, "").replace(/^\.+|\.+$/g, "");
    var labels = host.split(".").map(decodedLabel);
    if (labels[0] === "www" && labels.length > 2) { labels = labels.slice(1); }
    return labels.join(".");
  }

  function textKey(text) {
    return prepared(text).replace(SENDER_BRACKETS, "");
  }

  /* ---- look-alike addresses ----------------------------------------------------------------------- */

  // Letters that look alike, folded to one: Cyrillic and Greek look-alikes, digits that pass for letters.
  var CONFUSABLE = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "l", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "к": "k", "м": "m", "т": "t", "в": "b", "н": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    "α": "a", "ο": "o", "ν": "v", "ι": "l", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "ε": "e", "χ": "x",
    "β": "b", "η": "n", "ɡ": "g", "ı": "l", "0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "3": "e"
  };
  var SECOND_LEVEL = ["com", "net", "org", "gov", "edu", "ac", "co"];  // com.cn, co.uk: the name is one further in

  function skeleton(host) {
    var folded = Array.from(host.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")).map(function (ch) {
      return CONFUSABLE[ch] || ch;
    }).join("");
    return folded.replace(/rn/g, "m").replace(/vv/g, "w").replace(/cl/g, "d");
  }

  // The words that name the owner: 'examplebank' of examplebank.example and of examplebank.com.cn; of a
  // sub-domain such as portal.example.org every label before the ending, 'portalexample'.
  function ownerName(domain) {
    var labels = domain.split(".");
    var ending = 1;
    if (labels.length > 2 && SECOND_LEVEL.indexOf(labels[labels.length - 2]) !== -1 &&
        labels[labels.length - 1].length === 2) { ending = 2; }
    return labels.slice(0, Math.max(labels.length - ending, 1)).join("");
  }

  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) { previous.push(j); }
    for (i = 1; i <= a.length; i++) {
      current = [i];
      for (j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return previous[b.length];
  }

  // Does host imitate the official domain? (A host within the domain is official, never asked here.)
  function imitates(host, domain) {
    var fake = skeleton(host), real = skeleton(domain), name = skeleton(ownerName(domain));
    if (fake === real || editDistance(fake, real, 2) <= 2) { return true; }
    if (name.length >= 4 && fake.replace(/[.\-]/g, "").indexOf(name) !== -1) { return true; }
    var limit = name.length >= 7 ? 2 : name.length >= 4 ? 1 : 0;
    var pieces = [];
    fake.split(".").forEach(function (label) { pieces.push(label.replace(/-/g, "")); pieces = pieces.concat(label.split("-")); });
    return limit > 0 && pieces.some(function (piece) { return piece && editDistance(piece, name, limit) <= limit; });
  }

  /* ---- the answer --------------------------------------------------------------------------------- */

  function ofKinds(entries, kinds) {
    return (entries || []).filter(function (entry) { return kinds.indexOf(entry.kind) !== -1; });
  }

  function within(host, domain) {
    return host === domain || host.slice(-domain.length - 1) === "." + domain;
  }

  function looksLikeAddress(text) {
    return /[.@。．｡]|:\/\//.test(text);
  }

  /* {verdict: "official"|"warning"|"lookalike"|"unknown", entry, imitated} for what a reader typed.
     A warning that names the exact value wins over everything: the list was written for that case. */
  function answer(query, data) {
    var official = data.official || [], warnings = data.warnings || [];
    var phone = phoneKey(query), text = textKey(query), host = looksLikeAddress(query) ? hostKey(query) : "";
    function exact(entries) {
      return ofKinds(entries, PHONE_KINDS).filter(function (e) { return phone && e.key === phone; })[0] ||
        ofKinds(entries, HOST_KINDS).filter(function (e) { return host && e.key === host; })[0] ||
        ofKinds(entries, TEXT_KINDS).filter(function (e) { return text && e.key === text; })[0];
    }
    function under(entries) {
      return ofKinds(entries, HOST_KINDS).filter(function (e) { return host && within(host, e.key); })[0];
    }
    var found = exact(warnings);
    if (found) { return { verdict: "warning", entry: found }; }
    found = exact(official) || under(official);
    if (found) { return { verdict: "official", entry: found }; }
    found = under(warnings);
    if (found) { return { verdict: "warning", entry: found }; }
    if (host && host.indexOf(".") !== -1) {
      var domains = ofKinds(official, HOST_KINDS);
      for (var i = 0; i < domains.length; i++) {
        if (imitates(host, domains[i].key)) { return { verdict: "lookalike", entry: domains[i] }; }
      }
    }
    return { verdict: "unknown", entry: null };
  }

  var ContactKeys = {
    phoneKey: phoneKey, hostKey: hostKey, textKey: textKey, punycodeDecode: punycodeDecode,
    skeleton: skeleton, ownerName: ownerName, editDistance: editDistance, imitates: imitates, answer: answer
  };
  if (root) { root.ContactKeys = ContactKeys; }
  if (typeof module !== "undefined" && module.exports) { module.exports = ContactKeys; }
}(typeof window !== "undefined" ? window : null));
