/* Maraude: the coordinators' teams page: label, mode, shifts (the hours editor), skills, and
   the depots where rounds start and end, placed on the map or typed. Built on the editing kit
   of console_zones.js (loaded first). */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, K = window.ConsoleEdit, t = K.t, el = K.el;
  var map = R.baseMap("edit-map");
  var form = document.getElementById("edit-form"), placing = null;
  var others = L.featureGroup().addTo(map), fitted = false, all = [], pick = null, teams = null;
  var markers = { start: null, end: null };
  var shifts = window.HoursEditor.attach(document.getElementById("t-shifts"), {
    chart: document.getElementById("t-shifts-chart"), status: document.getElementById("t-shifts-status"),
    words: C.words, timezone: C.timezone
  });

  function inputs(which) {
    var set = form.querySelector("fieldset[data-point='" + which + "']");
    return { lat: set.querySelector("[data-axis=lat]"), lon: set.querySelector("[data-axis=lon]"), legend: set.querySelector("legend") };
  }
  function pointOf(which) {
    var i = inputs(which), lat = i.lat.value.trim(), lon = i.lon.value.trim();
    if (lat === "" || lon === "" || isNaN(Number(lat)) || isNaN(Number(lon))) return null;
    return { type: "Point", coordinates: [Number(lon), Number(lat)] };
  }
  function legendOf(which) { return inputs(which).legend.textContent.trim(); }
  /* A depot's marker, dragged to move it; its inputs follow, and it follows them. */
  function place(which, geometry) {
    var i = inputs(which);
    if (markers[which]) { map.removeLayer(markers[which]); markers[which] = null; }
    if (!geometry) { i.lat.value = ""; i.lon.value = ""; return; }
    var c = geometry.coordinates;
    i.lat.value = String(Math.round(c[1] * 1e6) / 1e6);
    i.lon.value = String(Math.round(c[0] * 1e6) / 1e6);
    var m = L.marker([c[1], c[0]], { draggable: true, title: legendOf(which), alt: legendOf(which), opacity: which === "end" ? 0.75 : 1 });
    m.bindTooltip(el("span", { "class": "depot-label", text: t(which === "start" ? "Start" : "End") }), { permanent: true, direction: which === "start" ? "left" : "right" });
    m.on("dragend", function () {
      var ll = m.getLatLng();
      i.lat.value = String(Math.round(ll.lat * 1e6) / 1e6);
      i.lon.value = String(Math.round(ll.lng * 1e6) / 1e6);
    });
    markers[which] = m.addTo(map);
  }
  ["start", "end"].forEach(function (which) {
    var i = inputs(which);
    [i.lat, i.lon].forEach(function (input) {
      input.addEventListener("change", function () { place(which, pointOf(which)); });
    });
  });
  form.querySelectorAll("[data-place]").forEach(function (b) {
    b.addEventListener("click", function () {
      placing = b.getAttribute("data-place");
      document.getElementById("edit-status").textContent = t(placing === "start" ? "Click the map where rounds start." : "Click the map where rounds end.");
      map.getContainer().classList.add("placing");
      document.getElementById("edit-map").scrollIntoView({ block: "nearest" });
    });
  });
  document.getElementById("t-end-as-start").addEventListener("click", function () { place("end", pointOf("start")); });
  map.on("click", function (e) {
    if (!placing) return;
    place(placing, { type: "Point", coordinates: [e.latlng.lng, e.latlng.lat] });
    placing = null;
    map.getContainer().classList.remove("placing");
    document.getElementById("edit-status").textContent = "";
  });

  var FIELDS = ["label", "mode", "shifts", "skills", "start", "end"];
  function drawAll(editing) {
    others.clearLayers();
    all.forEach(function (team) {
      if (team.id === editing) return;
      [team.start, team.end].forEach(function (p) {
        var c = L.circleMarker([p.coordinates[1], p.coordinates[0]], { radius: 8, color: "#1f4e8c", weight: 3, fillOpacity: 0.3 });
        c.bindTooltip(el("span", { text: team.label }));
        c.on("click", function () { if (!placing) pick(team.id); });
        others.addLayer(c);
      });
    });
    if (!fitted && others.getLayers().length) { fitted = true; map.fitBounds(others.getBounds(), { maxZoom: 15, padding: [30, 30] }); }
  }
  teams = K.editor({
    path: "/api/v1/teams",
    nameField: "label",
    words: { title: "Team: {name}", fresh: "New team", confirm: "Delete the team {name}? This cannot be undone.", none: "No team yet." },
    listOf: function (body) { return body.teams || []; },
    valuesOf: function (team) {
      var out = {};
      FIELDS.forEach(function (k) { out[k] = team[k] === undefined ? null : team[k]; });
      return out;
    },
    blank: function () { return { label: "", mode: "foot", shifts: "", skills: [], start: null, end: null }; },
    read: function (v) { v.start = pointOf("start"); v.end = pointOf("end"); return v; },
    write: function (v) {
      if (!v) { place("start", null); place("end", null); drawAll(null); return; }
      if ("start" in v) place("start", v.start);
      if ("end" in v) place("end", v.end);
      var shown = [markers.start, markers.end].filter(Boolean);
      if (shown.length) map.fitBounds(L.featureGroup(shown).getBounds(), { maxZoom: 16, padding: [40, 40] });
      shifts.refresh();
      drawAll(teams && teams.current() && teams.current().id);
    },
    labels: function () {
      var out = {};
      FIELDS.forEach(function (k) { out[k] = k === "start" || k === "end" ? legendOf(k) : K.labelOf(form, k); });
      return out;
    },
    format: function (name, v) {
      if ((name === "start" || name === "end") && v) {
        return v.coordinates[1].toLocaleString(C.lang, { maximumFractionDigits: 5 }) + ", " + v.coordinates[0].toLocaleString(C.lang, { maximumFractionDigits: 5 });
      }
      return null;
    },
    ltr: ["shifts", "skills", "start", "end"],
    before: function (v) { return v.start && v.end ? null : t("Place the start and the end on the map first."); },
    cells: function (v) { return [C.modes[v.mode] || v.mode, [v.shifts, "ltr"], [v.skills.join(", ") || "—", "ltr"]]; },
    drawAll: function (items, select, editing) { all = items; pick = select; drawAll(editing); }
  });
  window.ConsoleTeams = { map: map, teams: teams, shifts: shifts };
})();
