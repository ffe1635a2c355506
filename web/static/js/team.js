/* Maraude team map: the association's zones, nearest services "from here" with an
   orientation sheet, and for coordinators the week's plan. Calls the same JSON API as any
   client, with the session cookie. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.t, el = R.el, N = R.N;
  var map = R.baseMap("map");
  R.teamMap = map;
  R.legend(map);
  var zonesLayer = L.geoJSON(null, { style: { color: "#6a1b9a", weight: 3, fillOpacity: 0.15 },
    pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 10, color: "#6a1b9a", weight: 3, fillOpacity: 0.3 }); } }).addTo(map);
  var hereLayer = L.layerGroup().addTo(map), roundsLayer = L.layerGroup().addTo(map);
  var zoneById = {};
  R.field.start();

  /* The API, or a failure after `wait` ms (one bar of signal that answers nothing). */
  function api(path, options, wait) {
    var abort = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (abort) abort.abort(); }, wait || 10000);
    return fetch(path, Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {}, abort ? { signal: abort.signal } : {}))
      .then(function (r) { clearTimeout(timer); if (!r.ok) throw r; return r.status === 204 ? null : r.json(); },
        function (e) { clearTimeout(timer); throw e; });
  }

  /* Tonight's rounds (kept on the phone a day at most), each with its sheet. */
  R.field.tonight().then(showTonight);
  function showTonight(data) {
    var list = document.getElementById("tonight");
    if (!list) return;
    list.textContent = "";
    if (!data || !data.rounds.length) { list.appendChild(el("li", { text: t("No round planned for today or tonight.") })); return; }
    data.rounds.forEach(function (r) {
      var when = new Intl.DateTimeFormat(C.lang, { weekday: "long", hour: "2-digit", minute: "2-digit", timeZone: C.timezone || undefined }).format(new Date(r.shift_start));
      list.appendChild(el("li", {}, [el("bdi", { text: t("{team}, {start}", { team: r.team, start: when }) }), document.createTextNode(" · "),
        el("a", { href: r.sheet, target: "_blank", text: t("Round sheet") })]));
    });
  }
  window.addEventListener("maraude-tonight", function () { R.field.tonight().then(showTonight); });

  /* Zones of the association (RLS and the API show no other); with no network, tonight's
     zones kept on the phone. */
  function showZones(features) {
    var list = document.getElementById("zones");
    list.textContent = ""; zonesLayer.clearLayers(); zoneById = {};
    zonesLayer.addData(features.filter(function (f) { return f.geometry; }));
    zonesLayer.eachLayer(function (layer) {
      var f = layer.feature;
      zoneById[f.id] = layer;
      layer.bindTooltip(el("span", { text: f.properties.name }), { className: "zone-label" });  // text, never HTML
    });
    if (!features.length) list.appendChild(el("li", { text: t("No zone yet.") }));
    features.forEach(function (f) {
      var b = el("button", { type: "button", "class": "link" }, [el("bdi", { text: f.properties.name })]);
      b.addEventListener("click", function () {
        var layer = zoneById[f.id];
        if (layer && layer.getBounds) map.fitBounds(layer.getBounds(), { maxZoom: 17 });
        else if (layer) map.setView(layer.getLatLng(), 17);
      });
      list.appendChild(el("li", { "class": "zone", "data-id": f.id }, [b]));
    });
  }
  api("/api/v1/zones?limit=500").then(function (body) { showZones(body.features || []); }, function () {
    R.field.tonight().then(function (data) {
      if (!data) return;
      showZones(data.zones.map(function (z) { return { type: "Feature", id: z.id, geometry: z.geometry, properties: { name: z.name } }; }));
      document.getElementById("zones").insertBefore(el("li", { "class": "note", text: t("No network: tonight's zones only.") }), document.getElementById("zones").firstChild);
    });
  });

  /* From here: the nearest services of a kind, by walking time when streets are loaded; open
     now (then open day and night, then hours unknown: call first) or at any time. The lines
     and services reached by phone (115, a shelter whose address is confidential) come first. */
  var count = document.getElementById("h-count"), found = document.getElementById("h-list");
  var lastHere = null;
  function personLanguage() { return document.getElementById("h-lang").value; }
  function spoken(p, lang) {
    if (!p.languages || !p.languages.length) return null;
    return p.languages.indexOf(lang) >= 0;
  }
  function resultItem(f, lon, lat, person) {
    var p = f.properties;
    var head = [el("div", { "class": "title" }, [el("b", {}, [el("bdi", { text: p.name })])]), el("div", { "class": "kind", text: R.kinds(p) })];
    /* What the service says tonight comes first; a record not checked for long, under its hours. */
    var facts = [R.temporaryMessage(p), R.saturation(p), el("div", { "class": "state " + R.state(p), text: R.hours(p) }), R.staleWarning(p)];
    if (p.distance_m !== null && p.distance_m !== undefined) {
      var how = p.duration_s ? t("{minutes} on foot, {distance}", { minutes: R.minutes(p.duration_s), distance: R.metres(p.distance_m) })
        : t("{distance} as the crow flies", { distance: R.metres(p.distance_m) });
      facts.push(el("div", { "class": "far", text: how }));
    }
    var speaks = spoken(p, person);
    if (speaks !== null) {
      facts.push(el("div", { "class": speaks ? "spoken yes" : "spoken no",
        text: t(speaks ? "{language} spoken" : "{language} not known to be spoken", { language: R.languageName(person) }) }));
    }
    var place = R.place(p);
    if (place) facts.push(el("div", { "class": "address" }, [el("bdi", { text: place })]));
    var actions = el("p", { "class": "actions" });
    if (p.phone) actions.appendChild(R.callButton(p.phone));
    if (navigator.onLine) actions.appendChild(el("a", { "class": "button", target: "_blank",
      href: "/app/orientation?service=" + f.id + "&lang=" + person + "&lon=" + lon.toFixed(5) + "&lat=" + lat.toFixed(5),
      text: t("Orientation sheet") }));
    handoffButtons(actions, f, person, [lon, lat]);
    var item = el("li", { "class": "service" + (speaks === false ? " not-spoken" : "") }, [el("div", { "class": "head" }, head), el("div", { "class": "facts" }, facts), actions]);
    if (p.route) {
      var show = el("button", { type: "button", "class": "link", text: t("Show the way") });
      show.addEventListener("click", function () { if (f._route) map.fitBounds(f._route.getBounds(), { padding: [30, 30] }); });
      actions.appendChild(show);
    }
    return item;
  }
  function handoffButtons(actions, f, person, from) {
    var share = el("button", { type: "button", "class": "share", text: t("Share") });
    share.addEventListener("click", function () { R.handoff.share(f, person); });
    var show = el("button", { type: "button", "class": "show-screen-button", text: t("Show the screen") });
    show.addEventListener("click", function () { R.handoff.showScreen(f, person, from); });
    actions.appendChild(share); actions.appendChild(show);
  }
  /* A line to call instead, with its hand-off (its phone only). */
  function lineItem(f, person) {
    var item = R.phoneLineItem(f, false), actions = el("p", { "class": "actions" });
    handoffButtons(actions, f, person, null);
    item.appendChild(actions);
    return item;
  }
  function nearest(lon, lat) {
    lastHere = [lon, lat];
    if (performance.mark) performance.mark("maraude-asked");
    R.field.lastPoint = lastHere;
    hereLayer.clearLayers();
    var me = L.circleMarker([lat, lon], { radius: 9, color: "#1a7f37", weight: 3, fillOpacity: 0.4 }).bindTooltip(t("You are here")).addTo(hereLayer);
    var cat = document.getElementById("h-category").value, person = personLanguage();
    var openNow = document.getElementById("h-when").value === "now";
    var base = "/api/v1/services/nearest?lon=" + lon.toFixed(5) + "&lat=" + lat.toFixed(5) + "&limit=5&category=" + encodeURIComponent(cat) +
      (openNow ? "&open_now=true" : "");
    count.textContent = t("Searching…");
    var offline = function () {
      var found = R.field.nearest(lon, lat, cat, openNow, 5);
      if (!found) throw new Error("no copy");
      return [{ features: found.lines }, { features: found.features, offline: true }];
    };
    var online = navigator.onLine ? Promise.all([
      api("/api/v1/services?reach=phone&limit=20&category=" + encodeURIComponent(cat)),
      api(base + "&by=foot&route=true").catch(function (r) { if (r instanceof Response) return api(base); throw r; })
    ]) : Promise.reject(new Error("offline"));
    online.catch(offline).then(function (both) {
      /* Lines that answer now (a line closed at this hour is left out). */
      var phoneFirst = both[0].features.filter(function (f) { return f.properties.phone && f.properties.open_now !== false; }), body = both[1];
      found.textContent = "";
      var features = openNow ? R.byGroup(body.features) : body.features;
      var n = features.length;
      count.textContent = n ? t("{n, plural, one {# service nearby} other {# services nearby}}", { n: n })
        : t("No service of this kind nearby.");
      if (body.unreachable) count.textContent += " — " + t("{n, plural, one {# service out of reach on foot} other {# services out of reach on foot}}", { n: body.unreachable });
      if (body.offline) found.appendChild(el("li", { "class": "offline-note", role: "note", text: t("No network: answered from the copy of the directory kept on this phone. Distances are as the crow flies; walking times need the network.") }));
      if (phoneFirst.length) {
        found.appendChild(el("li", { "class": "group-title" }, [el("h4", { text: t("Call first") })]));
        phoneFirst.forEach(function (f) { found.appendChild(lineItem(f, person)); });
      }
      var bounds = L.latLngBounds([[lat, lon]]), last = null;
      features.forEach(function (f) {
        var p = f.properties;
        if (openNow && p.opening_group !== last) {
          found.appendChild(el("li", { "class": "group-title group-" + p.opening_group }, [el("h4", { text: R.groupTitle(p.opening_group) })]));
          last = p.opening_group;
        }
        found.appendChild(resultItem(f, lon, lat, person));
        if (f.geometry) {
          var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
          L.marker(ll, { title: p.name + " — " + R.kinds(p), alt: p.name, icon: R.pin(p) }).addTo(hereLayer);
          bounds.extend(ll);
        }
        if (p.route) {
          f._route = L.geoJSON(p.route, { style: { color: "#1a7f37", weight: 4, opacity: 0.8 } }).addTo(hereLayer);
          bounds.extend(f._route.getBounds());
        }
      });
      if (features.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
      me.bringToFront();
      count.setAttribute("data-answered", body.offline ? "offline" : "online");
      if (performance.mark) performance.mark("maraude-answered");
    }).catch(function () { count.textContent = t("The services could not be loaded. Try again in a moment."); });
  }
  map.on("click", function (e) { nearest(e.latlng.lng, e.latlng.lat); });
  ["h-category", "h-when", "h-lang"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", function () { if (lastHere) nearest(lastHere[0], lastHere[1]); });
  });
  document.getElementById("h-here").addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      nearest(pos.coords.longitude, pos.coords.latitude);
    }, function () { count.textContent = t("Your position could not be found."); });
  });

  /* Coordinators: plan a week and see it. */
  var form = document.getElementById("plan-form");
  if (!form) return;
  var status = document.getElementById("p-status"), rounds = document.getElementById("rounds"), unvisited = document.getElementById("unvisited");
  var weighted = document.getElementById("weighted"), weightedTitle = document.getElementById("weighted-title");
  /* Next Monday, in the local calendar (never the UTC date: near midnight they differ). */
  function localDate(d) {
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  var monday = new Date(); monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7 || 7));
  form.week_start.value = localDate(monday);
  var colours = ["#1f4e8c", "#b35900", "#1a6b32", "#8a1c14", "#5b2c83", "#00626b"];
  function when(iso) {
    return new Intl.DateTimeFormat(C.lang, { weekday: "long", hour: "2-digit", minute: "2-digit", timeZone: C.timezone || undefined })
      .format(new Date(iso));
  }
  var REASONS = {
    "no-presence": N("People are not present at any time this week."),
    "no-skilled-team": N("No team has the skills needed: {skills}."),
    "no-team-while-present": N("No team works while people are present."),
    "shift-too-short": N("The shifts are too short: the way there and back and a {minutes}-minute visit do not fit while people are present."),
    "filled-by-higher-priority": N("The shifts that could reach it were taken by zones of higher priority.")
  };
  function day(iso) {
    return new Intl.DateTimeFormat(C.lang, { day: "numeric", month: "short", timeZone: C.timezone || undefined }).format(new Date(iso));
  }
  /* Zones that weighed more than their priority: not visited in the week before. */
  function showWeighted(list) {
    weighted.textContent = "";
    (list || []).forEach(function (w) {
      var factor = Math.round(w.weight / w.priority);
      var why = w.last_visit ? t("×{factor}, last visited {date}", { factor: factor, date: day(w.last_visit) })
        : t("×{factor}, no visit on record", { factor: factor });
      weighted.appendChild(el("li", {}, [el("bdi", { text: w.name || w.zone }), document.createTextNode(" — " + why)]));
    });
    weightedTitle.hidden = !weighted.childNodes.length;
  }
  function reasonWords(u) {
    var params = u.params || {}, key = REASONS[u.code];
    if (!key) return u.reason;
    return t(key, { skills: (params.skills || []).join(", "), minutes: params.minutes });
  }
  function showPlan(plan) {
    roundsLayer.clearLayers(); rounds.textContent = ""; unvisited.textContent = "";
    var teams = {};
    plan.rounds.features.forEach(function (f, i) {
      var p = f.properties, colour = colours[(teams[p.team] = teams[p.team] === undefined ? Object.keys(teams).length : teams[p.team]) % colours.length];
      var label = t("{team}, {start}", { team: p.team_label, start: when(p.depart) });
      L.geoJSON(f, { style: { color: colour, weight: 4, opacity: 0.85 } }).bindTooltip(el("span", { text: label })).addTo(roundsLayer);
      var url = "/api/v1/plans/" + plan.id + "/rounds/" + i;
      rounds.appendChild(el("li", {}, [
        el("b", {}, [el("bdi", { text: label })]), el("br"),
        el("a", { href: url + "/sheet", target: "_blank", text: t("Round sheet") }), document.createTextNode(" · "),
        el("a", { href: url + ".gpx", text: t("GPX") })
      ]));
    });
    rounds.appendChild(el("li", {}, [el("a", { href: "/api/v1/plans/" + plan.id + "/week.ics", text: t("Week calendar (ICS)") })]));
    plan.plan.unvisited.forEach(function (u) {
      var layer = zoneById[u.zone];
      if (layer && layer.setStyle) layer.setStyle({ color: "#b3261e", weight: 4, dashArray: "6 4" });
      var name = layer ? layer.feature.properties.name : u.zone;
      unvisited.appendChild(el("li", {}, [el("bdi", { text: name }), document.createTextNode(" — " + reasonWords(u))]));
    });
    if (!plan.plan.unvisited.length) unvisited.appendChild(el("li", { text: t("Every zone is visited.") }));
    showWeighted(plan.weighted);
  }
  function failed(reason) {
    status.textContent = t("Planning failed.");
    if (reason) status.appendChild(el("bdi", { lang: "en", text: " " + reason }));
  }
  function follow(location) {
    api(location).then(function (job) {
      if (job.status === "succeeded") return api(job.plan).then(function (plan) {
        status.textContent = t("{n, plural, one {Planned: # round.} other {Planned: # rounds.}}", { n: plan.plan.rounds.length });
        showPlan(plan);
      });
      if (job.status === "failed") { failed(job.error); return null; }
      status.textContent = t("Planning…") + " " + Math.round(100 * (job.progress || 0)) + " %";
      setTimeout(function () { follow(location); }, 1500);
      return null;
    }).catch(function () { failed(null); });
  }
  function problem(r) {
    return r && r.json ? r.json().then(function (b) { return b.detail || b.title; }, function () { return null; }) : Promise.resolve(null);
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    status.textContent = t("Planning…");
    fetch("/api/v1/plans", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ week_start: form.week_start.value, seconds: 20 }) })
      .then(function (r) { if (r.status !== 202) throw r; follow(r.headers.get("Location")); })
      .catch(function (r) { problem(r).then(failed); });
  });
})();
