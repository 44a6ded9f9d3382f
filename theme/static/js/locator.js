/* Outlet locator: search, filters, "Open now", "Near me" and a map over the list the server wrote.
   Progressive enhancement: without this script /outlets/ is a complete list and each outlet page shows its
   whole week. Filtering only toggles `hidden` on rows made once at start, so a keystroke stays cheap with
   thousands of outlets. The visitor's position is used in this page only and never sent anywhere.
   Row data (from the server): data-ll "lat,lon"; data-h the week Mo..Su as "540-720,810-1020|…" in
   minutes (empty = closed); data-s / data-a service and accessibility keys; data-x closures
   "YYYY-MM-DD/YYYY-MM-DD …". Words come from data-t-* attributes, so the theme can translate them. */
(function () {
  "use strict";

  var WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  function text(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function normalise(value) {
    return (value || "").normalize("NFKC").toLowerCase();
  }

  // Date, weekday (0 = Monday) and minute of the day in the site's timezone, whatever the device's zone.
  function nowIn(timezone) {
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
    format.formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return {
      date: parts.year + "-" + parts.month + "-" + parts.day,
      weekday: WEEKDAYS.indexOf(parts.weekday),
      minute: (Number(parts.hour) % 24) * 60 + Number(parts.minute)
    };
  }

  function parseWeek(value) {
    if (!value) { return null; }
    return value.split("|").map(function (day) {
      return day ? day.split(",").map(function (period) { return period.split("-").map(Number); }) : [];
    });
  }

  function closedOn(closures, date) {
    if (!closures) { return false; }
    return closures.split(" ").some(function (span) {
      var ends = span.split("/");
      return ends[0] <= date && date <= ends[1];
    });
  }

  function clock(minute) {
    var hours = Math.floor(minute / 60), minutes = minute % 60;
    return (hours < 10 ? "0" : "") + hours + ":" + (minutes < 10 ? "0" : "") + minutes;
  }

  // {closure, periods, open} for a week and closures at a moment from nowIn().
  function statusAt(week, closures, now) {
    if (!week) { return null; }
    if (closedOn(closures, now.date)) { return { closure: true, periods: [], open: false }; }
    var periods = week[now.weekday] || [];
    var open = periods.some(function (p) { return p[0] <= now.minute && now.minute < p[1]; });
    return { closure: false, periods: periods, open: open };
  }

  function periodsText(periods, words) {
    if (!periods.length) { return words.closed; }
    return periods.map(function (p) { return clock(p[0]) + "–" + clock(p[1]); }).join(", ");
  }

  function words(element) {
    var found = {};
    Object.keys(element.dataset).forEach(function (key) {
      if (key.indexOf("t") === 0 && key.length > 1 && key[1] === key[1].toUpperCase()) {
        var name = key.slice(1);
        found[name.charAt(0).toLowerCase() + name.slice(1)] = element.dataset[key];
      }
    });
    return found;
  }

  function latLng(value) {
    if (!value) { return null; }
    var parts = value.split(",").map(Number);
    return parts.length === 2 && isFinite(parts[0]) && isFinite(parts[1]) ? parts : null;
  }

  function distanceKm(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b[0] - a[0]) * rad / 2, dLon = (b[1] - a[1]) * rad / 2;
    var h = Math.sin(dLat) * Math.sin(dLat) +
      Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon) * Math.sin(dLon);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  // A Leaflet map. Its tile layer is added only after one probe tile has loaded: when tiles cannot be
  // had (offline, blocked, host down) the page makes one failed request instead of dozens, keeps the
  // markers on a plain background and says so in a note.
  function makeMap(element, note, manyMarkers) {
    if (!window.L || !element) { return null; }
    element.hidden = false;
    // Thousands of markers draw fast on one canvas; a single marker stays an SVG shape.
    var map = window.L.map(element, { preferCanvas: Boolean(manyMarkers), scrollWheelZoom: false });
    var template = element.dataset.tiles;
    var tiles = window.L.tileLayer(template, {
      attribution: element.dataset.attribution,
      maxZoom: Number(element.dataset.maxZoom) || 19
    });
    function noTiles() {
      if (map.hasLayer(tiles)) { map.removeLayer(tiles); }
      if (element.classList.contains("map-no-tiles")) { return; }
      element.classList.add("map-no-tiles");
      var message = document.createElement("p");
      message.className = "map-note";
      message.textContent = note;
      element.parentNode.insertBefore(message, element.nextSibling);
    }
    tiles.on("tileerror", noTiles);
    map.whenReady(function () {
      var zoom = map.getZoom();
      var tile = map.project(map.getCenter(), zoom).divideBy(256).floor();
      var probe = new Image();
      probe.onload = function () { tiles.addTo(map); };
      probe.onerror = noTiles;
      probe.src = window.L.Util.template(template, { s: "a", z: zoom, x: tile.x, y: tile.y, r: "" });
    });
    return map;
  }

  var MARKER_STYLE = { radius: 8, weight: 2, color: "#073763", fillColor: "#0b4f8a", fillOpacity: 0.85 };

  /* ---- /outlets/ -------------------------------------------------------------------------------- */

  function locator(form) {
    var t = words(form);
    var timezone = form.dataset.tz || "UTC";
    var sharedClosures = form.dataset.closures || "";
    var list = document.getElementById("locator-list");
    var nearestList = document.getElementById("locator-nearest");
    var count = document.getElementById("locator-count");
    var nearButton = document.getElementById("locator-near");
    var nearStatus = document.getElementById("locator-near-status");
    var controls = {
      q: form.elements.q, city: form.elements.city, service: form.elements.service,
      access: form.elements.access, open: form.elements.open
    };

    var groups = [];
    var rows = [];
    Array.prototype.forEach.call(list.querySelectorAll(".o-city"), function (citySection) {
      var cityName = citySection.querySelector("h2").textContent.trim();
      var cityGroup = { element: citySection, rows: [], empty: false };
      groups.push(cityGroup);
      Array.prototype.forEach.call(citySection.querySelectorAll(".o-district"), function (districtSection) {
        var districtName = districtSection.querySelector("h3").textContent.trim();
        var districtGroup = { element: districtSection, rows: [], empty: false };
        groups.push(districtGroup);
        Array.prototype.forEach.call(districtSection.querySelectorAll("li.o"), function (element) {
          var name = element.querySelector(".o-name");
          var address = element.querySelector(".o-addr");
          var row = {
            element: element,
            parent: element.parentNode,
            city: cityName,
            haystack: normalise([name && name.textContent, address && address.textContent,
              districtName, cityName].join(" ")),
            services: (element.dataset.s || "").split(" "),
            access: (element.dataset.a || "").split(" "),
            position: latLng(element.dataset.ll),
            week: parseWeek(element.dataset.h),
            closures: [element.dataset.x, sharedClosures].filter(Boolean).join(" "),
            open: false,
            visible: true,
            todayLine: null,
            distanceLine: null
          };
          rows.push(row);
          cityGroup.rows.push(row);
          districtGroup.rows.push(row);
        });
      });
    });

    function refreshToday() {
      var now = nowIn(timezone);
      rows.forEach(function (row) {
        var status = statusAt(row.week, row.closures, now);
        row.open = Boolean(status && status.open);
        if (!status) { return; }
        if (!row.todayLine) {
          row.todayLine = document.createElement("p");
          row.todayLine.className = "o-today";
          var hours = row.element.querySelector(".o-hours");
          hours.parentNode.insertBefore(row.todayLine, hours.nextSibling);
        }
        var line = status.closure ? t.closure : t.today + " " + periodsText(status.periods, t) + " · " +
          (status.open ? t.openNow : t.closedNow);
        if (row.todayLine.textContent !== line) { row.todayLine.textContent = line; }
        row.todayLine.classList.toggle("is-open", status.open);
      });
    }

    var map = null, markerLayer = null, mapTimer = 0;

    function updateMap() {
      if (!map) { return; }
      markerLayer.clearLayers();
      var bounds = [];
      rows.forEach(function (row) {
        if (row.marker && row.visible) {
          markerLayer.addLayer(row.marker);
          bounds.push(row.position);
        }
      });
      if (bounds.length) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); }
      map.getContainer().dataset.markers = String(bounds.length);
    }

    function setUpMap() {
      map = makeMap(document.getElementById("locator-map"), t.mapFailed, true);
      if (!map) { return; }
      markerLayer = window.L.layerGroup().addTo(map);
      rows.forEach(function (row) {
        if (!row.position) { return; }
        row.marker = window.L.circleMarker(row.position, MARKER_STYLE);
        row.marker.bindPopup(function () {
          // Built as nodes, never as HTML, so spreadsheet text stays text.
          var link = row.element.querySelector(".o-name a").cloneNode(true);
          var box = document.createElement("div");
          var address = document.createElement("p");
          address.textContent = row.element.querySelector(".o-addr").firstChild.textContent;
          box.appendChild(link);
          box.appendChild(address);
          return box;
        });
      });
      updateMap();
    }

    function apply() {
      var terms = normalise(controls.q.value).split(/\s+/).filter(Boolean);
      var city = controls.city.value, service = controls.service.value, access = controls.access.value;
      var openOnly = controls.open.checked;
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i];
        var visible = (!city || row.city === city) &&
          (!service || row.services.indexOf(service) !== -1) &&
          (!access || row.access.indexOf(access) !== -1) &&
          (!openOnly || row.open);
        for (var j = 0; visible && j < terms.length; j++) {
          visible = row.haystack.indexOf(terms[j]) !== -1;
        }
        // Only rows whose state changes are touched: the browser restyles nothing else.
        if (row.visible !== visible) { row.visible = visible; row.element.hidden = !visible; }
        if (visible) { shown++; }
      }
      groups.forEach(function (group) {
        var empty = !group.rows.some(function (row) { return row.visible; });
        if (group.empty !== empty) { group.empty = empty; group.element.hidden = empty; }
      });
      var message = shown === 0 ? t.none :
        shown === rows.length ? text(t.countAll, { total: rows.length }) :
        text(t.count, { shown: shown, total: rows.length });
      if (count.textContent !== message) { count.textContent = message; }
      // The address and the map follow once typing pauses, not on every key.
      window.clearTimeout(mapTimer);
      mapTimer = window.setTimeout(function () { saveQuery(); updateMap(); }, 250);
    }

    function saveQuery() {
      var params = new URLSearchParams();
      ["q", "city", "service", "access"].forEach(function (name) {
        var value = controls[name].value.trim();
        if (value) { params.set(name, value); }
      });
      if (controls.open.checked) { params.set("open", "1"); }
      var query = params.toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (address !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(null, "", address);
      }
    }

    function loadQuery() {
      var params = new URLSearchParams(window.location.search);
      controls.q.value = params.get("q") || "";
      ["city", "service", "access"].forEach(function (name) {
        var wanted = params.get(name) || "";
        var known = Array.prototype.some.call(controls[name].options, function (o) { return o.value === wanted; });
        controls[name].value = known ? wanted : "";
      });
      controls.open.checked = params.get("open") === "1";
    }

    function showNearest(position) {
      var here = [position.coords.latitude, position.coords.longitude];
      rows.forEach(function (row) { row.km = row.position ? distanceKm(here, row.position) : Infinity; });
      rows.slice().sort(function (a, b) { return a.km - b.km; }).forEach(function (row) {
        if (!row.distanceLine) {
          row.distanceLine = document.createElement("p");
          row.distanceLine.className = "o-dist";
          row.element.insertBefore(row.distanceLine, row.element.querySelector(".o-addr"));
        }
        row.distanceLine.textContent = isFinite(row.km) ? text(t.km, { km: row.km.toFixed(1) }) : t.noPosition;
        row.distanceLine.hidden = false;
        nearestList.appendChild(row.element);
      });
      list.hidden = true;
      nearestList.hidden = false;
      nearButton.setAttribute("aria-pressed", "true");
      nearStatus.textContent = t.located;
    }

    function showGrouped() {
      rows.forEach(function (row) {
        row.parent.appendChild(row.element);
        if (row.distanceLine) { row.distanceLine.hidden = true; }
      });
      nearestList.hidden = true;
      list.hidden = false;
      nearButton.setAttribute("aria-pressed", "false");
      nearStatus.hidden = true;
    }

    nearButton.addEventListener("click", function () {
      if (nearButton.getAttribute("aria-pressed") === "true") { showGrouped(); return; }
      nearStatus.hidden = false;
      if (!navigator.geolocation) { nearStatus.textContent = t.geoError; return; }
      nearStatus.textContent = t.locating;
      navigator.geolocation.getCurrentPosition(showNearest, function () {
        nearStatus.textContent = t.geoError;
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
    });

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () {
      if (nearButton.getAttribute("aria-pressed") === "true") { showGrouped(); }
      window.setTimeout(apply, 0);
    });
    window.addEventListener("popstate", function () { loadQuery(); apply(); });

    form.hidden = false;
    loadQuery();
    refreshToday();
    apply();
    setUpMap();
    // "Open now" changes as time passes: refresh every minute.
    window.setInterval(function () { refreshToday(); if (controls.open.checked) { apply(); } }, 60000);
  }

  /* ---- /outlets/<id>/ -------------------------------------------------------------------------- */

  function outletPage(article) {
    var t = words(article);
    var week = parseWeek(article.dataset.h);
    var statusLine = document.getElementById("outlet-status");
    function refresh() {
      var now = nowIn(article.dataset.tz || "UTC");
      var status = statusAt(week, article.dataset.x || "", now);
      if (!status || !statusLine) { return; }
      statusLine.textContent = status.closure ? t.closure : status.open ? t.openNow : t.closedNow;
      statusLine.classList.toggle("is-open", status.open);
      statusLine.hidden = false;
      Array.prototype.forEach.call(article.querySelectorAll(".hours-table tr[data-day]"), function (row) {
        var today = row.dataset.day === ["mo", "tu", "we", "th", "fr", "sa", "su"][now.weekday];
        row.classList.toggle("is-today", today);
        if (today) { row.setAttribute("aria-current", "date"); } else { row.removeAttribute("aria-current"); }
      });
    }
    refresh();
    window.setInterval(refresh, 60000);

    var mapElement = document.getElementById("outlet-map");
    var map = makeMap(mapElement, t.mapFailed, false);
    if (map) {
      var position = latLng(mapElement.dataset.ll);
      map.setView(position, 16);
      window.L.circleMarker(position, MARKER_STYLE).addTo(map);
    }
  }

  var form = document.getElementById("locator");
  if (form) { locator(form); }
  var article = document.querySelector("article.outlet");
  if (article) { outletPage(article); }
}());
