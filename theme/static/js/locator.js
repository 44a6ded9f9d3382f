/* Outlet locator: search, filters, "Open now", "Near me" and a map over every outlet, on /outlets/.
   Progressive enhancement: without this script /outlets/ lists the provinces and cities, whose pages list
   every outlet, and each outlet page shows its whole week. The script loads the outlets it needs from
   /outlets/data/ (plugins/outlets/locator_data.py): the index at start, then one area's file for a province
   or city, the grid cells' files around the visitor for "Near me" (nearest first, until the ten nearest are
   sure), every area once for a search across the country. An outlet is one record however many files
   brought it, and a cell whose outlets all came in area files needs no file of its own.
   At most PAGE_SIZE results are drawn at a time ("Show more" adds the next), so a keystroke over 40,000
   outlets stays cheap; the map clusters its markers (Leaflet.markercluster). The visitor's position is used
   in this page only and never sent anywhere. Words come from data-t-* attributes, so the theme can translate
   them. Hours, distances and search words are computed by locator-core.js (the global LocatorCore, loaded
   before this script). */
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
    // maxZoom on the map itself: marker clusters need it before the tile layer (added after the probe) gives it.
    var maxZoom = Number(element.dataset.maxZoom) || 19;
    var map = window.L.map(element, { preferCanvas: Boolean(manyMarkers), scrollWheelZoom: false, maxZoom: maxZoom });
    var template = element.dataset.tiles;
    var tiles = window.L.tileLayer(template, { attribution: element.dataset.attribution, maxZoom: maxZoom });
    function noTiles() { showNoTiles(map, tiles, element, note); }
    tiles.on("tileerror", noTiles);
    map.whenReady(function () { probeTiles(map, tiles, template, noTiles); });
    return map;
  }

  /* ---- /outlets/: the data ---------------------------------------------------------------------- */

  var COUNTRY_VIEW = [35, 105];
  var PAGE_SIZE = 50;  // results drawn at a time
  var MAP_CHUNK = 1000;  // markers made and added to the map in one task
  var NEAR_SURE = 10;  // "Near me" loads cells until this many nearest matches are sure ("Show more": all shown)
  var NEAR_MOST_FILES = 40;  // more cells to load than this (a rare filter nearby): every area's file instead

  function fetchJson(url) {
    return window.fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  // An area's or a cell's file's rows → outlet records the filters and the list read. An outlet already
  // brought by another file keeps its record; a new one with a position joins its cell's records.
  function recordsOf(state, shard) {
    var index = state.index;
    return shard.outlets.map(function (row) {
      if (state.byId[row[0]]) { return state.byId[row[0]]; }
      var district = shard.districts[row[3]];
      var city = index.cities[district[1]];
      var hours = row[7] >= 0 ? state.weeks[row[7]] : null;
      var record = {
        id: row[0], name: row[1], address: row[2], district: district[0], city: city[0],
        province: index.areas[city[1]][0],
        phone: row[4], position: row[5] === null ? null : [row[5], row[6]], week: hours,
        services: core.keysOf(row[8], index.services), access: core.keysOf(row[9], index.access),
        closures: core.joinClosures(row[10], index.closures), km: Infinity, element: null, marker: null,
        // Worked out when a search first needs them, not when the file arrives: "Near me" waits for no text.
        haystack: null, open: false, openAt: ""
      };
      state.byId[record.id] = record;
      if (record.position) {
        var cell = core.cellOf(record.position, index.cell);
        (state.cellRecords[cell] = state.cellRecords[cell] || []).push(record);
      }
      return record;
    });
  }

  // Makes sure the record's search text and "open" state are there for these filters at this minute.
  function prepare(record, filters, moment, stamp) {
    if (filters.terms.length && record.haystack === null) {
      record.haystack = core.haystack([record.name, record.address, record.district, record.city, record.province]);
    }
    if (moment && record.openAt !== stamp) {
      record.open = core.isOpenAt(record.week, record.closures, moment);
      record.openAt = stamp;
    }
  }

  // Starts loading the areas' files not yet asked for; true when all of them are here.
  function ensureAreas(state, areaIndexes) {
    var ready = true;
    areaIndexes.forEach(function (areaIndex) {
      if (state.records[areaIndex]) { return; }
      ready = false;
      if (state.loading[areaIndex]) { return; }
      state.loading[areaIndex] = fetchJson(state.dataUrl + state.index.areas[areaIndex][3]).then(function (shard) {
        state.records[areaIndex] = recordsOf(state, shard);
        scheduleApply(state);
      }).catch(function () {
        state.failed = true;
        setText(state.count, state.t.loadFailed);
      });
    });
    return ready;
  }

  // Every outlet of the cell is here: its own file came, or the area files holding all of them.
  function cellComplete(state, cell) {
    return Boolean(state.cellDone[cell]) || (state.cellRecords[cell] || []).length >= state.index.cells[cell];
  }

  // Starts loading the cells' files not yet asked for.
  function ensureCells(state, cells) {
    cells.forEach(function (cell) {
      if (state.cellLoading[cell]) { return; }
      state.cellLoading[cell] = fetchJson(state.dataUrl + core.cellFile(cell)).then(function (shard) {
        recordsOf(state, shard);
        state.cellDone[cell] = true;
        scheduleApply(state);
      }).catch(function () {
        state.failed = true;
        setText(state.count, state.t.loadFailed);
      });
    });
  }

  // "Near me" without a province or city: the matches in the cells around the visitor, nearest first, and
  // whether they are sure (core.nearPlan says which cells that takes; the missing ones are loaded).
  function nearMatches(state, filters, moment, stamp) {
    var here = state.here, index = state.index;
    if (state.nearFor !== here) {
      state.nearOrder = core.cellOrder(state.cellList, index.cell, here);
      state.nearFor = here;
    }
    var matches = [];
    var wanted = state.limit > PAGE_SIZE ? state.limit : NEAR_SURE;
    var plan = core.nearPlan(state.nearOrder, wanted, function (cell) {
      if (!cellComplete(state, cell)) { return null; }
      var distances = [], records = state.cellRecords[cell] || [];
      for (var i = 0; i < records.length; i++) {
        prepare(records[i], filters, moment, stamp);
        if (core.rowMatches(records[i], filters)) {
          records[i].km = core.distanceFrom(here, records[i].position);
          matches.push(records[i]);
          distances.push(records[i].km);
        }
      }
      return distances;
    });
    if (plan.load.length > NEAR_MOST_FILES) {
      ensureAreas(state, allAreas(state));  // they complete every cell
    } else {
      ensureCells(state, plan.load);
    }
    var taken = 0;
    plan.cells.forEach(function (cell) { taken += index.cells[cell]; });
    state.nearBeyond = state.positioned - taken;  // outlets in cells farther out: "Show more" can reach them
    matches.sort(core.byDistance);
    return { matches: matches, ready: plan.load.length === 0 };
  }

  function allAreas(state) {
    return state.index.areas.map(function (_area, areaIndex) { return areaIndex; });
  }

  // The areas a search needs: the chosen province's or city's, or all of them.
  function areasFor(state, filters) {
    var index = state.index;
    var chosen = index.areas.findIndex(function (area) { return area[0] === filters.province; });
    if (chosen >= 0) { return [chosen]; }
    var city = index.cities.find(function (entry) { return entry[0] === filters.city; });
    if (city) {
      return index.cities.filter(function (entry) { return entry[0] === filters.city; })
        .map(function (entry) { return entry[1]; });
    }
    return allAreas(state);
  }

  /* ---- /outlets/: today's hours ----------------------------------------------------------------- */

  function refreshToday(state) {
    var moment = now(state.timezone);
    state.matches.slice(0, state.limit).forEach(function (record) { if (record.element) { todayLine(state, record, moment); } });
  }

  function todayLine(state, record, moment) {
    var line = record.element.querySelector(".o-today");
    var status = core.statusAt(record.week, record.closures, moment);
    if (!status) { line.hidden = true; return; }
    setText(line, core.todayText(status, state.t));
    line.classList.toggle("is-open", status.open);
    line.hidden = false;
  }

  /* ---- /outlets/: the results ------------------------------------------------------------------- */

  function paragraph(className, value) {
    var element = document.createElement("p");
    element.className = className;
    if (value) { element.textContent = value; }
    return element;
  }

  // Built as nodes, never as HTML, so spreadsheet text stays text; the same classes as an area page's rows.
  function resultRow(state, record) {
    var item = document.createElement("li");
    item.className = "o";
    var heading = document.createElement("h3");
    heading.className = "o-name";
    var link = document.createElement("a");
    link.href = state.site + "outlets/" + record.id + "/";
    link.textContent = record.name;
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(paragraph("o-dist"));
    var address = paragraph("o-addr", record.address + ", " + record.district + ", " + record.city);
    var tel = core.telOf(record.phone);
    if (record.phone && tel) {
      var phone = document.createElement("a");
      phone.href = "tel:" + tel;
      phone.textContent = record.phone;
      address.appendChild(document.createTextNode(" · "));
      address.appendChild(phone);
    }
    item.appendChild(address);
    item.appendChild(paragraph("o-today"));
    if (record.services.length) { item.appendChild(paragraph("o-svc", labelsOf(state.labels.service, record.services))); }
    if (record.access.length) { item.appendChild(paragraph("o-acc", labelsOf(state.labels.access, record.access))); }
    return item;
  }

  function labelsOf(labels, keys) {
    return keys.map(function (key) { return labels[key] || key; }).join(", ");
  }

  function optionLabels(select) {
    var labels = {};
    each(select.options, function (option) { if (option.value) { labels[option.value] = option.textContent; } });
    return labels;
  }

  function showResults(state) {
    var moment = now(state.timezone);
    var fragment = document.createDocumentFragment();
    state.matches.slice(0, state.limit).forEach(function (record) {
      if (!record.element) { record.element = resultRow(state, record); }
      var distance = record.element.querySelector(".o-dist");
      distance.hidden = !state.here;
      if (state.here) { setText(distance, core.distanceText(record.km, state.t)); }
      todayLine(state, record, moment);
      fragment.appendChild(record.element);
    });
    state.list.replaceChildren(fragment);
    var rest = state.matches.length - state.limit + (state.nearBeyond || 0);
    state.more.hidden = rest <= 0;
    if (rest > 0) { setText(state.more, core.text(state.more.dataset.tMore, { count: Math.min(rest, PAGE_SIZE) })); }
  }

  /* ---- /outlets/: filters and the address ------------------------------------------------------- */

  function currentFilters(controls) {
    return {
      terms: core.searchTerms(controls.q.value),
      province: controls.province.value,
      city: controls.city.value,
      service: controls.service.value,
      access: controls.access.value,
      openOnly: controls.open.checked
    };
  }

  function isActive(state, filters) {
    return Boolean(filters.terms.length || filters.province || filters.city || filters.service ||
      filters.access || filters.openOnly || state.here);
  }

  function queryValues(controls) {
    return {
      q: controls.q.value, province: controls.province.value, city: controls.city.value,
      service: controls.service.value, access: controls.access.value, open: controls.open.checked
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
    ["province", "city", "service", "access"].forEach(function (name) {
      controls[name].value = hasOption(controls[name], values[name]) ? values[name] : "";
    });
    controls.open.checked = values.open;
    limitCities(controls);
  }

  // The city list offers the chosen province's cities only.
  function limitCities(controls) {
    var province = controls.province.value;
    each(controls.city.options, function (option) {
      option.hidden = Boolean(province && option.value && option.dataset.province !== province);
    });
    var chosen = controls.city.selectedOptions[0];
    if (chosen && chosen.hidden) { controls.city.value = ""; }
  }

  // Once for files arriving together, as soon as the current task is done (not at the next frame: the
  // visitor who pressed "Near me" is waiting for exactly this).
  function scheduleApply(state) {
    if (state.applyPending) { return; }
    state.applyPending = true;
    window.setTimeout(function () { state.applyPending = false; apply(state, false); }, 0);
  }

  function apply(state, fromInput) {
    if (!state.index) { return; }  // not here yet: its arrival applies the filters as they are then
    var filters = currentFilters(state.controls);
    if (fromInput) { state.limit = PAGE_SIZE; }
    window.clearTimeout(state.mapTimer);
    if (!isActive(state, filters)) {
      state.matches = [];
      state.results.hidden = true;
      state.areasNav.hidden = false;
      setText(state.count, state.allText);
      state.mapTimer = window.setTimeout(function () { saveQuery(state.controls); showAreasOnMap(state); }, TYPING_PAUSE);
      return;
    }
    var moment = filters.openOnly ? now(state.timezone) : null;
    var stamp = moment ? moment.date + " " + moment.minute : "";
    var matches = [], ready;
    state.nearBeyond = 0;
    if (state.here && !filters.province && !filters.city && state.positioned) {  // no positions: as below
      var near = nearMatches(state, filters, moment, stamp);
      matches = near.matches;
      ready = near.ready;
    } else {
      var needed = areasFor(state, filters);
      ready = ensureAreas(state, needed);
      needed.forEach(function (areaIndex) {
        var records = state.records[areaIndex] || [];
        for (var i = 0; i < records.length; i++) {
          prepare(records[i], filters, moment, stamp);
          if (core.rowMatches(records[i], filters)) { matches.push(records[i]); }
        }
      });
      if (state.here) {
        var here = state.here;
        matches.forEach(function (record) { record.km = core.distanceFrom(here, record.position); });
        matches.sort(core.byDistance);
      }
    }
    state.matches = matches;
    state.results.hidden = false;
    state.areasNav.hidden = true;
    showResults(state);
    if (!state.failed) {
      setText(state.count, ready ? core.countText(matches.length, state.index.total, state.t) : state.t.loading);
    }
    state.form.dataset.ready = String(ready);
    // The address and the map follow once typing pauses, not on every key.
    state.mapTimer = window.setTimeout(function () { saveQuery(state.controls); showMatchesOnMap(state); }, TYPING_PAUSE);
  }

  /* ---- /outlets/: the map ----------------------------------------------------------------------- */

  // A cluster's bubble counts outlets, also when a marker stands for a whole area (its `count`).
  function clusterIcon(cluster) {
    var count = cluster.getAllChildMarkers().reduce(function (sum, marker) { return sum + (marker.options.count || 1); }, 0);
    return countIcon(count);
  }

  function countIcon(count) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var inner = document.createElement("div");
    var label = document.createElement("span");
    label.textContent = String(count);
    inner.appendChild(label);
    return window.L.divIcon({ html: inner.outerHTML, className: "marker-cluster marker-cluster-" + size, iconSize: [40, 40] });
  }

  // Map bubbles take no Tab stop (keyboard: false): the area links and the result list beside the map are
  // the keyboard's way to every outlet, and bubbles arriving with the data would shift the Tab order.
  function markerLayer() {
    if (window.L.MarkerCluster) { window.L.MarkerCluster.mergeOptions({ keyboard: false }); }
    if (window.L.markerClusterGroup) {
      return window.L.markerClusterGroup({ showCoverageOnHover: false, iconCreateFunction: clusterIcon });
    }
    return window.L.layerGroup();  // the cluster script did not load: plain markers, the list unaffected
  }

  // Built as nodes, never as HTML, so spreadsheet text stays text.
  function popupFor(state, record) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = state.site + "outlets/" + record.id + "/";
    link.textContent = record.name;
    box.appendChild(link);
    box.appendChild(paragraph("", record.address));
    return box;
  }

  function markerOf(state, record) {
    if (!record.marker) {
      record.marker = window.L.circleMarker(record.position, MARKER_STYLE);
      record.marker.bindPopup(function () { return popupFor(state, record); });
    }
    return record.marker;
  }

  // Markers are made and added MAP_CHUNK at a time, a task each, so tens of thousands never hold up typing;
  // a newer search stops an older one's filling. data-markers says how many once all are on the map.
  function fillMap(state, items, markerFor, bounds) {
    var generation = ++state.mapGeneration;
    var container = state.map.getContainer();
    delete container.dataset.markers;
    state.markers.clearLayers();
    if (bounds.length) { state.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); }
    var next = 0, added = 0;
    function addChunk() {
      if (generation !== state.mapGeneration) { return; }
      var chunk = [];
      for (var end = Math.min(next + MAP_CHUNK, items.length); next < end; next++) {
        var marker = markerFor(items[next]);
        if (marker) { chunk.push(marker); }
      }
      added += chunk.length;
      if (state.markers.addLayers) { state.markers.addLayers(chunk); } else { chunk.forEach(function (m) { state.markers.addLayer(m); }); }
      if (next < items.length) { window.setTimeout(addChunk, 0); return; }
      container.dataset.markers = markerFor === areaMarker ? "areas" : String(added);
    }
    addChunk();
  }

  function areaMarker(item) {
    var area = item.area;
    if (area[4] === null) { return null; }
    var marker = window.L.marker([area[4], area[5]], { icon: countIcon(area[2]), count: area[2], title: area[0], keyboard: false });
    marker.on("click", function () { window.location.href = item.site + area[1]; });
    return marker;
  }

  // Before any search: one marker per area, its count on it; a click opens the area's page.
  function showAreasOnMap(state) {
    if (!state.map) { return; }
    var items = state.index.areas.map(function (area) { return { area: area, site: state.site }; });
    var bounds = state.index.areas.filter(function (area) { return area[4] !== null; })
      .map(function (area) { return [area[4], area[5]]; });
    fillMap(state, items, areaMarker, bounds);
  }

  function showMatchesOnMap(state) {
    if (!state.map) { return; }
    var bounds = [];
    state.matches.forEach(function (record) { if (record.position) { bounds.push(record.position); } });
    fillMap(state, state.matches, function (record) { return record.position ? markerOf(state, record) : null; }, bounds);
  }

  function setUpMap(state) {
    state.map = makeMap(document.getElementById("locator-map"), state.t.mapFailed, true);
    if (!state.map) { return; }
    state.map.setView(COUNTRY_VIEW, 4);  // until the markers' bounds are known
    state.markers = markerLayer().addTo(state.map);
  }

  /* ---- /outlets/: "Near me" --------------------------------------------------------------------- */

  function nearPressed(state) {
    return state.nearButton.getAttribute("aria-pressed") === "true";
  }

  function nearOff(state) {
    state.here = null;
    state.nearButton.setAttribute("aria-pressed", "false");
    state.nearStatus.hidden = true;
  }

  function toggleNear(state) {
    if (nearPressed(state)) { nearOff(state); apply(state, true); return; }
    state.nearStatus.hidden = false;
    if (!navigator.geolocation) { state.nearStatus.textContent = state.t.geoError; return; }
    state.nearStatus.textContent = state.t.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      state.here = [position.coords.latitude, position.coords.longitude];
      state.nearButton.setAttribute("aria-pressed", "true");
      state.nearStatus.textContent = state.t.located;
      apply(state, true);
    }, function () {
      state.nearStatus.textContent = state.t.geoError;
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  }

  /* ---- /outlets/ -------------------------------------------------------------------------------- */

  function controlsOf(form) {
    return {
      q: form.elements.q, province: form.elements.province, city: form.elements.city,
      service: form.elements.service, access: form.elements.access, open: form.elements.open
    };
  }

  function listen(state) {
    var form = state.form;
    function update() { apply(state, true); }
    state.nearButton.addEventListener("click", function () { toggleNear(state); });
    state.controls.province.addEventListener("change", function () { limitCities(state.controls); });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("reset", function () {
      nearOff(state);
      window.setTimeout(function () { limitCities(state.controls); update(); }, 0);
    });
    // A search across the country needs every area: start loading when the visitor starts to type.
    state.controls.q.addEventListener("focus", function () {
      if (state.index) { ensureAreas(state, allAreas(state)); }
    }, { once: true });
    state.more.addEventListener("click", function () {
      state.limit += PAGE_SIZE;
      if (state.here) { apply(state, false); } else { showResults(state); }  // near: the next ones may need cells
    });
    window.addEventListener("popstate", function () { loadQuery(state.controls); update(); });
  }

  // The form is shown at once, like the map; the outlets it searches follow the index, which comes next.
  function locator(form) {
    var state = {
      form: form,
      t: core.wordsFrom(form.dataset),
      timezone: form.dataset.tz || "UTC",
      site: form.dataset.site || "/",
      dataUrl: form.dataset.data,
      index: null,
      weeks: [],
      records: [],
      loading: {},
      byId: {},
      cellRecords: {},
      cellLoading: {},
      cellDone: {},
      positioned: 0,
      cellList: [],
      nearOrder: null,
      nearFor: null,
      nearBeyond: 0,
      failed: false,
      matches: [],
      limit: PAGE_SIZE,
      here: null,
      count: document.getElementById("locator-count"),
      allText: document.getElementById("locator-count").textContent,
      results: document.getElementById("locator-results"),
      list: document.getElementById("locator-list"),
      more: document.getElementById("locator-more"),
      areasNav: document.getElementById("locator-areas"),
      nearButton: document.getElementById("locator-near"),
      nearStatus: document.getElementById("locator-near-status"),
      controls: controlsOf(form),
      labels: null,
      map: null,
      markers: null,
      mapTimer: 0,
      mapGeneration: 0,
      applyPending: false
    };
    state.labels = { service: optionLabels(state.controls.service), access: optionLabels(state.controls.access) };
    listen(state);
    form.hidden = false;
    loadQuery(state.controls);
    setUpMap(state);
    fetchJson(form.dataset.index).then(function (index) {
      state.index = index;
      state.weeks = index.hours.map(core.parseWeek);
      state.records = index.areas.map(function () { return null; });
      state.cellList = core.cellList(index.cells, index.cell);
      state.positioned = state.cellList.reduce(function (sum, entry) { return sum + entry.count; }, 0);
      apply(state, true);
      now(state.timezone);  // the zone's first use is slow (formatIn): paid now, not at the first search
    }).catch(function () {
      // Without the index the form cannot search: the list of areas below it is complete, and says so.
      form.hidden = true;
      setText(state.count, state.t.loadFailed);
    });
    // "Open now" changes as time passes: refresh every minute.
    window.setInterval(function () {
      refreshToday(state);
      if (state.controls.open.checked) { apply(state, false); }
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
