/* Maraude: the coordinators' directory pages. Search the directory; correct one service's
   hours, closures, languages, conditions, publics, phone and message of the moment, saved as a
   merge patch with the version read (If-Match); a save that lost a race shows both versions
   (conflict.js) and saves the choice with the new version; refused fields are marked beside
   themselves; nothing typed is lost. Every text from the API is put in the page as text. */
(function () {
  "use strict";
  var C = JSON.parse(document.getElementById("config").textContent);
  var W = C.words || {};
  var root = document.getElementById("console");
  var FIELDS = ["opening_hours", "closures", "languages", "interpreting", "conditions", "publics", "phone", "temporary_message"];
  var LTR = ["opening_hours", "phone", "closures"];

  function t(key) { return W[key] || key; }
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  /* Fetch through the API with the session cookie: {body, etag}, or an Error with its status
     and problem document. */
  function call(path, o) {
    o = o || {};
    var init = { method: o.method || "GET", credentials: "same-origin", headers: { Accept: "application/json" } };
    if (o.etag) init.headers["If-Match"] = o.etag;
    if (o.body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(o.body); }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (ignored) { body = null; }
        if (!r.ok) {
          var e = new Error((body && (body.detail || body.title)) || String(r.status));
          e.status = r.status; e.problem = body || {};
          throw e;
        }
        return { body: body, etag: r.headers.get("ETag") };
      });
    });
  }
  function say(node, text, cls) { node.textContent = ""; node.appendChild(el("p", { "class": cls || "", text: text })); }
  function failed() { say(root, t("Could not load: check the connection and reload the page."), "problem"); }
  function plainText(s) { return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }

  /* --- Search ----------------------------------------------------------------------------- */
  function directory() {
    var form = $("search");
    var asked = new URLSearchParams(location.search);
    ["q", "category", "city"].forEach(function (k) { if (asked.get(k)) form.elements[k].value = asked.get(k); });
    var list = null, more = null, asked = 0;
    function show(features) {
      features.forEach(function (f) {
        var p = f.properties;
        var cats = listed((p.categories || []).map(function (k) { return C.categories[k] || k; }));
        // The commune's name isolated: the line reads in the page's direction.
        var line = el("span", { "class": "hint" }, [p.city ? el("bdi", { text: p.city }) : null, p.city && cats ? " · " : "", cats]);
        list.appendChild(el("li", {}, [
          el("a", { href: "/app/directory/" + f.id + "?lang=" + C.lang }, [el("bdi", { text: p.name })]),
          line
        ]));
      });
    }
    /* The API filters by name and category; the commune is matched here, page after page,
       until enough services are found. */
    function fetchPage(query, city, cursor, found, pages) {
      var url = "/api/v1/services?limit=100&" + query + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      return call(url).then(function (r) {
        var fc = r.body, kept = fc.features;
        if (city) kept = kept.filter(function (f) { return plainText(f.properties.city).indexOf(city) >= 0; });
        found = found.concat(kept);
        if (fc.next_cursor && city && found.length < 50 && pages < 20) return fetchPage(query, city, fc.next_cursor, found, pages + 1);
        return { found: found, next: fc.next_cursor };
      });
    }
    function search(cursor) {
      var params = new URLSearchParams();
      var q = form.elements.q.value.trim(), category = form.elements.category.value, city = form.elements.city.value.trim();
      if (q) params.set("q", q);
      if (category) params.set("category", category);
      var shown = new URLSearchParams(params);
      if (city) shown.set("city", city);
      shown.set("lang", C.lang);
      history.replaceState(null, "", location.pathname + "?" + shown.toString());
      if (!cursor) { say(root, t("Loading…")); list = null; }
      if (more) { more.remove(); more = null; }
      var mine = ++asked;
      fetchPage(params.toString(), plainText(city), cursor, [], 1).then(function (got) {
        if (mine !== asked) return;  // a later search was asked for
        if (!list) {
          root.textContent = "";
          if (!got.found.length && !got.next) { say(root, t("No service found.")); return; }
          list = el("ul", { "class": "results-list" });
          root.appendChild(list);
        }
        show(got.found);
        if (got.next) {
          more = el("button", { type: "button", text: t("Show more") });
          more.addEventListener("click", function () { search(got.next); });
          root.appendChild(el("p", {}, [more]));
        }
      }).catch(failed);
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); search(null); });
    search(null);
  }

  /* --- One service: the form as values ---------------------------------------------------- */
  var form, editor = null, hoursOptions = null;
  var spokenNames = {};
  (C.spoken || []).forEach(function (x) { spokenNames[x[0]] = x[1]; });

  function localDay(iso, zone) {
    if (!iso) return "";
    try { return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso)); }
    catch (ignored) { return iso.slice(0, 10); }
  }
  /* 23:59 of a local day in the service's time zone, as an instant. */
  function endOfDay(day, zone) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || "");
    if (!m) return null;
    var guess = Date.UTC(+m[1], +m[2] - 1, +m[3], 23, 59);
    function offset(ms) {
      var parts = {};
      new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
        .formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
      return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute) - ms;
    }
    var at = guess - offset(guess);
    at = guess - offset(at);
    return new Date(at).toISOString();
  }
  function sorted(list) { return Array.from(new Set(list)).sort(); }

  /* The record's correctable fields, as the form holds them. */
  function fromRecord(p) {
    var m = p.temporary_message;
    var others = {};
    if (m) Object.keys(m.text || {}).forEach(function (k) { if (k !== "fr") others[k] = m.text[k]; });
    return {
      opening_hours: p.opening_hours || "",
      closures: (p.closures || []).map(function (c) { return { start: c.start, end: c.end, reason: c.reason || "" }; }),
      languages: sorted(p.languages || []),
      interpreting: !!p.interpreting,
      conditions: sorted(p.conditions || []),
      publics: sorted(p.publics || []),
      phone: p.phone || "",
      temporary_message: m ? { fr: (m.text || {}).fr || "", others: others, start: m.start || null, end: localDay(m.end, p.timezone) } : null
    };
  }
  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (i) { return i.checked; }).map(function (i) { return i.value; });
  }
  function check(name, values) {
    Array.prototype.forEach.call(form.querySelectorAll("input[name=" + name + "]"), function (i) { i.checked = values.indexOf(i.value) >= 0; });
  }
  var current = null, message = null;
  function read() {
    var typed = $("f-other-languages").value.replace(/[,;]/g, " ").toLowerCase().split(/\s+/).filter(Boolean);
    var closures = [];
    Array.prototype.forEach.call($("closure-rows").children, function (row) {
      var v = { start: row.querySelector(".c-start").value, end: row.querySelector(".c-end").value, reason: row.querySelector(".c-reason").value.trim() };
      if (v.start || v.end || v.reason) closures.push(v);
    });
    var fr = $("f-message").value.trim(), others = (message && message.others) || {};
    var said = fr || Object.keys(others).length;
    return {
      opening_hours: $("f-hours").value.trim(),
      closures: closures,
      languages: sorted(checked("languages").concat(typed)),
      interpreting: $("f-interpreting").checked,
      conditions: sorted(checked("conditions")),
      publics: sorted(checked("publics")),
      phone: $("f-phone").value.trim(),
      temporary_message: said ? { fr: fr, others: others, start: message ? message.start : null, end: $("f-message-end").value } : null
    };
  }
  function closureRow(c) {
    var row = el("div", { "class": "closure-row" });
    var start = el("input", { type: "date", "class": "c-start" }), end = el("input", { type: "date", "class": "c-end" });
    var reason = el("input", { type: "text", "class": "c-reason", dir: "auto", maxlength: "500" });
    start.value = c.start || ""; end.value = c.end || ""; reason.value = c.reason || "";
    var remove = el("button", { type: "button", "class": "remove", text: t("Remove this closure") });
    remove.addEventListener("click", function () {
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      (next ? next.querySelector("input") : $("add-closure")).focus();
    });
    row.appendChild(el("label", {}, [t("From") + " ", start]));
    row.appendChild(el("label", {}, [t("To") + " ", end]));
    row.appendChild(el("label", { "class": "c-reason-label" }, [t("Reason") + " ", reason]));
    row.appendChild(remove);
    return row;
  }
  function fill(v) {
    $("f-hours").value = v.opening_hours;
    var rows = $("closure-rows");
    rows.textContent = "";
    v.closures.forEach(function (c) { rows.appendChild(closureRow(c)); });
    var known = v.languages.filter(function (k) { return spokenNames[k]; });
    check("languages", known);
    $("f-other-languages").value = v.languages.filter(function (k) { return !spokenNames[k]; }).join(" ");
    $("f-interpreting").checked = v.interpreting;
    check("conditions", v.conditions);
    check("publics", v.publics);
    $("f-phone").value = v.phone;
    message = v.temporary_message;
    $("f-message").value = message ? message.fr : "";
    $("f-message-end").value = message ? message.end : "";
    if (editor) editor.refresh();
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function changed(now, before) {
    var out = {};
    FIELDS.forEach(function (k) { if (!same(now[k], before[k])) out[k] = now[k]; });
    return out;
  }
  /* The form's values as the API takes them. */
  function toApi(fields) {
    var out = {};
    Object.keys(fields).forEach(function (k) {
      var v = fields[k];
      if (k === "opening_hours" || k === "phone") out[k] = v || null;
      else if (k === "closures") out[k] = v.map(function (c) { return { start: c.start || null, end: c.end || null, reason: c.reason || null }; });
      else if (k === "temporary_message") {
        if (!v) { out[k] = null; return; }
        var text = Object.assign({}, v.others);
        if (v.fr) text.fr = v.fr;
        out[k] = { text: text, end: endOfDay(v.end, current.timezone) };
        if (v.start) out[k].start = v.start;
      } else out[k] = v;
    });
    return out;
  }

  /* --- How values read in the conflict module and the history ----------------------------- */
  var lister = window.Intl && Intl.ListFormat ? new Intl.ListFormat(C.lang, { style: "long", type: "conjunction" }) : null;
  function listed(items) { return lister ? lister.format(items) : items.join(", "); }
  function named(map) { return function (v) { return listed(v.map(function (k) { return map[k] || k; })); }; }
  function dayText(day) {
    if (!day) return t("Not given");
    return new Date(day + "T12:00:00").toLocaleDateString(C.lang, { year: "numeric", month: "short", day: "numeric" });
  }
  var FORMAT = {
    closures: function (v) { return v.map(function (c) { return dayText(c.start) + " → " + dayText(c.end) + (c.reason ? " (" + c.reason + ")" : ""); }).join("; "); },
    languages: named(spokenNames),
    conditions: named(C.conditionLabels || {}),
    publics: named(C.publicLabels || {}),
    interpreting: function (v) { return v ? "✓" : "—"; },
    temporary_message: function (v) { return (v.fr || Object.keys(v.others).map(function (k) { return v.others[k]; }).join(" / ")) + " — " + dayText(v.end); }
  };

  /* --- One service: load, save, conflicts, errors ----------------------------------------- */
  var base = null, etag = null;
  var status, problemBox, conflictBox;

  function clearErrors() {
    problemBox.hidden = true; problemBox.textContent = "";
    Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (e) { e.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (e) { e.removeAttribute("aria-invalid"); });
  }
  function firstInput(field) {
    var box = $("field-" + field) || $("field-languages");
    return box ? box.querySelector("input, textarea, select") : null;
  }
  function markField(field, text) {
    var spot = $("err-" + field);
    if (!spot) { problemBox.appendChild(el("span", { text: text })); problemBox.hidden = false; return null; }
    spot.textContent = text;
    var input = firstInput(field);
    if (input) input.setAttribute("aria-invalid", "true");
    return input;
  }
  function refused(problem) {
    var errors = problem.errors || [], first = null;
    problemBox.textContent = t("Not saved: check the fields marked.") + " ";
    problemBox.hidden = false;
    errors.forEach(function (x) {
      var field = String(x.pointer || "").split("/")[1] || "";
      var words = field === "opening_hours"
        ? t("These hours are not in OpenStreetMap syntax. Example:") + " " + C.hoursExample + " (" + x.detail + ")"
        : t("This value is not accepted: check it.") + " (" + x.detail + ")";
      first = markField(field, words) || first;
    });
    if (!errors.length) problemBox.appendChild(el("span", { text: problem.detail || "" }));
    status.textContent = "";
    (first || problemBox).focus();
  }
  /* An author the trail does not name: an account of another association, or none. */
  function author(x) {
    if (x.actor_role === "admin") return t("An administrator");
    if (x.actor_role) return t("A coordinator of another association");
    if (x.verified_by === "structure") return t("The service itself, through a verification link");
    if (x.verified_by === "import") return t("An import");
    return t("No account (a link sent to the service, or an import)");
  }
  function showHistory() {
    var box = $("history");
    $("history-section").hidden = false;
    call("/api/v1/services/" + C.service + "/history").then(function (r) {
      var entries = (r.body && r.body.entries) || [];
      box.textContent = "";
      if (!entries.length) { say(box, t("No change recorded yet.")); return; }
      var list = el("ul", { "class": "history-list" });
      entries.forEach(function (x) {
        var who = x.actor;
        // A creation sets every field: naming them says nothing.
        var fields = x.action === "create" ? [] : Array.from(new Set((x.fields || []).map(function (k) { return C.fieldLabels[k] || k; })));
        var when = new Date(x.at);
        list.appendChild(el("li", {}, [
          el("time", { datetime: x.at, text: when.toLocaleString(C.lang, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }) }),
          " · ",
          who ? el("bdi", { "class": "who", text: who }) : el("span", { "class": "who", text: author(x) }),
          " · ",
          el("strong", { text: C.actions[x.action] || x.action }),
          fields.length ? el("span", { "class": "fields", text: ": " + listed(fields) }) : null
        ]));
      });
      box.appendChild(list);
    }).catch(function () { say(box, t("Could not load the history.")); });
  }
  function loaded(r) {
    current = r.body.properties; etag = r.etag;
    if (hoursOptions) hoursOptions.timezone = current.timezone;
    $("name").textContent = current.name;
    $("service-city").textContent = current.city || "";
    fill(fromRecord(current));
    base = read();
  }
  function send(fields) {
    status.textContent = t("Saving…");
    return call("/api/v1/services/" + C.service, { method: "PATCH", etag: etag, body: toApi(fields) }).then(function (r) {
      loaded(r);
      status.textContent = t("Saved: the record changed.");
      showHistory();
    }).catch(function (e) {
      if (e.status === 412) return conflict(fields);
      if (e.status === 422) return refused(e.problem);
      status.textContent = e.status === 404 ? t("This service no longer exists.") : t("Refused:") + " " + e.message;
    });
  }
  /* The save lost a race: read the version saved meanwhile. A field typed here that nobody
     else changed keeps what was typed, a field changed only there takes the saved value, and
     each field changed on both sides to different values is shown side by side to choose;
     then the choice is saved with the new version. */
  function conflict(mine) {
    var before = base;
    return call("/api/v1/services/" + C.service).then(function (r) {
      var theirs = fromRecord(r.body.properties);
      current = r.body.properties; etag = r.etag;
      status.textContent = "";
      var both = {};
      Object.keys(mine).forEach(function (k) { if (!same(theirs[k], before[k])) both[k] = mine[k]; });
      form.hidden = true;
      Conflict.show(conflictBox, { mine: both, theirs: theirs, labels: C.fieldLabels, words: W, format: FORMAT, ltr: LTR }, function (merged) {
        form.hidden = false;
        var next = Object.assign({}, theirs, mine, merged);
        fill(next);
        base = theirs;
        var fields = changed(read(), base);
        if (!Object.keys(fields).length) { base = read(); status.textContent = t("The saved version is kept."); return; }
        send(fields);
      });
    }).catch(failed);
  }
  function service() {
    form = $("correct");
    status = $("save-status"); problemBox = $("save-problem"); conflictBox = $("conflict");
    problemBox.setAttribute("tabindex", "-1");
    say(root, t("Loading…"));
    if (window.HoursEditor) {
      // The editor reads its options at each check: the service's own time zone once loaded.
      hoursOptions = { chart: $("f-hours-chart"), status: $("f-hours-status"), words: W, timezone: C.timezone };
      editor = window.HoursEditor.attach($("f-hours"), hoursOptions);
    }
    $("add-closure").addEventListener("click", function () {
      var row = closureRow({});
      $("closure-rows").appendChild(row);
      row.querySelector("input").focus();
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearErrors();
      var now = read(), fields = changed(now, base);
      if (!Object.keys(fields).length) { status.textContent = t("Change something first."); return; }
      if (editor && "opening_hours" in fields && editor.valid() === false) {
        problemBox.textContent = t("Not saved: check the fields marked."); problemBox.hidden = false;
        markField("opening_hours", t("The hours are not valid: correct them before saving."));
        $("f-hours").focus();
        return;
      }
      var half = now.closures.some(function (c) { return !c.start || !c.end; });
      if (half) {
        problemBox.textContent = t("Not saved: check the fields marked."); problemBox.hidden = false;
        markField("closures", t("Give the first and the last day of each closure."));
        return;
      }
      send(fields);
    });
    call("/api/v1/services/" + C.service).then(function (r) {
      loaded(r);
      root.textContent = "";
      $("service-head").hidden = false;
      form.hidden = false;
      showHistory();
    }).catch(function (e) { if (e.status === 404) say(root, t("This service no longer exists.")); else failed(); });
  }

  var exit = document.getElementById("quick-exit");
  if (exit) exit.addEventListener("click", function () { location.replace(exit.getAttribute("data-href")); });
  ({ directory: directory, service: service })[C.page]();
})();
