/* Maraude: the association's kept plans. A week view (days × teams, night shaded) beside a map
   of the rounds; for coordinators, edits checked by the planner's validator before they are
   saved, and "re-plan the rest" around the locked rounds. Reads and writes through the JSON API
   with the session cookie; every text from the API goes in the page as text, never as HTML. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, el = R.el;
  var t = R.translator(C.lang, Object.assign({}, C.messages || {}, C.words || {}));
  var TZ = C.timezone || undefined, LANG = C.lang, COORD = !!C.coordinator;
  var NIGHT_FROM = 21 * 60, NIGHT_TO = 6 * 60, DAY = 1440;
  var COLOURS = ["#1f4e8c", "#b35900", "#1a6b32", "#8a1c14", "#5b2c83", "#00626b"];
  var $ = function (id) { return document.getElementById(id); };

  var state = { saved: null, draft: null, view: null, dirty: false, locksOnly: true, selected: null,
    zones: {}, zoneLayers: {}, busy: false };

  /* --- The API ------------------------------------------------------------------------- */
  function api(path, options) {
    var o = Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {});
    if (o.body !== undefined) { o.headers["Content-Type"] = "application/json"; o.body = JSON.stringify(o.body); }
    return fetch(path, o).then(function (r) {
      return r.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!r.ok && !(o.accept && o.accept.indexOf(r.status) >= 0)) {
          var err = new Error((body && (body.detail || body.title)) || String(r.status));
          err.status = r.status; err.body = body; throw err;
        }
        return { status: r.status, body: body, location: r.headers.get("Location") };
      });
    });
  }
  /* A problem in words: its detail, then each field's (in English: the API's words). */
  function problemNodes(prefix, err) {
    var out = [document.createTextNode(prefix + " ")];
    if (!err || err.status === undefined) { out.push(document.createTextNode(t("Check the connection and try again."))); return out; }
    out.push(el("bdi", { lang: "en", text: err.message }));
    ((err.body && err.body.errors) || []).forEach(function (e) {
      out.push(document.createTextNode(" · "));
      out.push(el("bdi", { lang: "en", dir: "ltr", text: (e.pointer || e.parameter || "") + " " + e.detail }));
    });
    return out;
  }
  function say(node, children, cls) {
    node.textContent = ""; node.className = "status-line" + (cls ? " " + cls : "");
    children.forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
  }
  function planHref(id) { return "/app/plans/" + id + "?lang=" + encodeURIComponent(LANG); }

  /* --- Times in the association's time zone --------------------------------------------- */
  var partsFmt = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  function local(iso) {
    var p = {};
    partsFmt.formatToParts(new Date(iso)).forEach(function (x) { p[x.type] = x.value; });
    return { date: p.year + "-" + p.month + "-" + p.day, min: (Number(p.hour) % 24) * 60 + Number(p.minute) };
  }
  function dayNumber(ymd) { var a = ymd.split("-").map(Number); return Date.UTC(a[0], a[1] - 1, a[2]) / 864e5; }
  function hm(iso) { return new Intl.DateTimeFormat(LANG, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: TZ }).format(new Date(iso)); }
  function weekday(iso) { return new Intl.DateTimeFormat(LANG, { weekday: "long", day: "numeric", month: "long", timeZone: TZ }).format(new Date(iso)); }
  function dayName(weekStart, d, style) {
    var a = weekStart.split("-").map(Number);
    return new Intl.DateTimeFormat(LANG, style === "short" ? { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }
      : { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(a[0], a[1] - 1, a[2] + d, 12)));
  }
  function longDate(ymd) {
    var a = ymd.split("-").map(Number);
    return new Intl.DateTimeFormat(LANG, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(a[0], a[1] - 1, a[2], 12)));
  }
  function made(iso) { return new Intl.DateTimeFormat(LANG, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: TZ }).format(new Date(iso)); }
  function isNight(iso) { var m = local(iso).min; return m >= NIGHT_FROM || m < NIGHT_TO; }
  function duration(minutes) {
    var total = Math.round(minutes || 0);
    return t("{hours} h {minutes} min", { hours: Math.floor(total / 60), minutes: total % 60 });
  }

  /* --- Names ---------------------------------------------------------------------------- */
  function zoneName(id) { return state.zones[id] || (state.saved && state.saved.zones && state.saved.zones[id]) || id; }
  function teamName(id) { return (state.saved && state.saved.teams && state.saved.teams[id]) || id; }
  function roundLabel(r) { return t("{team}, {start}", { team: teamName(r.team), start: weekday(r.depart || r.shift_start) + " " + hm(r.depart || r.shift_start) }); }
  function reasonWords(u) {
    var key = C.reasons[u.code], params = u.params || {};
    if (!key) return el("bdi", { lang: "en", text: u.reason || u.code });
    return document.createTextNode(t(key, { skills: [].concat(params.skills || []).join(", "), minutes: params.minutes }));
  }
  /* A violation in words: where (the round, the zone) and why. */
  function violationText(v) {
    var key = C.violations[v.code], p = v.params || {};
    var where = [];
    if (typeof p.round === "number" && state.view && state.view.rounds[p.round]) where.push(roundLabel(state.view.rounds[p.round]));
    if (p.zone) where.push(zoneName(p.zone));
    if (p.team && v.code !== "unknown-team" && !where.length) where.push(teamName(p.team));
    var prefix = where.length ? where.join(" — ") + ": " : "";
    if (!key) return [document.createTextNode(prefix), el("bdi", { lang: "en", text: v.message || v.code })];
    var seconds = Number(p.seconds || 0);
    var words = t(key, { seconds: seconds, n: Math.max(1, Math.ceil(seconds / 60)), minutes: p.minutes,
      skills: [].concat(p.skills || []).join(", ") });
    return [document.createTextNode(prefix + words)];
  }

  /* --- The list of kept plans --------------------------------------------------------- */
  var list = $("plan-list"), more = $("more-plans"), cursor = null;
  function figuresLine(p) {
    var bits = [t("{n, plural, one {# round} other {# rounds}}", { n: p.rounds })];
    bits.push(t("{n, plural, one {# zone unvisited} other {# zones unvisited}}", { n: p.unvisited }));
    if (p.locked && p.locked.length) bits.push(t("{n, plural, one {# round locked} other {# rounds locked}}", { n: p.locked.length }));
    return bits.join(" · ");
  }
  function listItem(p) {
    var link = el("a", { href: planHref(p.id), "data-id": p.id }, [el("span", { "class": "week-of", text: t("Week of {date}", { date: longDate(p.week_start) }) })]);
    if (C.plan === p.id || (!C.plan && state.saved && state.saved.id === p.id)) link.setAttribute("aria-current", "page");
    var meta = t("Made {when}", { when: made(p.created_at) }) + (p.revision_of ? " · " + t("revised") : "");
    return el("li", { "class": "plan-item" }, [link, el("span", { "class": "meta", text: meta }), el("span", { "class": "meta", text: figuresLine(p) })]);
  }
  function loadList(first) {
    return api("/api/v1/plans?limit=20" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "")).then(function (res) {
      var plans = res.body.plans || [];
      if (first) list.textContent = "";
      if (first && !plans.length) list.appendChild(el("li", { "class": "empty", text: t("No plan kept yet.") }));
      plans.forEach(function (p) { list.appendChild(listItem(p)); });
      cursor = res.body.next_cursor; more.hidden = !cursor;
      return plans;
    }, function (err) {
      list.textContent = "";
      list.appendChild(el("li", { "class": "problem" }, problemNodes(t("The plans could not be loaded."), err)));
      return [];
    });
  }
  more.addEventListener("click", function () { loadList(false); });
  function markCurrent() {
    list.querySelectorAll("a[data-id]").forEach(function (a) {
      if (state.saved && a.getAttribute("data-id") === state.saved.id) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
  }

  /* --- Following a planning job ------------------------------------------------------- */
  function follow(location, out, done) {
    api(location).then(function (res) {
      var job = res.body;
      if (job.status === "succeeded") {
        say(out, [t("Planned. Opening the plan…")], "ok");
        done(job.plan.split("/").pop());
        return;
      }
      if (job.status === "failed") {
        say(out, [t("Planning failed.") + " ", el("bdi", { lang: "en", text: job.error || "" })], "problem");
        state.busy = false; buttons();
        return;
      }
      var pct = Math.round(100 * (job.progress || 0));
      say(out, [job.status === "queued" ? t("Waiting for the planner…") : t("Planning… {percent} %", { percent: pct }),
        el("progress", { max: "100", value: String(pct), "aria-hidden": "true" })]);
      setTimeout(function () { follow(location, out, done); }, 1500);
    }, function (err) {
      say(out, problemNodes(t("Planning failed."), err), "problem");
      state.busy = false; buttons();
    });
  }
  function requestPlan(body, out) {
    state.busy = true; buttons();
    say(out, [t("Sending…")]);
    api("/api/v1/plans", { method: "POST", body: body }).then(function (res) {
      follow(res.location || "/api/v1/jobs/" + res.body.id, out, function (id) { window.location.assign(planHref(id)); });
    }, function (err) {
      say(out, problemNodes(t("The plan could not be started:"), err), "problem");
      state.busy = false; buttons();
    });
  }
  var form = $("plan-form");
  if (form) {
    var monday = new Date(); monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7 || 7));
    form.elements.week_start.value = monday.getFullYear() + "-" + String(monday.getMonth() + 1).padStart(2, "0") + "-" + String(monday.getDate()).padStart(2, "0");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var week = form.elements.week_start.value, seconds = Number(form.elements.seconds.value);
      var d = new Date(week + "T12:00:00Z");
      if (!week || d.getUTCDay() !== 1) { say($("p-status"), [t("Choose a Monday.")], "problem"); form.elements.week_start.focus(); return; }
      requestPlan({ week_start: week, seconds: seconds }, $("p-status"));
    });
  }

  /* --- The map ------------------------------------------------------------------------- */
  var map = R.baseMap("map");
  var zonesLayer = L.geoJSON(null, { style: { color: "#6a1b9a", weight: 2, fillOpacity: 0.1 },
    pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 8, color: "#6a1b9a", weight: 2, fillOpacity: 0.2 }); } }).addTo(map);
  var roundsLayer = L.layerGroup().addTo(map), roundLines = [];
  var zonesReady = api("/api/v1/zones?limit=500").then(function (res) {
    (res.body.features || []).forEach(function (f) { state.zones[f.id] = f.properties.name; });
    zonesLayer.addData((res.body.features || []).filter(function (f) { return f.geometry; }));
    zonesLayer.eachLayer(function (layer) {
      state.zoneLayers[layer.feature.id] = layer;
      layer.bindTooltip(el("span", { text: layer.feature.properties.name }));
    });
  }, function () { return null; });
  /* A colour per team, the same in the week and on the map. */
  function teamColour(team) {
    var ids = Object.keys(state.saved.teams || {}).sort();
    if (ids.indexOf(team) < 0) ids = state.saved.plan.rounds.map(function (r) { return r.team; });
    return COLOURS[Math.max(0, ids.indexOf(team)) % COLOURS.length];
  }
  function drawMap() {
    roundsLayer.clearLayers(); roundLines = [];
    var bounds = null;
    state.saved.rounds.features.forEach(function (f, i) {
      var line = L.geoJSON(f, { style: { color: teamColour(f.properties.team), weight: 4, opacity: 0.8 } });
      line.bindTooltip(el("span", { text: roundLabel(f.properties) }));
      line.on("click", function () { select(i, false); });
      line.addTo(roundsLayer); roundLines.push(line);
      var b = line.getBounds();
      if (b.isValid()) bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    });
    Object.keys(state.zoneLayers).forEach(function (id) {
      var layer = state.zoneLayers[id], gone = state.saved.plan.unvisited.some(function (u) { return u.zone === id; });
      if (layer.setStyle) layer.setStyle(gone ? { color: "#b3261e", weight: 3, dashArray: "6 4" } : { color: "#6a1b9a", weight: 2, dashArray: null });
    });
    if (bounds) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
  }
  function highlightLine(i) {
    roundLines.forEach(function (line, j) {
      line.setStyle({ weight: j === i ? 7 : 3, opacity: i === null || j === i ? 0.9 : 0.45 });
      if (j === i) { line.bringToFront(); var b = line.getBounds(); if (b.isValid()) map.fitBounds(b, { padding: [30, 30], maxZoom: 16 }); }
    });
  }

  /* --- The week view: days × teams, each round a block at its hours --------------------- */
  function teamsOfWeek() {
    var seen = [];
    state.view.rounds.forEach(function (r) { if (seen.indexOf(r.team) < 0) seen.push(r.team); });
    return seen.sort(function (a, b) { return teamName(a).localeCompare(teamName(b), LANG); });
  }
  function lockIcon() {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("class", "lock-icon"); svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    path.setAttribute("d", "M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z");
    svg.appendChild(path);
    return svg;
  }
  /* Where a round lies on its day's line: minutes from the midnight of the day it starts (a
     round past midnight stays on the day it started, as a shift does). */
  function span(r, first) {
    var a = local(r.depart), b = local(r["return"]);
    var day = dayNumber(a.date) - first;
    return { day: day, from: a.min, to: Math.max(a.min + 1, (dayNumber(b.date) - first - day) * DAY + b.min) };
  }
  /* The hours the week's lines show: those of its rounds, whole hours, at least six. */
  function axis(spans) {
    if (!spans.length) return { lo: 0, hi: DAY };
    var lo = Math.min.apply(null, spans.map(function (x) { return x.from; }));
    var hi = Math.max.apply(null, spans.map(function (x) { return x.to; }));
    lo = Math.floor(lo / 60) * 60; hi = Math.ceil(hi / 60) * 60;
    if (hi - lo < 360) { var grow = 360 - (hi - lo); lo = Math.max(0, lo - Math.ceil(grow / 120) * 60); hi = lo + 360; }
    return { lo: lo, hi: hi };
  }
  function at(x, ax) { return 100 * (x - ax.lo) / (ax.hi - ax.lo) + "%"; }
  function placed(node, from, to, ax) {
    node.style.insetInlineStart = at(Math.max(from, ax.lo), ax);
    node.style.inlineSize = 100 * (Math.min(to, ax.hi) - Math.max(from, ax.lo)) / (ax.hi - ax.lo) + "%";
    return node;
  }
  function timeline(ax) {
    var line = el("div", { "class": "timeline" });
    /* Night hours, 21:00 to 06:00, on this line (the night before and the night after). */
    [[-DAY + NIGHT_FROM, NIGHT_TO], [NIGHT_FROM, DAY + NIGHT_TO], [DAY + NIGHT_FROM, 2 * DAY + NIGHT_TO]].forEach(function (n) {
      if (n[1] > ax.lo && n[0] < ax.hi) line.appendChild(placed(el("span", { "class": "night", "aria-hidden": "true" }), n[0], n[1], ax));
    });
    return line;
  }
  function block(i, r, where, ax) {
    var locked = state.draft[i].locked;
    var label = roundLabel(r) + " – " + hm(r["return"]) + ", " + t("{n, plural, one {# stop} other {# stops}}", { n: r.stops.length }) + (locked ? ", " + t("locked") : "");
    var b = el("button", { type: "button", "class": "round-block", "aria-label": label, title: label, "data-round": String(i), "aria-pressed": String(state.selected === i) });
    placed(b, where.from, where.to, ax);
    b.style.setProperty("--colour", teamColour(r.team));
    if (locked) { b.classList.add("locked"); b.appendChild(lockIcon()); }
    if (state.dirty && changed(i)) b.classList.add("changed");
    b.appendChild(el("span", { "class": "from", text: hm(r.depart) + "–" + hm(r["return"]) }));
    b.addEventListener("click", function () { select(i, true); });
    return b;
  }
  /* A block too narrow for its hours shows its colour only (its name says them). */
  function fitLabels() {
    document.querySelectorAll(".round-block .from").forEach(function (s) {
      s.hidden = false;
      if (s.parentNode.scrollWidth > s.parentNode.clientWidth + 1) s.hidden = true;
    });
  }
  window.addEventListener("resize", function () { if (state.view) fitLabels(); });
  function drawWeek() {
    var grid = $("week-grid"), start = state.saved.week_start, first = dayNumber(start);
    grid.textContent = "";
    var teams = teamsOfWeek();
    if (!teams.length) { grid.appendChild(el("p", { text: t("No round in this plan.") })); return; }
    var spans = state.view.rounds.map(function (r) { return span(r, first); });
    var ax = axis(spans.concat(state.saved.plan.rounds.map(function (r) { return span(r, first); })));
    var table = el("table", { "class": "week" });
    table.appendChild(el("caption", { "class": "visually-hidden", text: t("Rounds by day and team; night hours (21:00–06:00) shaded.") }));
    var ticks = el("div", { "class": "ticks", "aria-hidden": "true" }), step = ax.hi - ax.lo > 720 ? 360 : 180;
    for (var h = Math.ceil(ax.lo / step) * step; h < ax.hi - (ax.hi - ax.lo) / 8; h += step) {
      var tick = el("span", { text: String((h / 60) % 24).padStart(2, "0") + ":00" });
      tick.style.insetInlineStart = at(h, ax);
      ticks.appendChild(tick);
    }
    table.appendChild(el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: t("Day") }), el("th", { scope: "col" }, [el("span", { "class": "visually-hidden", text: t("Hours") }), ticks])])]));
    var body = el("tbody"), lanes = {};
    for (var d = 0; d < 7; d++) teams.forEach(function (team) { lanes[d + "|" + team] = timeline(ax); });
    state.view.rounds.forEach(function (r, i) {
      var lane = lanes[spans[i].day + "|" + r.team];
      if (lane) lane.appendChild(block(i, r, spans[i], ax));
    });
    for (d = 0; d < 7; d++) {
      teams.forEach(function (team, k) {
        var head = el("th", { scope: "row" }, [el("span", { "class": "day", text: k === 0 ? dayName(start, d, "short") : "" }), el("span", { "class": "team" }, [el("bdi", { text: teamName(team) })])]);
        body.appendChild(el("tr", { "class": k === 0 ? "day-start" : "" }, [head, el("td", {}, [lanes[d + "|" + team]])]));
      });
    }
    table.appendChild(body);
    grid.appendChild(table);
    fitLabels();
  }

  /* --- The plan's figures in words ---------------------------------------------------- */
  function drawFigures() {
    var plan = state.view, saved = state.saved, box = $("figures");
    box.textContent = "";
    var visited = {}, nights = 0;
    plan.rounds.forEach(function (r) { r.stops.forEach(function (s) { visited[s.zone] = true; if (isNight(s.start)) nights += 1; }); });
    var all = {};
    Object.keys(saved.zones || {}).forEach(function (z) { all[z] = true; });
    Object.keys(visited).forEach(function (z) { all[z] = true; });
    plan.unvisited.forEach(function (u) { all[u.zone] = true; });
    var o = plan.objective || {};
    var dl = el("dl", { "class": "facts plan-figures" });
    function fact(label, value) { dl.appendChild(el("dt", { text: label })); dl.appendChild(el("dd", { text: value })); }
    fact(t("Zones visited"), t("{covered} of {total}", { covered: Object.keys(visited).length, total: Object.keys(all).length }));
    fact(t("Night visits (21:00–06:00)"), String(nights));
    if (o.required_coverage !== undefined) fact(t("Required visits planned"), Math.round(100 * o.required_coverage) + " %");
    if (o.night_requirements_met !== undefined) fact(t("Night requirements met"), Math.round(100 * o.night_requirements_met) + " %");
    fact(t("Travel time"), duration(o.travel_minutes));
    box.appendChild(dl);
    var gone = $("unvisited");
    gone.textContent = "";
    plan.unvisited.forEach(function (u) { gone.appendChild(el("li", {}, [el("bdi", { text: zoneName(u.zone) }), document.createTextNode(" — "), reasonWords(u)])); });
    if (!plan.unvisited.length) gone.appendChild(el("li", { text: t("Every zone is visited.") }));
    var weighted = $("weighted");
    weighted.textContent = "";
    (saved.weighted || []).forEach(function (w) {
      var factor = Math.round(w.weight / w.priority);
      var why = w.last_visit ? t("×{factor}, last visited {date}", { factor: factor, date: made(w.last_visit) }) : t("×{factor}, no visit on record", { factor: factor });
      weighted.appendChild(el("li", {}, [el("bdi", { text: w.name || w.zone }), document.createTextNode(" — " + why)]));
    });
    if (!weighted.childNodes.length) weighted.appendChild(el("li", { text: t("No zone weighed more than its priority this week.") }));
  }

  /* --- The round panel ------------------------------------------------------------------ */
  function stopItem(i, s, k, stops) {
    var item = el("li", {}, [el("span", { "class": "time", text: hm(s.start) + "–" + hm(s.end) }), document.createTextNode(" "),
      el("bdi", { text: zoneName(s.zone) }), el("span", { "class": "meta", text: " · " + t("arrives {time}", { time: hm(s.arrive) }) + (isNight(s.start) ? " · " + t("night") : "") })]);
    if (COORD) {
      var remove = el("button", { type: "button", "class": "link remove-stop", "data-zone": s.zone, text: t("Remove") });
      remove.setAttribute("aria-label", t("Remove {zone} from this round", { zone: zoneName(s.zone) }));
      remove.addEventListener("click", function () {
        edit(function (draft) { draft[i].zones.splice(k, 1); }, t("{zone} removed from the round.", { zone: zoneName(s.zone) }));
      });
      item.appendChild(document.createTextNode(" "));
      item.appendChild(remove);
    }
    return item;
  }
  function option(value, text) { var o = el("option", { value: value }); o.textContent = text; return o; }
  function controls(i, r) {
    var box = el("div", { "class": "round-edits" });
    var locked = state.draft[i].locked;
    var lock = el("button", { type: "button", id: "lock-round", "aria-pressed": String(locked), text: locked ? t("Unlock this round") : t("Lock this round") });
    lock.addEventListener("click", function () {
      edit(function (draft) { draft[i].locked = !locked; }, locked ? t("Round unlocked.") : t("Round locked: re-planning keeps it."));
    });
    box.appendChild(el("p", {}, [lock]));
    /* Add a zone: the unvisited ones first, at a chosen place in the round. */
    var zone = el("select", { id: "add-zone" }), where = el("select", { id: "add-where" });
    var gone = state.view.unvisited.map(function (u) { return u.zone; });
    /* Only the plan's own zones and teams: the validator knows the week as it was planned. */
    var known = Object.keys(state.saved.zones || {}).length ? Object.keys(state.saved.zones) : Object.keys(state.zones);
    var others = known.filter(function (z) { return gone.indexOf(z) < 0; })
      .sort(function (a, b) { return zoneName(a).localeCompare(zoneName(b), LANG); });
    if (gone.length) { var g1 = el("optgroup", { label: t("Unvisited") }); gone.forEach(function (z) { g1.appendChild(option(z, zoneName(z))); }); zone.appendChild(g1); }
    if (others.length) { var g2 = el("optgroup", { label: t("Other zones") }); others.forEach(function (z) { g2.appendChild(option(z, zoneName(z))); }); zone.appendChild(g2); }
    where.appendChild(option("0", t("First")));
    r.stops.forEach(function (s, k) { where.appendChild(option(String(k + 1), t("After {zone}", { zone: zoneName(s.zone) }))); });
    where.value = String(r.stops.length);
    var add = el("button", { type: "button", id: "add-button", text: t("Add to the round") });
    add.addEventListener("click", function () {
      var z = zone.value, at = Number(where.value);
      if (!z) return;
      edit(function (draft) { draft[i].zones.splice(at, 0, z); }, t("{zone} added to the round.", { zone: zoneName(z) }));
    });
    box.appendChild(el("fieldset", { "class": "inline-edit" }, [el("legend", { text: t("Add a zone") }),
      el("p", { "class": "field" }, [el("label", { "for": "add-zone", text: t("Zone") }), zone]),
      el("p", { "class": "field" }, [el("label", { "for": "add-where", text: t("Where in the round") }), where]), el("p", {}, [add])]));
    /* Move to another team. */
    var teams = Object.keys(state.saved.teams || {}).filter(function (id) { return id !== r.team; })
      .sort(function (a, b) { return teamName(a).localeCompare(teamName(b), LANG); });
    if (teams.length) {
      var pick = el("select", { id: "move-team" });
      teams.forEach(function (id) { pick.appendChild(option(id, teamName(id))); });
      var move = el("button", { type: "button", id: "move-button", text: t("Move") });
      move.addEventListener("click", function () {
        var to = pick.value;
        edit(function (draft) { draft[i].team = to; }, t("Round moved to {team}.", { team: teamName(to) }));
      });
      box.appendChild(el("fieldset", { "class": "inline-edit" }, [el("legend", { text: t("Move to another team") }),
        el("p", { "class": "field" }, [el("label", { "for": "move-team", text: t("Team") }), pick]), el("p", {}, [move])]));
    }
    return box;
  }
  function drawPanel() {
    var panel = $("round-panel"), i = state.selected;
    panel.textContent = "";
    if (i === null || !state.view.rounds[i]) {
      panel.appendChild(el("h3", { id: "round-title", text: t("Round") }));
      panel.appendChild(el("p", { "class": "hint", text: t("Choose a round in the week or on the map.") }));
      return;
    }
    var r = state.view.rounds[i];
    panel.appendChild(el("h3", { id: "round-title" }, [el("bdi", { text: teamName(r.team) }), document.createTextNode(" — " + weekday(r.depart))]));
    var facts = t("Leaves {start}, back {end} (shift {from}–{to})", { start: hm(r.depart), end: hm(r["return"]), from: hm(r.shift_start), to: hm(r.shift_end) });
    panel.appendChild(el("p", { "class": "round-facts" }, [document.createTextNode(facts),
      state.draft[i].locked ? el("span", { "class": "badge locked" }, [lockIcon(), document.createTextNode(" " + t("Locked"))]) : null]));
    var stops = el("ol", { "class": "stops" });
    r.stops.forEach(function (s, k) { stops.appendChild(stopItem(i, s, k, r.stops)); });
    if (!r.stops.length) stops.appendChild(el("li", { text: t("No stop.") }));
    panel.appendChild(stops);
    if (!state.dirty || !changed(i)) {
      var url = "/api/v1/plans/" + state.saved.id + "/rounds/" + i;
      panel.appendChild(el("p", { "class": "round-links" }, [el("a", { href: url + "/sheet", target: "_blank", text: t("Round sheet") }),
        document.createTextNode(" · "), el("a", { href: url + ".gpx", text: t("GPX") })]));
    }
    if (COORD) panel.appendChild(controls(i, r));
  }
  function select(i, fromWeek) {
    state.selected = i;
    history.replaceState(null, "", "#round-" + i);
    document.querySelectorAll(".round-block[data-round]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(Number(b.getAttribute("data-round")) === i));
      b.classList.toggle("selected", Number(b.getAttribute("data-round")) === i);
    });
    highlightLine(i);
    drawPanel();
    if (!fromWeek) $("round-panel").scrollIntoView({ block: "nearest" });
  }

  /* --- Edits, checked before they are saved ------------------------------------------- */
  function draftOf(saved) { return draftFrom(saved.plan, saved.locked || []); }
  /* The rounds as the revisions endpoint takes them, from a plan (format 1) and its locks. */
  function draftFrom(plan, locked) {
    return plan.rounds.map(function (r, i) {
      return { team: r.team, shift_start: r.shift_start, zones: r.stops.map(function (s) { return s.zone; }), locked: locked.indexOf(i) >= 0 };
    });
  }
  function changed(i) {
    var a = state.draft[i], b = draftOf(state.saved)[i];
    return !b || a.team !== b.team || a.zones.join() !== b.zones.join() || a.locked !== b.locked;
  }
  function onlyLocks(draft) {
    var base = draftOf(state.saved);
    return draft.length === base.length && draft.every(function (r, i) { return r.team === base[i].team && r.zones.join() === base[i].zones.join(); });
  }
  function clone(x) { return JSON.parse(JSON.stringify(x)); }
  function violationList(violations) {
    var ul = el("ul", { "class": "violations" });
    violations.forEach(function (v) { ul.appendChild(el("li", {}, violationText(v))); });
    return ul;
  }
  function edit(change, what) {
    if (state.busy) return;
    var next = clone(state.draft), out = $("draft-status");
    change(next);
    state.busy = true; buttons();
    say(out, [t("Checking the change…")]);
    api("/api/v1/plans/" + state.saved.id + "/revisions", { method: "POST", body: { rounds: next, dry_run: true } }).then(function (res) {
      state.busy = false;
      var answer = res.body;
      if (!answer.valid) {
        say(out, [t("Refused, nothing changed:") + " "], "problem");
        out.appendChild(violationList(answer.violations || []));
        buttons(); out.focus();
        return;
      }
      /* The plan as the server timed it (a round left with no zone is dropped). */
      state.draft = draftFrom(answer.plan, answer.locked || []); state.view = answer.plan; state.dirty = true; state.locksOnly = onlyLocks(state.draft);
      drawAll();
      say(out, [what + " " + t("Checked: the plan stays valid. Save it to keep it.")], "ok");
    }, function (err) {
      state.busy = false; buttons();
      say(out, problemNodes(t("The change could not be checked:"), err), "problem");
    });
  }
  function save() {
    var out = $("draft-status");
    state.busy = true; buttons();
    say(out, [t("Saving…")]);
    api("/api/v1/plans/" + state.saved.id + "/revisions", { method: "POST", body: { rounds: state.draft, dry_run: false }, accept: [422] }).then(function (res) {
      if (res.status === 422) {
        state.busy = false; buttons();
        say(out, [t("Refused, nothing saved:") + " "], "problem");
        out.appendChild(violationList((res.body && res.body.violations) || []));
        if (res.body && !(res.body.violations || []).length) out.appendChild(el("bdi", { lang: "en", text: res.body.detail || res.body.title }));
        return;
      }
      say(out, [t("Saved. Opening the new revision…")], "ok");
      window.location.assign(planHref(res.body.id));
    }, function (err) {
      state.busy = false; buttons();
      say(out, problemNodes(t("The revision could not be saved:"), err), "problem");
    });
  }
  function discard() {
    state.draft = draftOf(state.saved); state.view = state.saved.plan; state.dirty = false; state.locksOnly = true;
    drawAll();
    say($("draft-status"), [t("Changes discarded.")]);
  }
  function lockedIndices() { return state.draft.map(function (r, i) { return r.locked ? i : -1; }).filter(function (i) { return i >= 0; }); }
  function buttons() {
    if (!COORD || !state.draft) return;
    $("save-button").disabled = state.busy || !state.dirty;
    $("discard-button").disabled = state.busy || !state.dirty;
    $("replan-button").disabled = state.busy || !state.locksOnly || !lockedIndices().length;
    var why = $("replan-hint");
    why.textContent = !state.locksOnly ? t("Save or discard the changes first.") : !lockedIndices().length ? t("Lock at least one round first.")
      : t("{n, plural, one {# locked round is kept as it is.} other {# locked rounds are kept as they are.}}", { n: lockedIndices().length });
    document.querySelectorAll("#round-panel button, #round-panel select").forEach(function (b) { b.disabled = state.busy; });
  }
  if (COORD) {
    $("save-button").addEventListener("click", save);
    $("discard-button").addEventListener("click", discard);
    $("replan-button").addEventListener("click", function () {
      var seconds = form ? Number(form.elements.seconds.value) || 30 : 30;
      requestPlan({ week_start: state.saved.week_start, seconds: seconds, locked: { plan_id: state.saved.id, rounds: lockedIndices() } }, $("replan-status"));
    });
  }

  /* --- The plan ------------------------------------------------------------------------- */
  function drawAll() {
    drawWeek(); drawFigures(); drawPanel(); buttons();
    document.querySelectorAll(".round-block[data-round]").forEach(function (b) { b.classList.toggle("selected", Number(b.getAttribute("data-round")) === state.selected); });
    $("changes-note").hidden = !state.dirty;
  }
  function show(saved) {
    state.saved = saved; state.draft = draftOf(saved); state.view = saved.plan; state.dirty = false; state.locksOnly = true;
    var title = $("plan-title");
    title.textContent = t("Week of {date}", { date: longDate(saved.week_start) });
    var meta = [];
    if (saved.created_at) meta.push(t("Made {when}", { when: made(saved.created_at) }));
    $("plan-meta").textContent = meta.join(" · ");
    if (saved.revision_of) {
      $("plan-meta").appendChild(document.createTextNode((meta.length ? " · " : "")));
      $("plan-meta").appendChild(el("a", { href: planHref(saved.revision_of), text: t("Revision of an earlier plan") }));
    }
    var links = $("plan-links");
    links.textContent = "";
    links.appendChild(el("a", { href: "/api/v1/plans/" + saved.id + "/week.ics", text: t("Week calendar (ICS)") }));
    $("plan-body").hidden = false;
    var m = /^#round-(\d+)$/.exec(window.location.hash), i = m ? Number(m[1]) : null;
    state.selected = i !== null && i < saved.plan.rounds.length ? i : (saved.plan.rounds.length ? 0 : null);
    map.invalidateSize();
    drawMap(); drawAll(); markCurrent();
    if (state.selected !== null) highlightLine(state.selected);
  }
  function open(id) {
    $("plan-title").textContent = t("Loading…");
    return Promise.all([api("/api/v1/plans/" + id), zonesReady]).then(function (all) { show(all[0].body); }, function (err) {
      $("plan-title").textContent = err && err.status === 404 ? t("This plan was not found.") : t("The plan could not be loaded.");
      if (err && err.status !== 404) $("plan-meta").appendChild(el("span", {}, problemNodes("", err)));
    });
  }
  loadList(true).then(function (plans) {
    /* The form open on a wide screen, or when there is nothing else to see. */
    if (form) $("new-plan").open = !plans.length || window.matchMedia("(min-width: 64rem)").matches;
    if (C.plan) return open(C.plan);
    if (plans.length) return open(plans[0].id);
    $("plan-title").textContent = COORD ? t("No plan yet: plan a week.") : t("No plan yet.");
    return null;
  });
})();
