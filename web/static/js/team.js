/* Maraude team map: the association's zones, nearest open services "from here" with an
   orientation sheet, and for coordinators the week's plan. Calls the same JSON API as any
   client, with the session cookie. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.t, el = R.el;
  var map = R.baseMap("map");
  var zonesLayer = L.geoJSON(null, { style: { color: "#6a1b9a", weight: 3, fillOpacity: 0.15 },
    pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 10, color: "#6a1b9a", weight: 3, fillOpacity: 0.3 }); } }).addTo(map);
  var hereLayer = L.layerGroup().addTo(map), roundsLayer = L.layerGroup().addTo(map);
  var zoneById = {};

  function api(path, options) {
    return fetch(path, Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {}))
      .then(function (r) { if (!r.ok) throw r; return r.status === 204 ? null : r.json(); });
  }

  /* Zones of the association (RLS and the API show no other). */
  api("/api/v1/zones?limit=500").then(function (body) {
    var list = document.getElementById("zones");
    var features = (body.features || []).filter(function (f) { return f.geometry; });
    zonesLayer.addData(features);
    zonesLayer.eachLayer(function (layer) {
      var f = layer.feature;
      zoneById[f.id] = layer;
      layer.bindTooltip(el("span", { text: f.properties.name }), { className: "zone-label" });  // text, never HTML
    });
    if (!body.features.length) list.appendChild(el("li", { text: t("No zone yet.") }));
    body.features.forEach(function (f) {
      var b = el("button", { type: "button", "class": "link", text: f.properties.name });
      b.addEventListener("click", function () {
        var layer = zoneById[f.id];
        if (layer && layer.getBounds) map.fitBounds(layer.getBounds(), { maxZoom: 17 });
        else if (layer) map.setView(layer.getLatLng(), 17);
      });
      list.appendChild(el("li", { "class": "zone", "data-id": f.id }, [b]));
    });
  });

  /* From here: the nearest open services of a kind, by walking time when streets are loaded. */
  var count = document.getElementById("h-count"), found = document.getElementById("h-list");
  function nearest(lon, lat) {
    hereLayer.clearLayers();
    L.circleMarker([lat, lon], { radius: 9, color: "#1a7f37", weight: 3, fillOpacity: 0.4 }).addTo(hereLayer);
    var cat = document.getElementById("h-category").value, person = document.getElementById("h-lang").value;
    var base = "/api/v1/services/nearest?lon=" + lon.toFixed(5) + "&lat=" + lat.toFixed(5) + "&limit=5&open_now=true&category=" + encodeURIComponent(cat);
    api(base + "&by=foot").catch(function () { return api(base); }).then(function (body) {
      found.textContent = "";
      var n = body.features.length;
      count.textContent = n ? t("{n} nearest open services", { n: n }) : t("No open service of this kind nearby.");
      if (body.unreachable) count.textContent += " — " + t("Services out of reach on foot: {n}", { n: body.unreachable });
      body.features.forEach(function (f) {
        var p = f.properties, bits = [el("b", { text: p.name }), el("span", { text: " — " + R.hours(p) })];
        if (p.distance_m !== null && p.distance_m !== undefined) bits.push(el("span", { text: " — " + R.metres(p.distance_m) }));
        if (p.duration_s) bits.push(el("span", { text: " (" + Math.max(1, Math.round(p.duration_s / 60)) + " min)" }));
        var sheet = el("a", { "class": "button", href: "/app/orientation?service=" + f.id + "&lang=" + person + "&lon=" + lon.toFixed(5) + "&lat=" + lat.toFixed(5), target: "_blank", text: t("Orientation sheet") });
        found.appendChild(el("li", {}, [el("p", {}, bits), sheet]));
        if (f.geometry) L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], { title: p.name, alt: p.name,
          icon: L.divIcon({ className: "pin pin-health pin-open", iconSize: [24, 24], iconAnchor: [12, 12] }) }).addTo(hereLayer);
        if (p.route) L.geoJSON(p.route, { style: { color: "#1a7f37", weight: 4 } }).addTo(hereLayer);
      });
    });
  }
  map.on("click", function (e) { nearest(e.latlng.lng, e.latlng.lat); });
  document.getElementById("h-here").addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      map.setView([pos.coords.latitude, pos.coords.longitude], 16);
      nearest(pos.coords.longitude, pos.coords.latitude);
    }, function () { count.textContent = t("Your position could not be found."); });
  });

  /* Coordinators: plan a week and see it. */
  var form = document.getElementById("plan-form");
  if (!form) return;
  var status = document.getElementById("p-status"), rounds = document.getElementById("rounds"), unvisited = document.getElementById("unvisited");
  var monday = new Date(); monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7 || 7));
  form.week_start.value = monday.toISOString().slice(0, 10);
  var colours = ["#1f4e8c", "#b35900", "#1a6b32", "#8a1c14", "#5b2c83", "#00626b"];
  function showPlan(plan) {
    roundsLayer.clearLayers(); rounds.textContent = ""; unvisited.textContent = "";
    var teams = {};
    plan.rounds.features.forEach(function (f, i) {
      var p = f.properties, colour = colours[(teams[p.team] = teams[p.team] === undefined ? Object.keys(teams).length : teams[p.team]) % colours.length];
      L.geoJSON(f, { style: { color: colour, weight: 4, opacity: 0.85 } }).bindTooltip(el("span", { text: p.team_label + " " + p.depart.slice(0, 16).replace("T", " ") })).addTo(roundsLayer);
      var url = "/api/v1/plans/" + plan.id + "/rounds/" + i;
      rounds.appendChild(el("li", {}, [
        el("b", { text: t("{team}, {start}", { team: p.team_label, start: p.depart.slice(0, 16).replace("T", " ") }) }), el("br"),
        el("a", { href: url + "/sheet", target: "_blank", text: t("Round sheet") }), document.createTextNode(" · "),
        el("a", { href: url + ".gpx", text: t("GPX") })
      ]));
    });
    rounds.appendChild(el("li", {}, [el("a", { href: "/api/v1/plans/" + plan.id + "/week.ics", text: t("Week calendar (ICS)") })]));
    plan.plan.unvisited.forEach(function (u) {
      var layer = zoneById[u.zone];
      if (layer && layer.setStyle) layer.setStyle({ color: "#b3261e", weight: 4, dashArray: "6 4" });
      var name = layer ? layer.feature.properties.name : u.zone;
      unvisited.appendChild(el("li", { text: name + " — " + u.reason }));
    });
  }
  function follow(location) {
    api(location).then(function (job) {
      if (job.status === "succeeded") return api(job.plan).then(function (plan) {
        status.textContent = t("Planned: {rounds} rounds.", { rounds: plan.plan.rounds.length });
        showPlan(plan);
      });
      if (job.status === "failed") { status.textContent = t("Planning failed."); return null; }
      status.textContent = t("Planning…") + " " + Math.round(100 * (job.progress || 0)) + " %";
      setTimeout(function () { follow(location); }, 1500);
      return null;
    }).catch(function () { status.textContent = t("Planning failed."); });
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    status.textContent = t("Planning…");
    fetch("/api/v1/plans", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ week_start: form.week_start.value, seconds: 20 }) })
      .then(function (r) { if (r.status !== 202) throw r; follow(r.headers.get("Location")); })
      .catch(function () { status.textContent = t("Planning failed."); });
  });
})();
