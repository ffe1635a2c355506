/* Maraude: the coordinators' zones page, and the editing kit it shares with the teams page
   (which loads this file first): a list, a map, a form read and written through the JSON API
   with the session cookie and If-Match. A refused or failed save keeps the form as typed; a
   save that lost a race (412) shows both versions of each differing field to choose from.
   Every text from the API goes into the page as text, never as HTML. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, W = C.words || {};
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(C.lang) : null;

  function t(key, values) {
    var s = W[key] || key;
    values = values || {};
    s = s.replace(/\{(\w+), plural,((?:\s*[\w=]+\s*\{[^{}]*\})+)\s*\}/g, function (all, name, forms) {
      var n = Number(values[name]), chosen = {}, m, re = /([\w=]+)\s*\{([^{}]*)\}/g;
      while ((m = re.exec(forms))) chosen[m[1]] = m[2];
      var form = chosen["=" + n] || chosen[rules ? rules.select(n) : (n === 1 ? "one" : "other")] || chosen.other || "";
      return form.split("#").join(n.toLocaleString(C.lang));
    });
    Object.keys(values).forEach(function (k) { s = s.split("{" + k + "}").join(String(values[k])); });
    return s;
  }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  /* The API: resolves {status, body, etag}; rejects with the problem's detail, its status and
     body, or with status 0 when the network failed. */
  function api(path, options) {
    var o = Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {});
    o.headers = Object.assign({}, o.headers);
    if (o.body !== undefined) { o.headers["Content-Type"] = "application/json"; o.body = JSON.stringify(o.body); }
    return fetch(path, o).then(function (r) {
      return r.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!r.ok) {
          var err = new Error((body && (body.detail || body.title)) || String(r.status));
          err.status = r.status; err.problem = body || {};
          throw err;
        }
        return { status: r.status, body: body, etag: r.headers.get("ETag") };
      });
    }, function () { var err = new Error("network"); err.status = 0; err.problem = {}; throw err; });
  }

  /* Values compared as the API keeps them: lists as sets, coordinates to 6 decimals. */
  function norm(v) {
    if (Array.isArray(v)) {
      var items = v.map(norm);
      return items.every(function (x) { return typeof x === "string"; }) ? items.slice().sort() : items;
    }
    if (typeof v === "number") return Math.round(v * 1e6) / 1e6;
    if (v && typeof v === "object") {
      var out = {};
      Object.keys(v).sort().forEach(function (k) { out[k] = norm(v[k]); });
      return out;
    }
    return v === undefined || v === "" ? null : v;
  }
  function same(a, b) { return JSON.stringify(norm(a)) === JSON.stringify(norm(b)); }

  /* --- The form: elements marked data-field, read and written as the API's values ------- */
  var FIELD = "[data-field]:not(.conflict-field)";  // the conflict module marks its fieldsets too
  function fieldsOf(form) { return Array.prototype.slice.call(form.querySelectorAll(FIELD)); }
  function readField(node) {
    if (node.tagName === "FIELDSET") {
      var checked = Array.prototype.filter.call(node.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
      var langs = node.querySelector("[data-languages]");
      if (langs) checked = checked.concat(langs.value.toLowerCase().split(/[\s,;]+/).filter(Boolean));
      return checked.filter(function (v, i) { return checked.indexOf(v) === i; });
    }
    var v = node.value.trim();
    if (node.type === "number" || node.getAttribute("data-type") === "int") return v === "" ? null : Number(v);
    if (node.required) return v;
    return v === "" ? null : v;
  }
  function writeField(node, value) {
    if (node.tagName === "FIELDSET") {
      var list = value || [], known = [];
      Array.prototype.forEach.call(node.querySelectorAll("input[type=checkbox]"), function (c) {
        c.checked = list.indexOf(c.value) >= 0; known.push(c.value);
      });
      var langs = node.querySelector("[data-languages]");
      if (langs) langs.value = list.filter(function (v) { return known.indexOf(v) < 0; }).join(", ");
      return;
    }
    node.value = value === null || value === undefined ? "" : String(value);
  }
  function labelOf(form, name) {
    var node = form.querySelector(FIELD.replace("]", "='" + name + "']"));
    if (!node) return name;
    if (node.tagName === "FIELDSET") return node.querySelector("legend").textContent.trim();
    var label = form.querySelector("label[for='" + node.id + "']");
    return label ? label.textContent.trim() : name;
  }
  /* A value in words: an option's label, a list, or "not given". */
  function said(form, name, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return t("Not given");
    var node = form.querySelector(FIELD.replace("]", "='" + name + "']"));
    if (node && node.tagName === "SELECT") {
      var option = node.querySelector("option[value='" + String(value).replace(/'/g, "") + "']");
      if (option) return option.textContent;
    }
    if (node && node.tagName === "FIELDSET" && Array.isArray(value)) {
      return value.map(function (v) {
        var box = node.querySelector("input[value='" + String(v).replace(/'/g, "") + "']");
        return box ? box.parentNode.textContent.trim() : v;
      }).join(", ");
    }
    return Array.isArray(value) ? value.join(", ") : String(value);
  }

  /* --- One page: a list, a map and a form (spec: what differs between zones and teams) --- */
  function editor(spec) {
    var form = document.getElementById("edit-form"), rows = document.getElementById("item-rows");
    var status = document.getElementById("edit-status"), errors = document.getElementById("edit-errors");
    var listStatus = document.getElementById("item-status"), box = document.getElementById("edit-conflict");
    var title = document.getElementById("form-title"), items = [], current = null;

    function say(text) { status.textContent = text; }
    var marked = [];
    function clearErrors() {
      errors.textContent = "";
      marked.forEach(function (n) { n.removeAttribute("aria-invalid"); });
      marked = [];
    }
    function showProblem(err) {
      clearErrors();
      if (err.status === 0) { say(t("Not saved: check the connection, then save again. Nothing you typed is lost.")); return; }
      say(t("Refused:") + " " + err.message);
      (err.problem.errors || []).forEach(function (e) {
        var name = (e.pointer || "").split("/")[1] || "";
        var node = name && form.querySelector(FIELD.replace("]", "='" + name + "']"));
        if (node && node.tagName !== "FIELDSET") { node.setAttribute("aria-invalid", "true"); marked.push(node); }
        errors.appendChild(el("li", {}, [name ? el("b", { text: (spec.labels()[name] || name) + " : " }) : null, el("span", { text: e.detail })]));
      });
    }
    function read() {
      var values = {};
      fieldsOf(form).forEach(function (n) { values[n.getAttribute("data-field")] = readField(n); });
      return spec.read(values);
    }
    function write(values) {
      fieldsOf(form).forEach(function (n) { var k = n.getAttribute("data-field"); if (k in values) writeField(n, values[k]); });
      spec.write(values);
    }
    function open(entry) {
      current = entry;
      clearErrors(); box.textContent = ""; say("");
      write(entry.base);
      form.hidden = false;
      title.textContent = entry.id ? t(spec.words.title, { name: entry.base[spec.nameField] }) : t(spec.words.fresh);
      document.getElementById("edit-delete").hidden = !entry.id;
      rows.querySelectorAll("tr").forEach(function (tr) { tr.setAttribute("aria-current", String(tr.getAttribute("data-id") === entry.id)); });
      title.focus();
    }
    function select(id) {
      say(t("Loading…")); form.hidden = false;
      api(spec.path + "/" + id).then(function (got) {
        open({ id: id, etag: got.etag, base: spec.valuesOf(got.body) });
      }, function (err) { showProblem(err); });
    }
    function list() {
      return api(spec.path + "?limit=500").then(function (got) {
        items = spec.listOf(got.body);
        rows.textContent = "";
        listStatus.textContent = items.length ? "" : t(spec.words.none);
        items.forEach(function (item) {
          var values = spec.valuesOf(item), b = el("button", { type: "button", "class": "link" }, [el("bdi", { text: values[spec.nameField] })]);
          b.addEventListener("click", function () { select(item.id); });
          var tr = el("tr", { "data-id": item.id, "aria-current": String(!!current && current.id === item.id) }, [el("td", {}, [b])]);
          spec.cells(values).forEach(function (c) {  // a cell: its text, or [text, direction]
            tr.appendChild(Array.isArray(c) ? el("td", { dir: c[1] }, [el("bdi", { text: c[0] })]) : el("td", { text: c }));
          });
          rows.appendChild(tr);
        });
        spec.drawAll(items, select, current && current.id);
      }, function () { listStatus.textContent = t("Could not load: check the connection and reload the page."); });
    }
    function saved(got) {
      current = { id: got.body.id, etag: got.etag, base: spec.valuesOf(got.body) };
      write(current.base);
      title.textContent = t(spec.words.title, { name: current.base[spec.nameField] });
      document.getElementById("edit-delete").hidden = false;
      return list().then(function () { say(t("Saved.")); });
    }
    /* Lost a race: the fields typed here that differ from the version saved meanwhile are
       shown both ways (conflict.js); the others take the saved version; then save again. */
    function lost(mine) {
      return api(spec.path + "/" + current.id).then(function (got) {
        var theirs = spec.valuesOf(got.body), typed = {}, format = {};
        Object.keys(mine).forEach(function (k) {
          if (!same(mine[k], current.base[k])) typed[k] = mine[k];
          format[k] = function (v) { return spec.format(k, v) || said(form, k, v); };
        });
        current = { id: current.id, etag: got.etag, base: theirs };
        say(t("Someone else saved this record while you were editing it."));
        window.Conflict.show(box, { mine: typed, theirs: theirs, labels: spec.labels(), words: W, format: format, ltr: spec.ltr },
          function (chosen) { write(Object.assign({}, theirs, chosen)); save(); });
      }, function (err) {
        if (err.status === 404) { current = { id: null, base: current.base }; say(t("It was deleted meanwhile: save it again to create it anew.")); }
        else showProblem(err);
      });
    }
    function save() {
      clearErrors();
      var mine = read(), patch = {}, missing = spec.before && spec.before(mine);
      if (missing) { say(missing); return Promise.resolve(); }
      if (!current.id) {
        say(t("Saving…"));
        return api(spec.path, { method: "POST", body: mine }).then(saved, showProblem);
      }
      Object.keys(mine).forEach(function (k) { if (!same(mine[k], current.base[k])) patch[k] = mine[k]; });
      if (!Object.keys(patch).length) { say(t("Nothing changed.")); return Promise.resolve(); }
      say(t("Saving…"));
      return api(spec.path + "/" + current.id, { method: "PATCH", body: patch, headers: { "If-Match": current.etag } })
        .then(saved, function (err) {
          if (err.status === 412) return lost(mine);
          if (err.status === 404) { current = { id: null, base: current.base }; say(t("It was deleted meanwhile: save it again to create it anew.")); return; }
          showProblem(err);
        });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); save(); });
    document.getElementById("new-item").addEventListener("click", function () { open({ id: null, base: spec.blank() }); });
    document.getElementById("edit-close").addEventListener("click", function () {
      form.hidden = true; current = null; spec.write(null); list();
      document.getElementById("new-item").focus();
    });
    document.getElementById("edit-delete").addEventListener("click", function () {
      if (!current || !current.id) return;
      if (!window.confirm(t(spec.words.confirm, { name: current.base[spec.nameField] }))) return;
      api(spec.path + "/" + current.id, { method: "DELETE", headers: { "If-Match": current.etag } }).then(function () {
        form.hidden = true; current = null; spec.write(null);
        list().then(function () { listStatus.textContent = t("Deleted."); });
      }, function (err) {
        if (err.status === 412) { showProblem(err); select(current.id); } else showProblem(err);
      });
    });
    list();
    return { current: function () { return current; }, read: read, form: form, select: select };
  }

  window.ConsoleEdit = { t: t, el: el, api: api, same: same, editor: editor, labelOf: labelOf };
  /* Markers are placed and dragged with a pointer; the form is the keyboard's way (a vertex
     focusable without a name would only be noise). */
  L.Marker.prototype.options.keyboard = false;
  if (C.page !== "zones") return;

  /* --- Zones ------------------------------------------------------------------------------ */
  var map = R.baseMap("edit-map");
  var form = document.getElementById("edit-form"), kind = document.getElementById("z-kind");
  var shapeSaid = document.getElementById("z-shape-said"), geojson = document.getElementById("z-geojson");
  var others = L.featureGroup().addTo(map), shape = null, fitted = false;
  var STYLE = { color: "#6a1b9a", weight: 3, fillOpacity: 0.15 }, EDITED = { color: "#b3261e", weight: 4, fillOpacity: 0.2 };
  map.pm.setLang("en", {
    tooltips: { placeMarker: t("Click to place the point"), placeMarkerTouch: t("Click to place the point"),
      firstVertex: t("Click to place the first point"), continueLine: t("Click to continue"),
      finishLine: t("Click the last point to finish"), finishPoly: t("Click the first point to close the area") },
    actions: { finish: t("Finish"), cancel: t("Cancel"), removeLastVertex: t("Remove the last point") }
  }, "en");
  map.pm.setGlobalOptions({ pathOptions: EDITED, templineStyle: EDITED, hintlineStyle: Object.assign({ dashArray: "5,5" }, EDITED), snappable: false });
  var presence = window.HoursEditor.attach(document.getElementById("z-presence"), {
    chart: document.getElementById("z-presence-chart"), status: document.getElementById("z-presence-status"),
    words: W, timezone: C.timezone
  });

  function geometryOf(layer) { return layer ? layer.toGeoJSON(6).geometry : null; }
  function describe(g) {
    if (!g) return t("No place: an online zone.");
    if (g.type === "Point") return t("A point");
    if (g.type === "LineString") return t("{n, plural, one {A line of # point} other {A line of # points}}", { n: g.coordinates.length });
    return t("{n, plural, one {An area of # corner} other {An area of # corners}}", { n: Math.max(0, g.coordinates[0].length - 1) });
  }
  function shown() {
    var g = geometryOf(shape);
    shapeSaid.textContent = describe(g);
    geojson.value = g ? JSON.stringify(g) : "";
  }
  function setShape(layer) {
    if (shape) { shape.pm.disable(); map.removeLayer(shape); }
    shape = layer;
    if (shape) {
      if (shape.setStyle) shape.setStyle(EDITED);
      shape.addTo(map);
      shape.pm.enable({ allowSelfIntersection: false, snappable: false });
      shape.on("pm:edit pm:dragend pm:markerdragend pm:vertexremoved", shown);
    }
    shown();
  }
  function layerOf(geometry, name) {
    if (!geometry) return null;
    return L.GeoJSON.geometryToLayer({ type: "Feature", geometry: geometry, properties: {} }, {
      pointToLayer: function (f, ll) { return L.marker(ll, { title: name || "", alt: name || "" }); }
    });
  }
  function kindShown() {
    var k = kind.value;
    form.querySelectorAll("[data-if-kind]").forEach(function (n) { n.hidden = n.getAttribute("data-if-kind") !== k; });
    form.querySelectorAll("[data-unless-kind]").forEach(function (n) { n.hidden = n.getAttribute("data-unless-kind") === k; });
    if (shape) { if (k === "online") map.removeLayer(shape); else if (!map.hasLayer(shape)) setShape(shape); }
  }
  kind.addEventListener("change", kindShown);
  form.querySelectorAll("[data-draw]").forEach(function (b) {
    b.addEventListener("click", function () {
      map.pm.disableDraw();
      map.pm.enableDraw(b.getAttribute("data-draw"), { markerStyle: { title: t("New zone"), alt: t("New zone") }, snappable: false, continueDrawing: false });
      shapeSaid.textContent = t("Drawing: click or tap on the map; click the first point again to close an area.");
      document.getElementById("edit-map").scrollIntoView({ block: "nearest" });
    });
  });
  map.on("pm:create", function (e) {
    map.removeLayer(e.layer);
    setShape(e.layer);
  });
  document.getElementById("z-geojson-apply").addEventListener("click", function () {
    var g = null;
    try { g = JSON.parse(geojson.value); } catch (e) { g = null; }
    if (g && g.type === "Feature") g = g.geometry;
    if (!g || ["Point", "LineString", "Polygon"].indexOf(g.type) < 0 || !Array.isArray(g.coordinates)) {
      shapeSaid.textContent = t("The shape as text is not valid GeoJSON."); return;
    }
    try { setShape(layerOf(g)); } catch (e) { shapeSaid.textContent = t("The shape as text is not valid GeoJSON."); return; }
    if (shape.getBounds) map.fitBounds(shape.getBounds(), { maxZoom: 17 }); else map.setView(shape.getLatLng(), 17);
  });

  function valuesOf(f) { return Object.assign({}, f.properties, { geometry: f.geometry }); }
  var FIELDS = ["name", "kind", "geometry", "platform", "starts_on", "ends_on", "premises", "owner_agreement", "presence",
    "estimated_people", "commune", "needs", "visit_minutes", "min_visits", "max_visits", "min_night_visits",
    "min_weekend_visits", "requires", "priority"];
  var zones = editor({
    path: "/api/v1/zones",
    nameField: "name",
    words: { title: "Zone: {name}", fresh: "New zone", confirm: "Delete the zone {name}? This cannot be undone.", none: "No zone yet." },
    listOf: function (body) { return body.features || []; },
    valuesOf: function (f) {
      var v = valuesOf(f), out = {};
      FIELDS.forEach(function (k) { out[k] = v[k] === undefined ? null : v[k]; });
      return out;
    },
    blank: function () {
      return { name: "", kind: "street", geometry: null, platform: null, starts_on: null, ends_on: null, premises: null,
        owner_agreement: null, presence: "", estimated_people: null, commune: null, needs: [], visit_minutes: 30,
        min_visits: 1, max_visits: 2, min_night_visits: 0, min_weekend_visits: 0, requires: [], priority: 3 };
    },
    read: function (v) {
      v.geometry = v.kind === "online" ? null : geometryOf(shape);
      if (v.kind !== "online") v.platform = null;
      return v;
    },
    write: function (v) {
      if (!v) { setShape(null); drawAll(null); return; }
      if ("geometry" in v) {
        setShape(layerOf(v.geometry, v.name));
        if (shape) { if (shape.getBounds) map.fitBounds(shape.getBounds(), { maxZoom: 17 }); else map.setView(shape.getLatLng(), Math.max(map.getZoom(), 15)); }
      }
      kindShown();
      presence.refresh();
      drawAll(zones && zones.current() && zones.current().id);
    },
    labels: function () {
      var out = {};
      FIELDS.forEach(function (k) { out[k] = k === "geometry" ? form.querySelector(".shape legend").textContent.trim() : labelOf(form, k); });
      return out;
    },
    format: function (name, v) { return name === "geometry" ? describe(v) : null; },
    ltr: ["presence", "commune", "starts_on", "ends_on"],
    cells: function (v) {
      return [C.kinds[v.kind] || v.kind, [v.commune || "—", "ltr"], String(v.priority),
        t("{min}–{max} a week", { min: v.min_visits, max: v.max_visits })];
    },
    drawAll: function (items, select, editing) { all = items; pick = select; drawAll(editing); }
  });
  var all = [], pick = null;
  function drawAll(editing) {
    others.clearLayers();
    all.forEach(function (f) {
      if (!f.geometry || f.id === editing) return;
      var layer = L.geoJSON(f, { style: STYLE, pmIgnore: true,
        pointToLayer: function (ft, ll) { return L.circleMarker(ll, Object.assign({ radius: 9, pmIgnore: true }, STYLE)); } });
      layer.eachLayer(function (l) {
        l.bindTooltip(el("span", { text: f.properties.name }), { className: "zone-label" });
        l.on("click", function () { if (!map.pm.globalDrawModeEnabled()) pick(f.id); });
      });
      others.addLayer(layer);
    });
    if (!fitted && others.getLayers().length) { fitted = true; map.fitBounds(others.getBounds(), { maxZoom: 16, padding: [20, 20] }); }
  }
  window.ConsoleZones = { map: map, zones: zones, presence: presence };
})();
