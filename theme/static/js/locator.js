/* Outlet locator: search, filters, "Open now", "Near me" and a map over the list the server wrote.
   Progressive enhancement: without this script /outlets/ is a complete list and each outlet page shows its
   whole week. Filtering only toggles `hidden` on rows made once at start, so a keystroke stays cheap with
   thousands of outlets. The visitor's position is used in this page only and never sent anywhere.
   Row data (from the server): data-ll "lat,lon"; data-h the week Mo..Su as "540-720,810-1020|…" in
   minutes (empty = closed); data-s / data-a service and accessibility keys; data-x closures
   "YYYY-MM-DD/YYYY-MM-DD …". Words come from data-t-* attributes, so the theme can translate them.
   This file does the page work only; hours, distances and search words are computed by locator-core.js
   (the global LocatorCore, loaded before this script). */
(function () {
  "use strict";

  var core = window.LocatorCore;
  if (!core) { return; }  // without its helpers the page stays as the server wrote it, which is complete

  var MARKER_STYLE = { radius: 8, weight: 2, color: "#073763", fillColor: "#0b4f8a", fillOpacity: 0.85 };
  var MINUTE = 60000;
  var TYPING_PAUSE = 250;

  function each(nodes, callback) {
    Array.prototype.forEach.call(nodes, callback);
  }

  function now(timezone) {
    return core.momentIn(timezone, new Date());
  }

  function setText(element, value) {
    if (element.textContent !== value) { element.textContent = value; }
  }

  /* ---- maps ------------------------------------------------------------------------------------- */

  // Grey background and a note instead of tiles; once.
  function showNoTiles(map, tiles, element, note) {
    if (map.hasLayer(tiles)) { map.removeLayer(tiles); }
    if (element.classList.contains("map-no-tiles")) { return; }
    element.classList.add("map-no-tiles");
    var message = document.createElement("p");
    message.className = "map-note";
    message.textContent = note;
    element.parentNode.insertBefore(message, element.nextSibling);
  }

  // Load the tile under the map's centre; the tile layer is added only when it came.
  function probeTiles(map, tiles, template, onFailure) {
    var zoom = map.getZoom();
    var tile = map.project(map.getCenter(), zoom).divideBy(256).floor();
    var probe = new Image();
    probe.onload = function () { tiles.addTo(map); };
    probe.onerror = onFailure;
    probe.src = window.L.Util.template(template, { s: "a", z: zoom, x: tile.x, y: tile.y, r: "" });
  }

  // A Leaflet map. Its tile layer is added only after one probe tile has loaded: when tiles cannot be
  // had (offline, blocked, host down) the page makes one failed request instead of dozens, keeps the
  // markers on a plain background and says so in a note.
  function makeMap(element, note, manyMarkers) {
    if (!element) { return null; }
    if (!window.L) { element.style.display = "none"; return null; }  // its room was kept (js-on.js) in vain
    element.hidden = false;
    // Thousands of markers draw fast on one canvas; a single marker stays an SVG shape.
    var map = window.L.map(element, { preferCanvas: Boolean(manyMarkers), scrollWheelZoom: false });
    var template = element.dataset.tiles;
    var tiles = window.L.tileLayer(template, {
      attribution: element.dataset.attribution,
      maxZoom: Number(element.dataset.maxZoom) || 19
    });
    function noTiles() { showNoTiles(map, tiles, element, note); }
    tiles.on("tileerror", noTiles);
    map.whenReady(function () { probeTiles(map, tiles, template, noTiles); });
    return map;
  }

  /* ---- /outlets/: the rows ---------------------------------------------------------------------- */

  function textOf(element) {
    return element && element.textContent;
  }

  function makeRow(element, cityName, districtName, sharedClosures) {
    return {
      element: element,
      parent: element.parentNode,
      city: cityName,
      haystack: core.haystack([textOf(element.querySelector(".o-name")), textOf(element.querySelector(".o-addr")),
        districtName, cityName]),
      services: core.keyList(element.dataset.s),
      access: core.keyList(element.dataset.a),
      position: core.latLng(element.dataset.ll),
      week: core.parseWeek(element.dataset.h),
      closures: core.joinClosures(element.dataset.x, sharedClosures),
      open: false,
      visible: true,
      todayLine: null,
      distanceLine: null
    };
  }

  function makeGroup(element) {
    return { element: element, rows: [], empty: false };
  }

  // Rows in the server's order, and the city and district sections each belongs to.
  function collectRows(list, sharedClosures) {
    var groups = [], rows = [];
    each(list.querySelectorAll(".o-city"), function (citySection) {
      var cityName = citySection.querySelector("h2").textContent.trim();
      var cityGroup = makeGroup(citySection);
      groups.push(cityGroup);
      each(citySection.querySelectorAll(".o-district"), function (districtSection) {
        var districtName = districtSection.querySelector("h3").textContent.trim();
        var districtGroup = makeGroup(districtSection);
        groups.push(districtGroup);
        each(districtSection.querySelectorAll("li.o"), function (element) {
          var row = makeRow(element, cityName, districtName, sharedClosures);
          rows.push(row);
          cityGroup.rows.push(row);
          districtGroup.rows.push(row);
        });
      });
    });
    return { groups: groups, rows: rows };
  }

  /* ---- /outlets/: today's hours ----------------------------------------------------------------- */

  function todayLineOf(row) {
    if (!row.todayLine) {
      row.todayLine = document.createElement("p");
      row.todayLine.className = "o-today";
      var hours = row.element.querySelector(".o-hours");
      hours.parentNode.insertBefore(row.todayLine, hours.nextSibling);
    }
    return row.todayLine;
  }

  function refreshRowToday(row, moment, t) {
    var status = core.statusAt(row.week, row.closures, moment);
    row.open = Boolean(status && status.open);
    if (!status) { return; }
    var line = todayLineOf(row);
    setText(line, core.todayText(status, t));
    line.classList.toggle("is-open", status.open);
  }

  function refreshToday(state) {
    var moment = now(state.timezone);
    state.rows.forEach(function (row) { refreshRowToday(row, moment, state.t); });
  }

  /* ---- /outlets/: the map ----------------------------------------------------------------------- */

  function updateMap(state) {
    if (!state.map) { return; }
    state.markerLayer.clearLayers();
    var bounds = [];
    state.rows.forEach(function (row) {
      if (row.marker && row.visible) {
        state.markerLayer.addLayer(row.marker);
        bounds.push(row.position);
      }
    });
    if (bounds.length) { state.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); }
    state.map.getContainer().dataset.markers = String(bounds.length);
  }

  // Built as nodes, never as HTML, so spreadsheet text stays text.
  function popupFor(row) {
    var link = row.element.querySelector(".o-name a").cloneNode(true);
    var box = document.createElement("div");
    var address = document.createElement("p");
    address.textContent = row.element.querySelector(".o-addr").firstChild.textContent;
    box.appendChild(link);
    box.appendChild(address);
    return box;
  }

  function addMarker(row) {
    if (!row.position) { return; }
    row.marker = window.L.circleMarker(row.position, MARKER_STYLE);
    row.marker.bindPopup(function () { return popupFor(row); });
  }

  function setUpMap(state) {
    state.map = makeMap(document.getElementById("locator-map"), state.t.mapFailed, true);
    if (!state.map) { return; }
    state.markerLayer = window.L.layerGroup().addTo(state.map);
    state.rows.forEach(addMarker);
    updateMap(state);
  }

  /* ---- /outlets/: filters and the address ------------------------------------------------------- */

  function currentFilters(controls) {
    return {
      terms: core.searchTerms(controls.q.value),
      city: controls.city.value,
      service: controls.service.value,
      access: controls.access.value,
      openOnly: controls.open.checked
    };
  }

  // Shows the matching rows, hides the others; returns how many are shown.
  function filterRows(rows, filters) {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var visible = core.rowMatches(row, filters);
      // Only rows whose state changes are touched: the browser restyles nothing else.
      if (row.visible !== visible) { row.visible = visible; row.element.hidden = !visible; }
      if (visible) { shown++; }
    }
    return shown;
  }

  // A city or district with no row shown is hidden with its heading.
  function updateGroups(groups) {
    groups.forEach(function (group) {
      var empty = !group.rows.some(function (row) { return row.visible; });
      if (group.empty !== empty) { group.empty = empty; group.element.hidden = empty; }
    });
  }

  function queryValues(controls) {
    return {
      q: controls.q.value, city: controls.city.value, service: controls.service.value,
      access: controls.access.value, open: controls.open.checked
    };
  }

  function saveQuery(controls) {
    var query = core.queryString(queryValues(controls));
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", address);
    }
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function loadQuery(controls) {
    var values = core.readQuery(window.location.search);
    controls.q.value = values.q;
    ["city", "service", "access"].forEach(function (name) {
      controls[name].value = hasOption(controls[name], values[name]) ? values[name] : "";
    });
    controls.open.checked = values.open;
  }

  function apply(state) {
    var shown = filterRows(state.rows, currentFilters(state.controls));
    updateGroups(state.groups);
    setText(state.count, core.countText(shown, state.rows.length, state.t));
    // The address and the map follow once typing pauses, not on every key.
    window.clearTimeout(state.mapTimer);
    state.mapTimer = window.setTimeout(function () { saveQuery(state.controls); updateMap(state); }, TYPING_PAUSE);
  }

  /* ---- /outlets/: "Near me" --------------------------------------------------------------------- */

  function distanceLineOf(row) {
    if (!row.distanceLine) {
      row.distanceLine = document.createElement("p");
      row.distanceLine.className = "o-dist";
      row.element.insertBefore(row.distanceLine, row.element.querySelector(".o-addr"));
    }
    return row.distanceLine;
  }

  function showNearest(state, position) {
    var here = [position.coords.latitude, position.coords.longitude];
    state.rows.forEach(function (row) { row.km = core.distanceFrom(here, row.position); });
    state.rows.slice().sort(core.byDistance).forEach(function (row) {
      var line = distanceLineOf(row);
      line.textContent = core.distanceText(row.km, state.t);
      line.hidden = false;
      state.nearestList.appendChild(row.element);
    });
    state.list.hidden = true;
    state.nearestList.hidden = false;
    state.nearButton.setAttribute("aria-pressed", "true");
    state.nearStatus.textContent = state.t.located;
  }

  function showGrouped(state) {
    state.rows.forEach(function (row) {
      row.parent.appendChild(row.element);
      if (row.distanceLine) { row.distanceLine.hidden = true; }
    });
    state.nearestList.hidden = true;
    state.list.hidden = false;
    state.nearButton.setAttribute("aria-pressed", "false");
    state.nearStatus.hidden = true;
  }

  function nearPressed(state) {
    return state.nearButton.getAttribute("aria-pressed") === "true";
  }

  function toggleNear(state) {
    if (nearPressed(state)) { showGrouped(state); return; }
    state.nearStatus.hidden = false;
    if (!navigator.geolocation) { state.nearStatus.textContent = state.t.geoError; return; }
    state.nearStatus.textContent = state.t.locating;
    navigator.geolocation.getCurrentPosition(function (position) { showNearest(state, position); }, function () {
      state.nearStatus.textContent = state.t.geoError;
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  }

  /* ---- /outlets/ -------------------------------------------------------------------------------- */

  function controlsOf(form) {
    return {
      q: form.elements.q, city: form.elements.city, service: form.elements.service,
      access: form.elements.access, open: form.elements.open
    };
  }

  function listen(state) {
    var form = state.form;
    function update() { apply(state); }
    state.nearButton.addEventListener("click", function () { toggleNear(state); });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(state); });
    form.addEventListener("reset", function () {
      if (nearPressed(state)) { showGrouped(state); }
      window.setTimeout(update, 0);
    });
    window.addEventListener("popstate", function () { loadQuery(state.controls); apply(state); });
  }

  function locator(form) {
    var list = document.getElementById("locator-list");
    var found = collectRows(list, form.dataset.closures || "");
    var state = {
      form: form,
      t: core.wordsFrom(form.dataset),
      timezone: form.dataset.tz || "UTC",
      list: list,
      nearestList: document.getElementById("locator-nearest"),
      count: document.getElementById("locator-count"),
      nearButton: document.getElementById("locator-near"),
      nearStatus: document.getElementById("locator-near-status"),
      controls: controlsOf(form),
      groups: found.groups,
      rows: found.rows,
      map: null,
      markerLayer: null,
      mapTimer: 0
    };
    listen(state);
    form.hidden = false;
    loadQuery(state.controls);
    refreshToday(state);
    apply(state);
    setUpMap(state);
    // "Open now" changes as time passes: refresh every minute.
    window.setInterval(function () {
      refreshToday(state);
      if (state.controls.open.checked) { apply(state); }
    }, MINUTE);
  }

  /* ---- /outlets/<id>/ -------------------------------------------------------------------------- */

  function markToday(article, weekday) {
    each(article.querySelectorAll(".hours-table tr[data-day]"), function (row) {
      var today = row.dataset.day === core.dayKey(weekday);
      row.classList.toggle("is-today", today);
      if (today) { row.setAttribute("aria-current", "date"); } else { row.removeAttribute("aria-current"); }
    });
  }

  function refreshOutlet(article, week, t, statusLine) {
    var moment = now(article.dataset.tz || "UTC");
    var status = core.statusAt(week, article.dataset.x || "", moment);
    if (!status || !statusLine) { return; }
    statusLine.textContent = core.statusText(status, t);
    statusLine.classList.toggle("is-open", status.open);
    statusLine.hidden = false;
    markToday(article, moment.weekday);
  }

  function outletMap(t) {
    var mapElement = document.getElementById("outlet-map");
    var map = makeMap(mapElement, t.mapFailed, false);
    if (!map) { return; }
    var position = core.latLng(mapElement.dataset.ll);
    map.setView(position, 16);
    window.L.circleMarker(position, MARKER_STYLE).addTo(map);
  }

  function outletPage(article) {
    var t = core.wordsFrom(article.dataset);
    var week = core.parseWeek(article.dataset.h);
    var statusLine = document.getElementById("outlet-status");
    function refresh() { refreshOutlet(article, week, t, statusLine); }
    refresh();
    window.setInterval(refresh, MINUTE);
    outletMap(t);
  }

  var form = document.getElementById("locator");
  if (form) { locator(form); }
  var article = document.querySelector("article.outlet");
  if (article) { outletPage(article); }
}());
