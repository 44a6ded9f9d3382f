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
  // Made once per zone: Chromium takes some 15 ms over the first format of a zone, too long for a keystroke.
  var FORMATS = {};

  function formatIn(timezone) {
    if (!FORMATS[timezone]) {
      var options = {
        year: "numeric", month: "2-digit", day: "2-digit", weekday: "short",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      };
      try {
        FORMATS[timezone] = new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: timezone }, options));
      } catch (error) {
        FORMATS[timezone] = new Intl.DateTimeFormat("en-GB", options);
      }
    }
    return FORMATS[timezone];
  }

  function momentIn(timezone, instant) {
    var parts = {};
    formatIn(timezone).formatToParts(instant).forEach(function (part) { parts[part.type] = part.value; });
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

  /* ---- "Near me": the grid cells (locator_data.py writes a file per cell "row,column") ---------------- */

  // The cell of a position as the files write it: the same division as Python's cell_of, so both agree.
  function cellOf(position, size) {
    return Math.floor(position[0] / size) + "," + Math.floor(position[1] / size);
  }

  // "31,121" → "cells/31_121.json", under the data folder (Python's cell_file).
  function cellFile(cell) {
    return "cells/" + cell.replace(",", "_") + ".json";
  }

  // No outlet in the cell (row, col) of `size` degrees is nearer to here [lat, lon] than this many km.
  // Latitudes: an arc is at least as long as the difference of its ends' latitudes. Longitudes: the cell lies
  // beyond its nearest edge's meridian, whose great circle is asin(sin Δlon · cos lat) away (for Δlon < 90°).
  // The larger of the two bounds holds; a millimetre less allows for the rounding of the cell's edges.
  function cellBound(here, row, col, size) {
    var rad = Math.PI / 180;
    var south = row * size, north = (row + 1) * size, west = col * size, east = (col + 1) * size;
    var dLat = here[0] < south ? south - here[0] : here[0] > north ? here[0] - north : 0;
    var dLon = here[1] < west ? west - here[1] : here[1] > east ? here[1] - east : 0;
    var across = dLon >= 90 ? 0 : Math.asin(Math.sin(dLon * rad) * Math.cos(here[0] * rad));
    return Math.max(0, EARTH_RADIUS_KM * Math.max(dLat * rad, across) - 1e-6);
  }

  // The index's cells (cell → outlets in it) as [{cell, row, col, count, area}], `area` in km²: read once,
  // when the index arrives, so that "Near me" only measures.
  function cellList(cells, size) {
    var side = size * Math.PI / 180 * EARTH_RADIUS_KM;
    return Object.keys(cells).map(function (cell) {
      var parts = cell.split(",").map(Number);
      var middle = (parts[0] + 0.5) * size * Math.PI / 180;
      return {
        cell: cell, row: parts[0], col: parts[1], count: cells[cell],
        area: side * side * Math.max(Math.cos(middle), 0.01)
      };
    });
  }

  // cellList()'s cells as [{cell, bound, count, area}], nearest bound first (equal bounds in the list's order:
  // the sort is stable).
  function cellOrder(list, size, here) {
    var order = new Array(list.length);
    for (var i = 0; i < list.length; i++) {
      var entry = list[i];
      order[i] = { cell: entry.cell, bound: cellBound(here, entry.row, entry.col, size), count: entry.count, area: entry.area };
    }
    return order.sort(function (a, b) { return a.bound - b.bound; });
  }

  // The cells "Near me" needs for the `wanted` nearest matches, from cellOrder(). `distancesIn(cell)` gives
  // the distances of the matching outlets of a cell whose outlets are all loaded, or null for one still to
  // load. Cells are taken nearest bound first until one cannot hold anything nearer than the wanted-th
  // match found so far: then the list is right. While the cells still to load would be needed to have
  // `wanted` outlets at all, the bound to reach is a guess: beyond the farthest cell taken, twice the radius
  // that would hold `wanted` outlets at the cells' density, so that a visitor near a cell's edge, or between
  // towns, gets the neighbours in the first round; once they are loaded the true distances decide.
  // Returns {cells: taken, load: those to load}.
  function nearPlan(order, wanted, distancesIn) {
    var best = [];  // the `wanted` smallest distances found, ascending
    var found = 0, pending = 0, area = 0, farthest = 0, taken = [], load = [];
    for (var i = 0; i < order.length; i++) {
      var entry = order[i];
      if (found + pending >= wanted) {
        var reach = found >= wanted ? best[wanted - 1] :
          farthest + 2 * Math.sqrt(wanted * area / (Math.PI * (found + pending)));
        if (entry.bound >= reach) { break; }
      }
      var distances = distancesIn(entry.cell);
      taken.push(entry.cell);
      area += entry.area;
      farthest = entry.bound;
      if (distances === null) { load.push(entry.cell); pending += entry.count; continue; }
      found += distances.length;
      distances.forEach(function (km) { keepSmallest(best, km, wanted); });
    }
    return { cells: taken, load: load };
  }

  // Puts `value` into the ascending list `best`, which keeps at most `most` values.
  function keepSmallest(best, value, most) {
    if (best.length >= most && value >= best[best.length - 1]) { return; }
    var low = 0, high = best.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (best[mid] <= value) { low = mid + 1; } else { high = mid; }
    }
    best.splice(low, 0, value);
    if (best.length > most) { best.pop(); }
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
    cellOf: cellOf,
    cellFile: cellFile,
    cellBound: cellBound,
    cellList: cellList,
    cellOrder: cellOrder,
    nearPlan: nearPlan,
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
