/* Maraude public service map: services of the configured area, filters, list, near me.
   The visitor's position never leaves the browser: services are loaded for the whole area and
   sorted here. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.t, el = R.el, hours = R.hours, card = R.card, metres = R.metres;
  var PAGE = 50;
  var state = { services: [], shown: PAGE, me: null, controller: null, markers: null };
  var langSelect = document.getElementById("lang");
  if (langSelect) langSelect.addEventListener("change", function () { langSelect.form.submit(); });
  Array.prototype.forEach.call(document.querySelectorAll("#f-language option"), function (o) {
    if (o.value) o.textContent = R.languageName(o.value);
  });

  var map = R.baseMap("map");
  var a = C.area;
  state.markers = L.layerGroup().addTo(map);
  var meMarker = null;

  var list = document.getElementById("list"), count = document.getElementById("count"), more = document.getElementById("more");

  function group(p) {
    var c = p.categories[0] || "";
    if (/police/.test(c)) return "police";
    if (/shelter|food|hygiene|social|exit|protection/.test(c)) return "social";
    return "health";
  }
  function marker(f) {
    var p = f.properties, c = f.geometry.coordinates;
    var m = L.marker([c[1], c[0]], {
      icon: L.divIcon({ className: "pin pin-" + group(p) + (p.open_now ? " pin-open" : ""), iconSize: [24, 24], iconAnchor: [12, 12], html: "" }),
      title: p.name, alt: p.name, keyboard: true, riseOnHover: true
    });
    m.bindPopup(function () { return el("div", { "class": "popup" }, [el("h3", { text: p.name })].concat(card(f))); });
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
      el("span", { "class": "title", text: p.name }),
      el("span", { "class": "state " + R.state(p), text: hours(p) })
    ]);
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
        map.setView([c[1], c[0]], Math.max(map.getZoom(), 16));
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
    return s;
  }
  function renderList() {
    var s = ordered();
    list.textContent = "";
    s.slice(0, state.shown).forEach(function (f) { list.appendChild(listItem(f)); });
    more.hidden = s.length <= state.shown;
    count.textContent = s.length === 0 ? t("No service matches these filters.") : s.length === 1 ? t("1 service") : t("{n} services", { n: s.length.toLocaleString(C.lang) });
    if (state.me) count.textContent += " — " + t("Sorted by distance from you");
  }
  more.addEventListener("click", function () {
    var first = state.shown;
    state.shown += PAGE;
    renderList();
    var next = list.children[first];
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

  function query() {
    var form = document.getElementById("filters"), params = new URLSearchParams();
    params.set("bbox", a.join(","));
    params.set("limit", "500");
    var cat = form.category.value;
    if (cat) params.append("category", cat); else C.categories.forEach(function (c) { params.append("category", c); });
    if (form.language.value) params.set("language", form.language.value);
    form.querySelectorAll("input[name=public]:checked").forEach(function (x) { params.append("public", x.value); });
    form.querySelectorAll("input[name=condition]:checked").forEach(function (x) { params.append("condition", x.value); });
    var when = form.querySelector("input[name=when]:checked").value;
    if (when === "now") params.set("open_now", "true");
    if (when === "at" && form.at.value) params.set("open_at", form.at.value + ":00");
    return params;
  }
  function load() {
    if (state.controller) state.controller.abort();
    var controller = new AbortController();
    state.controller = controller;
    state.services = [];
    state.shown = PAGE;
    state.markers.clearLayers();
    count.textContent = t("Loading services…");
    var params = query();
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
  document.getElementById("filters").addEventListener("change", function (e) {
    if (e.target.name === "at") document.querySelector("input[name=when][value=at]").checked = true;
    document.body.removeAttribute("data-loaded");
    load();
  });
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });

  document.getElementById("near-me").addEventListener("click", function () {
    if (!navigator.geolocation) { count.textContent = t("Your position could not be found."); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      state.me = [pos.coords.longitude, pos.coords.latitude];
      if (meMarker) meMarker.remove();
      meMarker = L.circleMarker([state.me[1], state.me[0]], { radius: 9, color: "#1a7f37", weight: 3, fillOpacity: 0.4 })
        .bindTooltip(t("You are here")).addTo(map);
      map.setView([state.me[1], state.me[0]], Math.max(map.getZoom(), 15));
      state.shown = PAGE;
      renderList();
    }, function () { count.textContent = t("Your position could not be found."); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  load();
})();
