/* Maraude public service map: services of the configured area, filters, list, near me.
   The visitor's position never leaves the browser: services are loaded for the whole area and
   sorted here. An area holding too many services to load at once (C.tiled) is loaded by fixed
   tiles of the web-map grid, the same for everyone looking at that part of the map: grouped
   counts below the detail zoom, every service from it on. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.t, el = R.el, hours = R.hours, card = R.card, metres = R.metres;
  var PAGE = 50;
  var state = { services: [], lines: [], shown: PAGE, me: null, controller: null, markers: null, grouped: false };
  var langSelect = document.getElementById("lang");
  if (langSelect) langSelect.addEventListener("change", function () { langSelect.form.submit(); });
  Array.prototype.forEach.call(document.querySelectorAll("#f-language option"), function (o) {
    if (o.value) o.textContent = R.languageName(o.value);
  });

  var form = document.getElementById("filters");
  var presets = C.presets || {};
  /* An embed made for several kinds of service shows them all at first; its menu offers
     those kinds only. */
  (function kindsOfTheEmbed() {
    var select = form.category;
    if (!C.categories.length) return;
    Array.prototype.slice.call(select.options).forEach(function (o) {
      if (o.value && C.categories.indexOf(o.value) < 0) o.remove();
    });
    select.value = C.categories.length === 1 ? C.categories[0] : "";
    if (C.categories.length > 1) select.options[0].textContent = t("All the kinds shown here ({n})", { n: C.categories.length });
  })();
  if (C.preselect && !C.categories.length) form.category.value = C.preselect;
  (presets.publics || []).forEach(function (v) { var x = form.querySelector("input[name=public][value='" + v + "']"); if (x) x.checked = true; });
  (presets.conditions || []).forEach(function (v) { var x = form.querySelector("input[name=condition][value='" + v + "']"); if (x) x.checked = true; });
  if (presets.language) form.language.value = presets.language;

  var map = R.baseMap("map");
  var a = C.area;
  state.markers = L.layerGroup().addTo(map);
  R.legend(map);
  var meMarker = null, wayLayer = L.layerGroup().addTo(map);

  var list = document.getElementById("list"), count = document.getElementById("count"), more = document.getElementById("more");

  function marker(f) {
    var p = f.properties, c = f.geometry.coordinates;
    var m = L.marker([c[1], c[0]], {
      icon: R.pin(p), title: p.name + " — " + R.kinds(p), alt: p.name, keyboard: true, riseOnHover: true
    });
    m.bindPopup(function () { return el("div", { "class": "popup" }, [el("h3", {}, [el("bdi", { text: p.name })])].concat(card(f))); },
      { autoPanPaddingTopLeft: [52, 8] });  // clear of the zoom buttons
    /* A long card (a notice, "full until", a warning) scrolls inside a popup that fits in the
       map beside the zoom buttons, so that no side of it is cut off on a phone. */
    m.on("popupopen", function (e) {
      var size = map.getSize(), o = e.popup.options;
      var tallest = Math.max(160, size.y - 70), widest = Math.max(180, Math.min(300, size.x - 100));
      if (o.maxHeight !== tallest || o.maxWidth !== widest) { o.maxHeight = tallest; o.maxWidth = widest; e.popup.update(); }
    });
    m.on("click", function () { highlight(f.id); });
    return m;
  }
  function highlight(id) {
    var item = document.getElementById("s-" + id);
    if (!item) return;
    Array.prototype.forEach.call(list.querySelectorAll(".current"), function (x) { x.classList.remove("current"); });
    item.classList.add("current");
  }
  function listItem(f) {
    var p = f.properties;
    var details = el("div", { "class": "details", id: "d-" + f.id, hidden: "" }, card(f));
    var head = el("button", { type: "button", "class": "name", "aria-expanded": "false", "aria-controls": "d-" + f.id }, [
      el("bdi", { "class": "title", text: p.name }),
      el("span", { "class": "kind", text: R.kinds(p) }),
      el("span", { "class": "state " + R.state(p), text: hours(p) })
    ]);
    var town = [p.postcode, p.city].filter(Boolean).join(" ");
    if (town) head.appendChild(el("bdi", { "class": "town", text: town }));
    var stale = R.staleMark(p);
    if (stale) head.appendChild(stale);
    if (state.me && f.geometry) head.appendChild(el("span", { "class": "far", text: t("{distance} away", { distance: metres(f._d) }) }));
    head.addEventListener("click", function () {
      var open = head.getAttribute("aria-expanded") === "true";
      head.setAttribute("aria-expanded", open ? "false" : "true");
      if (open) details.setAttribute("hidden", ""); else details.removeAttribute("hidden");
    });
    var item = el("li", { id: "s-" + f.id, "class": "service" }, [head, details]);
    if (f.geometry) {
      var show = el("button", { type: "button", "class": "link", text: t("Show on map") });
      show.addEventListener("click", function () {
        var c = f.geometry.coordinates;
        /* At once, so that the popup opened next pans into view (a move under way stops it). */
        map.setView([c[1], c[0]], Math.max(map.getZoom(), 16), { animate: false });
        if (f._m) f._m.openPopup();
      });
      details.appendChild(show);
    }
    return item;
  }
  function ordered() {
    var s = state.services.slice();
    if (state.me) {
      s.forEach(function (f) { f._d = f.geometry ? R.haversine(state.me, f.geometry.coordinates) : Infinity; });
      s.sort(function (x, y) { return x._d - y._d; });
    }
    return state.grouped ? R.byGroup(s) : s;
  }
  function renderList() {
    var s = ordered();
    list.textContent = "";
    var kinds = chosenKinds(), topics = kinds.length === 1 ? (C.infoTopics || {})[kinds[0]] || [] : [];
    if (topics.length) {
      list.appendChild(el("li", { "class": "learn" }, [document.createTextNode(t("Learn more:") + " ")].concat(topics.map(function (x, i) {
        return el("span", {}, [i ? document.createTextNode(" · ") : null,
          el("a", { href: "/info/" + x[0] + "?lang=" + C.lang, target: window.top !== window ? "_blank" : "_self", rel: "noopener", text: x[1] })]);
      }))));
    }
    if (state.lines.length) {
      list.appendChild(el("li", { "class": "group-title" }, [el("h3", { text: t("Call first") })]));
      state.lines.forEach(function (f) { list.appendChild(R.phoneLineItem(f, true)); });
    }
    var last = null;
    s.slice(0, state.shown).forEach(function (f) {
      var g = f.properties.opening_group;
      if (state.grouped && g !== last) {
        list.appendChild(el("li", { "class": "group-title group-" + g }, [el("h3", { text: R.groupTitle(g) })]));
        last = g;
      }
      list.appendChild(listItem(f));
    });
    more.hidden = s.length <= state.shown;
    if (s.length === 0) count.textContent = state.lines.length ? t("No place to go to here: call the lines above.") : t("No service matches these filters.");
    else count.textContent = t("{n, plural, one {# service} other {# services}}", { n: s.length });
    if (state.me) count.textContent += " — " + t("Sorted by distance from you");
  }
  more.addEventListener("click", function () {
    var first = list.querySelectorAll("li.service:not(.phone-line)").length;
    state.shown += PAGE;
    renderList();
    var next = list.querySelectorAll("li.service:not(.phone-line)")[first];
    if (next) next.querySelector("button").focus();
  });

  /* Markers are added in slices so the first ones show at once, even with thousands. */
  function addMarkers(features) {
    var i = 0;
    (function slice() {
      var end = Math.min(i + 400, features.length);
      for (; i < end; i++) if (features[i].geometry) { features[i]._m = marker(features[i]); state.markers.addLayer(features[i]._m); }
      if (i < features.length) requestAnimationFrame(slice);
    })();
  }

  function chosenKinds() {
    var cat = form.category.value;
    return cat ? [cat] : C.categories.slice();
  }
  function query() {
    var params = new URLSearchParams();
    params.set("bbox", a.join(","));
    params.set("limit", "500");
    var kinds = chosenKinds();
    kinds.forEach(function (c) { params.append("category", c); });
    if (form.language.value) params.set("language", form.language.value);
    form.querySelectorAll("input[name=public]:checked").forEach(function (x) { params.append("public", x.value); });
    form.querySelectorAll("input[name=condition]:checked").forEach(function (x) { params.append("condition", x.value); });
    var when = form.querySelector("input[name=when]:checked").value;
    if (when === "now") params.set("open_now", "true");
    if (when === "at" && form.at.value) params.set("open_at", form.at.value + ":00");
    state.grouped = when !== "any";
    return params;
  }
  function loadLines(controller) {
    var kinds = chosenKinds();
    state.lines = [];
    if (!kinds.length) return;
    var params = new URLSearchParams();
    params.set("reach", "phone");
    params.set("limit", "50");
    kinds.forEach(function (c) { params.append("category", c); });
    fetch("/api/v1/services?" + params.toString(), { signal: controller.signal, headers: { Accept: "application/geo+json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (body) {
        if (controller !== state.controller) return;
        state.lines = body.features.filter(function (f) { return f.properties.phone; });
        renderList();
      })
      .catch(function () { /* the lines are also in the emergency strip */ });
  }
  function load() {
    if (state.controller) state.controller.abort();
    var controller = new AbortController();
    state.controller = controller;
    state.services = [];
    state.shown = PAGE;
    state.markers.clearLayers();
    wayLayer.clearLayers();
    count.textContent = t("Loading services…");
    var params = query();
    loadLines(controller);
    if (T) { tiles.key = null; refreshTiles(); return; }
    (function page(cursor) {
      if (cursor) params.set("cursor", cursor);
      fetch("/api/v1/services?" + params.toString(), { signal: controller.signal, headers: { Accept: "application/geo+json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (body) {
          if (controller !== state.controller) return;
          state.services = state.services.concat(body.features);
          addMarkers(body.features);
          renderList();
          if (body.next_cursor) page(body.next_cursor); else document.body.setAttribute("data-loaded", "true");
        })
        .catch(function (e) { if (e.name !== "AbortError") count.textContent = t("The services could not be loaded. Try again in a moment."); });
    })(null);
  }

  /* Tiles: the fixed grid's tiles that cover the view, at the map's zoom below the detail
     zoom (groups with their count), at the detail zoom from it on (services). Each tile is
     asked for once per set of filters. */
  var T = C.tiled, tiles = { key: null, detail: {}, groups: {} }, groupLayer = null;
  function tileRange(z, bounds) {
    var n = Math.pow(2, z);
    function col(lon) { return Math.max(0, Math.min(n - 1, Math.floor((lon + 180) / 360 * n))); }
    function row(lat) {
      lat = Math.max(-85.05, Math.min(85.05, lat));
      var r = lat * Math.PI / 180;
      return Math.max(0, Math.min(n - 1, Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n)));
    }
    return { z: z, x0: col(bounds.getWest()), x1: col(bounds.getEast()), y0: row(bounds.getNorth()), y1: row(bounds.getSouth()) };
  }
  function eachTile(range, fn) {
    for (var x = range.x0; x <= range.x1; x++) for (var y = range.y0; y <= range.y1; y++) fn(range.z + "/" + x + "/" + y);
  }
  function tileParams(detail) {
    var params = query();
    params.delete("bbox"); params.delete("limit");
    if (!detail) Array.from(params.keys()).forEach(function (k) { if (k !== "category") params.delete(k); });
    return params.toString();
  }
  function fetchTile(path, params, controller) {
    return fetch("/tiles/services/" + path + ".geojson" + (params ? "?" + params : ""), { signal: controller.signal, headers: { Accept: "application/geo+json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }
  function loadedServices() {
    var seen = {}, all = [];
    Object.keys(tiles.detail).forEach(function (k) {
      (tiles.detail[k] || []).forEach(function (f) { if (!seen[f.id]) { seen[f.id] = true; all.push(f); } });
    });
    return all;
  }
  function showDetail() {
    var inView = map.getBounds().pad(0.1), all = loadedServices();
    /* Near me: every service loaded, nearest first; else those in view. */
    state.services = state.me ? all : all.filter(function (f) {
      return f.geometry && inView.contains([f.geometry.coordinates[1], f.geometry.coordinates[0]]);
    });
    state.markers.clearLayers();
    addMarkers(all);
    renderList();
  }
  function groupMarker(f) {
    var c = f.geometry.coordinates, n = f.properties.count;
    var label = t("{n, plural, one {# service} other {# services}}", { n: n });
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 50;
    var m = L.marker([c[1], c[0]], {
      icon: L.divIcon({ className: "group-pin", html: "<span>" + (n < 10000 ? n : Math.round(n / 1000) + "k") + "</span>", iconSize: [size, size] }),
      title: label, alt: label, keyboard: true, zIndexOffset: Math.min(n, 100000)  // the larger on top
    });
    m.on("click", function () { map.setView([c[1], c[0]], Math.min(map.getZoom() + 2, T.detail)); });
    return m;
  }
  function showGroups(keys) {
    groupLayer.clearLayers();
    var total = 0;
    keys.forEach(function (k) {
      (tiles.groups[k] || []).forEach(function (f) { total += f.properties.count; groupLayer.addLayer(groupMarker(f)); });
    });
    state.services = [];
    state.markers.clearLayers();
    list.textContent = "";
    list.appendChild(el("li", { "class": "learn", text: t("Zoom in to list the services here.") }));
    more.hidden = true;
    count.textContent = t("{n, plural, one {# service} other {# services}}", { n: total });
  }
  function refreshTiles(extra) {
    var controller = state.controller, z = Math.round(map.getZoom());
    var detail = z >= T.detail, params = tileParams(detail);
    var key = params + (detail ? "" : "|groups");
    if (tiles.key !== key) { tiles.key = key; tiles.detail = {}; tiles.groups = {}; }
    var range = tileRange(detail ? T.detail : z, map.getBounds()), wanted = [];
    eachTile(range, function (k) { wanted.push(k); });
    (extra || []).forEach(function (k) { if (wanted.indexOf(k) < 0) wanted.push(k); });
    if (!detail) { state.markers.clearLayers(); } else { groupLayer.clearLayers(); }
    var store = detail ? tiles.detail : tiles.groups;
    var missing = wanted.filter(function (k) { return !(k in store); });
    function draw() {
      if (controller !== state.controller) return;
      if (detail) showDetail(); else showGroups(wanted);
      if (!missing.length || wanted.every(function (k) { return k in store; })) document.body.setAttribute("data-loaded", "true");
    }
    if (!missing.length) { draw(); return Promise.resolve(); }
    count.textContent = t("Loading services…");
    return Promise.all(missing.map(function (k) {
      return fetchTile(k, params, controller).then(function (body) { if (tiles.key === key) store[k] = body.features; draw(); });
    })).catch(function (e) { if (e.name !== "AbortError") count.textContent = t("The services could not be loaded. Try again in a moment."); });
  }
  /* Near me at any zoom: the detail tiles of the coarse tile (zoom T.near) holding the
     position, the same for everyone in it; the position itself stays here. */
  function nearTiles() {
    var n = Math.pow(2, T.near), lon = state.me[0], lat = state.me[1], r = lat * Math.PI / 180;
    var x = Math.floor((lon + 180) / 360 * n), y = Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
    var f = Math.pow(2, T.detail - T.near), keys = [];
    for (var i = 0; i < f; i++) for (var j = 0; j < f; j++) keys.push(T.detail + "/" + (x * f + i) + "/" + (y * f + j));
    return keys;
  }
  if (T) {
    groupLayer = L.layerGroup().addTo(map);
    map.on("moveend", function () { if (state.controller) refreshTiles(); });
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "at") document.querySelector("input[name=when][value=at]").checked = true;
    document.body.removeAttribute("data-loaded");
    load();
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  function locate(then) {
    if (!navigator.geolocation) { count.textContent = t("Your position could not be found."); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      state.me = [pos.coords.longitude, pos.coords.latitude];
      if (meMarker) meMarker.remove();
      meMarker = L.circleMarker([state.me[1], state.me[0]], { radius: 9, color: "#1a7f37", weight: 3, fillOpacity: 0.4 })
        .bindTooltip(t("You are here")).addTo(map);
      state.shown = PAGE;
      renderList();
      then();
    }, function () { count.textContent = t("Your position could not be found."); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }
  document.getElementById("near-me").addEventListener("click", function () {
    locate(function () {
      if (T) {
        map.setView([state.me[1], state.me[0]], Math.max(map.getZoom(), 15), { animate: false });
        refreshTiles(nearTiles());
        return;
      }
      map.setView([state.me[1], state.me[0]], Math.max(map.getZoom(), 15));
    });
  });

  /* "Show the way" where no map application or directions site can take over: the straight
     line from the visitor's position (which stays in this browser), with its length. */
  R.showWay = function (f) {
    locate(function () {
      var c = f.geometry.coordinates;
      wayLayer.clearLayers();
      L.polyline([[state.me[1], state.me[0]], [c[1], c[0]]], { color: "#1a7f37", weight: 4, dashArray: "8 6" })
        .bindTooltip(t("As the crow flies: {distance}", { distance: metres(R.haversine(state.me, c)) }), { permanent: true })
        .addTo(wayLayer);
      map.closePopup();
      map.fitBounds([[state.me[1], state.me[0]], [c[1], c[0]]], { padding: [40, 40], maxZoom: 17 });
    });
  };

  load();
})();
