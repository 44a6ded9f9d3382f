/* Pure helpers of the outlet locator: opening hours and "open now", distances, search words and texts.
   No DOM here: locator.js does the page work and calls these through the one global `LocatorCore`; Node's
   tests (tests/js/) load the same file with require(). A classic script, no modules and no build step.
   "Open now" must agree with Python's OpeningHours.is_open / Outlet.is_open (plugins/outlets/model.py):
   tests/unit/test_hours_cross_language.py checks both on generated opening hours. Data formats (written
   by the server): a week Mo..Su as "540-720,810-1020|…" in minutes (empty = closed), from
   OpeningHours.compact(); closures "YYYY-MM-DD/YYYY-MM-DD …", from compact_closures(). */
(function (root) {
  "use strict";

  // Intl's short weekday names, Monday first: weekday 0 = Monday, as Python's date.weekday().
  var WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  // The day keys of opening_hours and of the hours table's data-day, in the same order.
  var DAY_KEYS = ["mo", "tu", "we", "th", "fr", "sa", "su"];
  var EARTH_RADIUS_KM = 6371.0088;

  /* ---- texts ------------------------------------------------------------------------------------ */

  // "{shown} of {total}" with {shown: 3, total: 40} → "3 of 40"; unknown {keys} stay as written.
  function text(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  // The translated words of an element: data-t-open-now="…" (dataset key tOpenNow) → {openNow: "…"}.
  function wordsFrom(dataset) {
    var found = {};
    Object.keys(dataset).forEach(function (key) {
      if (key.indexOf("t") === 0 && key.length > 1 && key[1] === key[1].toUpperCase()) {
        var name = key.slice(1);
        found[name.charAt(0).toLowerCase() + name.slice(1)] = dataset[key];
      }
    });
    return found;
  }

  /* ---- search words ----------------------------------------------------------------------------- */

  // Full-width letters and digits to ASCII (NFKC), any letter case to lower case.
  function normalise(value) {
    return (value || "").normalize("NFKC").toLowerCase();
  }

  // What a row is searched in: its texts (missing ones skipped), normalised, as one string.
  function haystack(parts) {
    return normalise(parts.join(" "));
  }

  // The words of a search box, normalised; no words → [].
  function searchTerms(query) {
    return normalise(query).split(/\s+/).filter(Boolean);
  }

  // True when every term is somewhere in the haystack (in any order, inside words too: Chinese has no spaces).
  function matchesTerms(text, terms) {
    for (var i = 0; i < terms.length; i++) {
      if (text.indexOf(terms[i]) === -1) { return false; }
    }
    return true;
  }

  // Space-separated keys of data-s / data-a → a list ("" → [""], as before: matches no real key).
  function keyList(value) {
    return (value || "").split(" ");
  }

  // Does a row pass the filters {terms, province, city, service, access, openOnly}? Empty filters let
  // everything through.
  function rowMatches(row, filters) {
    return (!filters.province || row.province === filters.province) &&
      (!filters.city || row.city === filters.city) &&
      (!filters.service || row.services.indexOf(filters.service) !== -1) &&
      (!filters.access || row.access.indexOf(filters.access) !== -1) &&
      (!filters.openOnly || row.open) &&
      matchesTerms(row.haystack, filters.terms);
  }

  // The line under the filters: none, all, or some of the outlets shown.
  function countText(shown, total, words) {
    if (shown === 0) { return words.none; }
    if (shown === total) { return text(words.countAll, { total: total }); }
    return text(words.count, { shown: shown, total: total });
  }

  /* ---- the page address ------------------------------------------------------------------------- */

  var QUERY_FIELDS = ["q", "province", "city", "service", "access"];

  // {q, province, city, service, access, open} → "q=…&city=…&open=1" (empty values left out).
  function queryString(values) {
    var params = new URLSearchParams();
    QUERY_FIELDS.forEach(function (name) {
      var value = (values[name] || "").trim();
      if (value) { params.set(name, value); }
    });
    if (values.open) { params.set("open", "1"); }
    return params.toString();
  }

  // "?q=…&open=1" → {q, province, city, service, access, open}; missing values are "" (open: false).
  function readQuery(search) {
    var params = new URLSearchParams(search);
    var values = { open: params.get("open") === "1" };
    QUERY_FIELDS.forEach(function (name) { values[name] = params.get(name) || ""; });
    return values;
  }

  /* ---- opening hours and "open now" ------------------------------------------------------------- */

  // Date "YYYY-MM-DD", weekday (0 = Monday) and minute of the day at `instant` (a Date) in the site's
  // timezone, whatever the device's zone; an unknown zone falls back to the device's.
  function momentIn(timezone, instant) {
    var parts = {};
    var options = {
      year: "numeric", month: "2-digit", day: "2-digit", weekday: "short",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    };
    var format;
    try {
      format = new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: timezone }, options));
    } catch (error) {
      format = new Intl.DateTimeFormat("en-GB", options);
    }
    format.formatToParts(instant).forEach(function (part) { parts[part.type] = part.value; });
    return {
      date: parts.year + "-" + parts.month + "-" + parts.day,
      weekday: WEEKDAYS.indexOf(parts.weekday),
      minute: (Number(parts.hour) % 24) * 60 + Number(parts.minute)
    };
  }

  // "540-720,810-1020||…" → [[[540, 720], [810, 1020]], [], …] Monday first; no value → null (hours unknown).
  function parseWeek(value) {
    if (!value) { return null; }
    return value.split("|").map(function (day) {
      return day ? day.split(",").map(function (period) { return period.split("-").map(Number); }) : [];
    });
  }

  // An outlet's own closures and those of every outlet, as one closures string.
  function joinClosures(own, shared) {
    return [own, shared].filter(Boolean).join(" ");
  }

  // Is "YYYY-MM-DD" inside one of the closures "start/end …" (both ends included)?
  function closedOn(closures, date) {
    if (!closures) { return false; }
    return closures.split(" ").some(function (span) {
      var ends = span.split("/");
      return ends[0] <= date && date <= ends[1];
    });
  }

  // Is the minute inside one of the periods? A period [open, close) includes its opening minute only.
  function openDuring(periods, minute) {
    return periods.some(function (p) { return p[0] <= minute && minute < p[1]; });
  }

  // {closure, periods, open} for a week and closures at a moment from momentIn(); null when hours are unknown.
  function statusAt(week, closures, now) {
    if (!week) { return null; }
    if (closedOn(closures, now.date)) { return { closure: true, periods: [], open: false }; }
    var periods = week[now.weekday] || [];
    return { closure: false, periods: periods, open: openDuring(periods, now.minute) };
  }

  // Open at the moment? False when the hours are unknown or a closure covers the day.
  function isOpenAt(week, closures, now) {
    var status = statusAt(week, closures, now);
    return Boolean(status && status.open);
  }

  // 540 → "09:00"; 1440 → "24:00".
  function clock(minute) {
    var hours = Math.floor(minute / 60), minutes = minute % 60;
    return (hours < 10 ? "0" : "") + hours + ":" + (minutes < 10 ? "0" : "") + minutes;
  }

  // A day's periods as "09:00–12:00, 13:30–17:00", or the word for closed.
  function periodsText(periods, words) {
    if (!periods.length) { return words.closed; }
    return periods.map(function (p) { return clock(p[0]) + "–" + clock(p[1]); }).join(", ");
  }

  // The list's line for today: "Today: 09:00–17:00 · Open now", or the closure's words.
  function todayText(status, words) {
    return status.closure ? words.closure : words.today + " " + periodsText(status.periods, words) + " · " +
      (status.open ? words.openNow : words.closedNow);
  }

  // An outlet page's status line: open now, closed now, or closed today for a closure.
  function statusText(status, words) {
    return status.closure ? words.closure : status.open ? words.openNow : words.closedNow;
  }

  // The hours table's day key for a weekday from momentIn() (0 → "mo").
  function dayKey(weekday) {
    return DAY_KEYS[weekday];
  }

  /* ---- the locator's data files (plugins/outlets/locator_data.py) --------------------------------- */

  // A bit set over a list of keys → the keys whose bits are set, in the list's order.
  function keysOf(mask, keys) {
    var found = [];
    for (var i = 0; i < keys.length; i++) {
      if (mask & (1 << i)) { found.push(keys[i]); }
    }
    return found;
  }

  // The number a tel: link dials: the first number's digits (and a leading +), as Outlet.tel in Python.
  function telOf(phone) {
    var first = phone || "";
    ["/", ";", ",", "、", " or "].forEach(function (separator) { first = first.split(separator)[0]; });
    var digits = first.replace(/[^0-9]/g, "");
    return digits && first.trim().charAt(0) === "+" ? "+" + digits : digits;
  }

  // The areas whose files hold the nearest `wanted` outlets to here [lat, lon], from the index's grid
  // (cell "row,column" → [[area, count], …], cells `size` degrees). Rings of cells are searched outwards until
  // they hold `wanted` outlets, then as far again: an outlet in a ring's corner is up to √2 rings away, so
  // nearer ones may lie in the next rings out. No cells (no positions at all) → [].
  function nearAreas(cells, size, here, wanted) {
    var keys = Object.keys(cells);
    if (!keys.length) { return []; }
    var row = Math.floor(here[0] / size), col = Math.floor(here[1] / size);
    var farthest = 0;
    keys.forEach(function (key) {
      var parts = key.split(",").map(Number);
      farthest = Math.max(farthest, Math.abs(parts[0] - row), Math.abs(parts[1] - col));
    });
    var found = {}, count = 0, enoughAt = -1;
    function visit(r, c) {
      var entries = cells[r + "," + c];
      if (!entries) { return; }
      entries.forEach(function (entry) { found[entry[0]] = true; count += entry[1]; });
    }
    for (var ring = 0; ring <= farthest; ring++) {
      if (ring === 0) { visit(row, col); }
      for (var i = -ring; i <= ring && ring > 0; i++) {
        visit(row - ring, col + i);
        visit(row + ring, col + i);
        if (i > -ring && i < ring) { visit(row + i, col - ring); visit(row + i, col + ring); }
      }
      if (enoughAt < 0 && count >= wanted) { enoughAt = ring; }
      if (enoughAt >= 0 && ring >= Math.ceil(enoughAt * Math.SQRT2) + 1) { break; }
    }
    return Object.keys(found).map(Number).sort(function (a, b) { return a - b; });
  }

  /* ---- positions and distances ------------------------------------------------------------------ */

  // "31.23,121.47" → [31.23, 121.47]; anything else → null.
  function latLng(value) {
    if (!value) { return null; }
    var parts = value.split(",").map(Number);
    return parts.length === 2 && isFinite(parts[0]) && isFinite(parts[1]) ? parts : null;
  }

  // Great-circle distance in km between two [lat, lon] (haversine, mean Earth radius).
  function distanceKm(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b[0] - a[0]) * rad / 2, dLon = (b[1] - a[1]) * rad / 2;
    var h = Math.sin(dLat) * Math.sin(dLat) +
      Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon) * Math.sin(dLon);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  // Distance from here to a position, Infinity when there is no position (sorts last).
  function distanceFrom(here, position) {
    return position ? distanceKm(here, position) : Infinity;
  }

  // "{km} km away" with one decimal, or the words for no position.
  function distanceText(km, words) {
    return isFinite(km) ? text(words.km, { km: km.toFixed(1) }) : words.noPosition;
  }

  // Nearest first, for Array.prototype.sort over objects with `km`.
  function byDistance(a, b) {
    return a.km - b.km;
  }

  var LocatorCore = {
    WEEKDAYS: WEEKDAYS,
    DAY_KEYS: DAY_KEYS,
    text: text,
    wordsFrom: wordsFrom,
    normalise: normalise,
    haystack: haystack,
    searchTerms: searchTerms,
    matchesTerms: matchesTerms,
    keyList: keyList,
    rowMatches: rowMatches,
    keysOf: keysOf,
    telOf: telOf,
    nearAreas: nearAreas,
    countText: countText,
    queryString: queryString,
    readQuery: readQuery,
    momentIn: momentIn,
    parseWeek: parseWeek,
    joinClosures: joinClosures,
    closedOn: closedOn,
    openDuring: openDuring,
    statusAt: statusAt,
    isOpenAt: isOpenAt,
    clock: clock,
    periodsText: periodsText,
    todayText: todayText,
    statusText: statusText,
    dayKey: dayKey,
    latLng: latLng,
    distanceKm: distanceKm,
    distanceFrom: distanceFrom,
    distanceText: distanceText,
    byDistance: byDistance
  };

  if (root) { root.LocatorCore = LocatorCore; }
  if (typeof module !== "undefined" && module.exports) { module.exports = LocatorCore; }
}(typeof window !== "undefined" ? window : null));
