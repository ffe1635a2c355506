/* Maraude console: the association's alerts in force (withdraw one), and an alert to compose:
   kind, area drawn on the map or the whole territory, severity, hours in the association's time
   zone, a message per language (French required); the zones and rounds it touches are shown
   before it is published. Everything goes through the JSON API with the session cookie; every
   text from the API is put in the page as text, never as HTML. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.translator(C.lang, C.words || {});
  var TZ = C.timezone;
  var form = document.getElementById("alert-form"), list = document.getElementById("alerts-list");
  var problem = document.getElementById("a-problem"), status = document.getElementById("a-status");
  var out = document.getElementById("a-preview-out"), touched = document.getElementById("a-touched");
  var areaLine = document.getElementById("a-area"), drawBox = document.getElementById("a-draw");
  var kinds = {}, severities = {};
  C.choices.kinds.forEach(function (k) { kinds[k[0]] = k[1]; });
  C.choices.severities.forEach(function (k) { severities[k[0]] = k[1]; });

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  /* A call to the API; a refusal rejects with its problem document (detail, field errors). */
  function api(path, options) {
    var o = Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {});
    if (o.body !== undefined) { o.headers["Content-Type"] = "application/json"; o.body = JSON.stringify(o.body); }
    return fetch(path, o).then(function (r) {
      return r.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!r.ok) throw Object.assign(new Error((body && (body.detail || body.title)) || String(r.status)), { status: r.status, problem: body || {} });
        return body;
      });
    }, function () { throw Object.assign(new Error(t("Could not reach the server: check the connection.")), { problem: {} }); });
  }

  /* --- Times in the association's time zone ------------------------------------------- */
  function offsetAt(ms) {
    var p = {};
    new Intl.DateTimeFormat("en-US", { timeZone: TZ, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value; });
    return Math.round((Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second) - ms) / 60000);
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  /* "2026-12-07T20:00" read in the zone, as an instant with its offset (RFC 3339). */
  function instant(local) {
    var m = local.split(/[-T:]/).map(Number);
    var guess = Date.UTC(m[0], m[1] - 1, m[2], m[3], m[4]);
    var off = offsetAt(guess - offsetAt(guess) * 60000), a = Math.abs(off);
    return local.slice(0, 16) + ":00" + (off < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + ":" + pad(a % 60);
  }
  function localInput(ms) {
    var p = {};
    new Intl.DateTimeFormat("en-US", { timeZone: TZ, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value; });
    return p.year + "-" + p.month + "-" + p.day + "T" + pad(+p.hour % 24) + ":" + p.minute;
  }
  function when(iso) {
    return new Intl.DateTimeFormat(C.lang, { weekday: "short", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZone: TZ }).format(new Date(iso));
  }

  /* --- The map and the area ------------------------------------------------------------ */
  var map = null, drawn = null;
  function areaSaid() {
    if (!drawn) { areaLine.textContent = t("No area drawn yet."); return; }
    var n = drawn.getLatLngs()[0].length;
    areaLine.textContent = t("{n, plural, one {Area drawn: # corner.} other {Area drawn: # corners.}}", { n: n });
  }
  function keep(layer) {
    if (drawn && drawn !== layer) map.removeLayer(drawn);
    drawn = layer;
    drawn.setStyle({ color: "#b3261e", weight: 3, fillOpacity: 0.15 });
    if (drawn.pm) { drawn.pm.enable({ allowSelfIntersection: false }); drawn.on("pm:edit", function () { areaSaid(); changed(); }); }
    areaSaid();
    changed();
  }
  function startMap() {
    if (map) return;
    map = R.baseMap("a-map");
    map.attributionControl.setPosition("bottomleft");
    api("/api/v1/zones").then(function (zones) {
      var shown = L.geoJSON(zones, { interactive: false, pmIgnore: true, style: { color: "#1f4e8c", weight: 2, fillOpacity: 0.1, className: "zone-shape" },
        pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 6, color: "#1f4e8c", weight: 2, pmIgnore: true, interactive: false, className: "zone-shape" }); } }).addTo(map);
      /* The association's zones in sight, with room around them to draw. */
      var b = shown.getBounds();
      if (b.isValid() && !drawn) map.fitBounds(b.pad(0.6), { maxZoom: 16 });
    }).catch(function () { /* the area can be drawn without them */ });
    if (map.pm) {
      map.pm.setGlobalOptions({ tooltips: false, snappable: false });
      map.on("pm:create", function (e) { keep(e.layer); });
    }
    areaSaid();
  }
  function draw(shape) {
    startMap();
    if (!map.pm) return;
    if (drawn) { map.removeLayer(drawn); drawn = null; areaSaid(); }
    map.pm.enableDraw(shape, { tooltips: false, snappable: false, allowSelfIntersection: false, finishOn: null });
    areaLine.textContent = t(shape === "Rectangle" ? "Click two opposite corners on the map." : "Click each corner on the map, then the first one again to close the area.");
  }
  document.getElementById("a-rect").addEventListener("click", function () { draw("Rectangle"); });
  document.getElementById("a-poly").addEventListener("click", function () { draw("Polygon"); });
  document.getElementById("a-view").addEventListener("click", function () {
    startMap();
    if (map.pm) map.pm.disableDraw();
    keep(L.rectangle(map.getBounds().pad(-0.1)).addTo(map));
  });
  document.getElementById("a-clear").addEventListener("click", function () {
    if (map && map.pm) map.pm.disableDraw();
    if (drawn) { map.removeLayer(drawn); drawn = null; }
    areaSaid();
    changed();
  });
  function where() { return form.querySelector("input[name=a-where]:checked").value; }
  function showWhere() {
    drawBox.hidden = where() !== "area";
    if (!drawBox.hidden) { startMap(); map.invalidateSize(); }
    changed();
  }
  Array.prototype.forEach.call(form.querySelectorAll("input[name=a-where]"), function (r) { r.addEventListener("change", showWhere); });
  function polygon() {
    var ring = drawn.getLatLngs()[0].map(function (p) { return [Number(p.lng.toFixed(6)), Number(p.lat.toFixed(6))]; });
    ring.push(ring[0].slice());
    return { type: "Polygon", coordinates: [ring] };
  }

  /* --- The draft ----------------------------------------------------------------------- */
  var kind = document.getElementById("a-kind"), recall = document.getElementById("a-recall");
  function showKind() { recall.hidden = kind.value !== "equipment-recall"; }
  kind.addEventListener("change", showKind);
  showKind();
  var onset = document.getElementById("a-onset"), expires = document.getElementById("a-expires");
  var start = Math.floor(Date.now() / 6e4) * 6e4;
  onset.value = localInput(start);
  expires.value = localInput(start + 24 * 36e5);

  function value(id) { var e = document.getElementById(id); return e ? e.value.trim() : ""; }
  function draft() {
    var body = {
      kind: kind.value, audience: "association",
      severity: value("a-severity"), urgency: value("a-urgency"), certainty: value("a-certainty"),
      onset: onset.value ? instant(onset.value) : null, expires: expires.value ? instant(expires.value) : null,
      messages: {}
    };
    if (kind.value === "equipment-recall") { body.product = value("a-product") || null; body.batch = value("a-batch") || null; }
    if (where() === "area") body.polygon = drawn ? polygon() : null;
    C.languages.forEach(function (l) {
      var code = l[0], m = { headline: value("m-" + code + "-headline"), description: value("m-" + code + "-description") };
      var instruction = value("m-" + code + "-instruction");
      if (instruction) m.instruction = instruction;
      if (code === "fr" || m.headline || m.description || instruction) body.messages[code] = m;
    });
    return body;
  }
  /* What the page checks itself before asking the server (the server checks it all again). */
  function missing(body) {
    var wrong = [];
    if (!body.messages.fr.headline) wrong.push(["m-fr-headline", t("A headline in French is required.")]);
    if (!body.messages.fr.description) wrong.push(["m-fr-description", t("A description in French is required.")]);
    if (!body.onset) wrong.push(["a-onset", t("Say when the alert starts.")]);
    if (!body.expires) wrong.push(["a-expires", t("Say when the alert ends.")]);
    if (body.onset && body.expires && new Date(body.expires) <= new Date(body.onset)) wrong.push(["a-expires", t("The end must come after the start.")]);
    if (where() === "area" && !drawn) wrong.push(["a-rect", t("Draw the area on the map, or choose the whole territory.")]);
    return wrong;
  }

  function clearProblems() {
    problem.hidden = true;
    problem.textContent = "";
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (e) { e.removeAttribute("aria-invalid"); });
  }
  /* The refusal said to the user, each field at fault marked and named. */
  function showProblem(message, fields) {
    problem.textContent = "";
    problem.appendChild(el("p", {}, [el("strong", { text: t("Not saved:") + " " }), el("bdi", { text: message })]));
    if (fields.length) {
      var ul = el("ul");
      fields.forEach(function (f) {
        var target = f[0] ? document.getElementById(f[0]) : null;
        if (target) {
          target.setAttribute("aria-invalid", "true");
          var det = target.closest("details");
          if (det) det.open = true;
        }
        var label = target && target.id ? form.querySelector("label[for='" + target.id + "']") : null;
        ul.appendChild(el("li", {}, [label ? el("span", { text: label.textContent + " — " }) : null, el("bdi", { text: f[1] })]));
      });
      problem.appendChild(ul);
    }
    problem.hidden = false;
    problem.setAttribute("tabindex", "-1");
    problem.focus();
  }
  function refused(e) {
    var fields = ((e.problem && e.problem.errors) || []).map(function (x) {
      var target = x.pointer ? form.querySelector("[data-pointer='" + x.pointer + "']") : null;
      var named = x.pointer && x.pointer !== "/" && !target;
      return [target ? target.id : null, (named ? x.pointer.slice(1) + ": " : "") + x.detail];
    });
    showProblem(e.message, fields);
  }

  var previewed = null;
  function changed() {
    if (previewed === null) return;
    previewed = null;
    out.hidden = true;
    status.textContent = t("Changed since the preview: preview again before publishing.");
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  function touchedList(result) {
    touched.textContent = "";
    var zones = result.zones || [], rounds = result.rounds || [];
    touched.appendChild(el("p", { text: zones.length ? t("{n, plural, one {# zone of the association is in the area:} other {# zones of the association are in the area:}}", { n: zones.length }) : t("No zone of the association is in the area.") }));
    if (zones.length) touched.appendChild(el("ul", { "class": "touched-zones" }, zones.map(function (z) { return el("li", {}, [el("bdi", { text: z.name })]); })));
    touched.appendChild(el("p", { text: rounds.length ? t("{n, plural, one {# round due there:} other {# rounds due there:}}", { n: rounds.length }) : t("No round due there.") }));
    if (rounds.length) {
      touched.appendChild(el("ul", { "class": "touched-rounds" }, rounds.map(function (r) {
        var start = r.depart || r.shift_start;
        return el("li", {}, [el("bdi", { text: r.team }), start ? " — " + t("departs {time}", { time: when(start) }) : null]);
      })));
    }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearProblems();
    var body = draft(), wrong = missing(body);
    if (wrong.length) { showProblem(t("Some fields need attention."), wrong); return; }
    status.textContent = t("Looking for the zones and rounds it touches…");
    api("/api/v1/alerts/preview", { method: "POST", body: body }).then(function (result) {
      previewed = body;
      touchedList(result);
      out.hidden = false;
      status.textContent = t("Nothing is published yet: check what it touches, then publish.");
      document.getElementById("preview-title").focus();
    }).catch(function (err) { status.textContent = ""; refused(err); });
  });

  function resetDraft() {
    C.languages.forEach(function (l) {
      ["headline", "description", "instruction"].forEach(function (f) { document.getElementById("m-" + l[0] + "-" + f).value = ""; });
    });
    document.getElementById("a-product").value = "";
    document.getElementById("a-batch").value = "";
    if (drawn) { map.removeLayer(drawn); drawn = null; areaSaid(); }
  }
  document.getElementById("a-publish").addEventListener("click", function () {
    if (!previewed) return;
    var body = previewed, button = this;
    button.disabled = true;
    clearProblems();
    api("/api/v1/alerts", { method: "POST", body: body }).then(function (alert) {
      previewed = null;
      out.hidden = true;
      resetDraft();
      status.textContent = new Date(alert.onset) > new Date()
        ? t("Published: the teams will see it from {time}.", { time: when(alert.onset) })
        : t("Published: the teams see it on their map.");
      load(alert.id);
    }).catch(refused).then(function () { button.disabled = false; });
  });

  /* --- The alerts in force -------------------------------------------------------------- */
  function message(a) {
    var lang = a.messages[C.lang] ? C.lang : (a.messages.fr ? "fr" : Object.keys(a.messages)[0]);
    return { lang: lang, m: a.messages[lang] || {} };
  }
  function alertItem(a) {
    var item = el("article", { "class": "item alert-item", "data-id": a.id });
    var said = message(a), attrs = said.lang !== C.lang ? { lang: said.lang, dir: "auto" } : {};
    item.appendChild(el("h3", {}, [el("bdi", Object.assign({ text: said.m.headline || "" }, attrs))]));
    var facts = el("dl", { "class": "facts" });
    function fact(label, text) { facts.appendChild(el("dt", { text: label })); facts.appendChild(el("dd", {}, [el("bdi", { text: text })])); }
    fact(t("Kind"), kinds[a.kind] || a.kind);
    fact(t("Severity"), severities[a.severity] || a.severity);
    fact(t("For"), a.audience === "public" ? t("Everyone (public alert)") : t("The association's teams"));
    fact(t("In force"), t("from {start} to {end}", { start: when(a.onset), end: when(a.expires) }));
    fact(t("Area"), a.area ? t("An area on the map") : t("The whole territory"));
    if (a.zones) fact(t("Zones in the area"), a.zones.length ? a.zones.map(function (z) { return z.name; }).join(", ") : t("None"));
    if (a.field) fact(t("Raised from the field"), a.confirmed ? t("Confirmed") : t("Not confirmed yet"));
    item.appendChild(facts);
    if (said.m.description) item.appendChild(el("p", Object.assign({ "class": "message", text: said.m.description }, attrs)));
    if (a.audience !== "public") item.appendChild(withdrawControl(a, item));
    return item;
  }
  /* Withdrawing asks once more, in the page, before it is done. */
  function withdrawControl(a, item) {
    var box = el("div", { "class": "actions" }), line = el("p", { "class": "status-line", role: "status" });
    var ask = el("button", { type: "button", "class": "withdraw", text: t("Withdraw this alert") });
    var sure = el("div", { "class": "confirm", hidden: "" }, [
      el("p", { text: t("Withdraw it for every team now?") }),
      el("button", { type: "button", "class": "danger", text: t("Yes, withdraw it") }),
      el("button", { type: "button", text: t("No, keep it") })
    ]);
    ask.addEventListener("click", function () { sure.hidden = false; ask.hidden = true; sure.querySelector("button").focus(); });
    sure.querySelectorAll("button")[1].addEventListener("click", function () { sure.hidden = true; ask.hidden = false; ask.focus(); });
    sure.querySelector("button").addEventListener("click", function () {
      api("/api/v1/alerts/" + a.id, { method: "DELETE" }).then(function () {
        item.textContent = "";
        item.appendChild(el("p", { role: "status", "class": "withdrawn", text: t("Withdrawn.") }));
      }).catch(function (e) { line.textContent = t("Not saved:") + " " + e.message; });
    });
    box.appendChild(ask); box.appendChild(sure); box.appendChild(line);
    return box;
  }
  function load(focusId) {
    api("/api/v1/alerts").then(function (body) {
      list.textContent = "";
      if (!body.alerts.length) { list.appendChild(el("p", { text: t("No alert in force.") })); return; }
      body.alerts.forEach(function (a) { list.appendChild(alertItem(a)); });
      if (focusId) {
        var fresh = list.querySelector("[data-id='" + focusId + "']");
        if (fresh) fresh.classList.add("fresh");
      }
    }).catch(function () {
      list.textContent = "";
      list.appendChild(el("p", { "class": "problem", text: t("Could not load: check the connection and reload the page.") }));
    });
  }
  load();
  showWhere();
})();
