/* Maraude: the coordinators' console (suggestions, campaigns, services to check). It reads
   and writes through the JSON API with the session cookie; every text from the API is put in
   the page as text, never as HTML. */
(function () {
  "use strict";
  var C = JSON.parse(document.getElementById("config").textContent);
  var W = C.words || {};
  var root = document.getElementById("console");
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(C.lang) : null;

  function t(key, values) {
    var s = W[key] || key;
    values = values || {};
    s = s.replace(/\{(\w+), plural,((?:\s*[\w=]+\s*\{[^{}]*\})+)\s*\}/g, function (all, name, forms) {
      var n = Number(values[name]), chosen = {}, m, re = /([\w=]+)\s*\{([^{}]*)\}/g;
      while ((m = re.exec(forms))) chosen[m[1]] = m[2];
      var form = chosen["=" + n] || chosen[rules ? rules.select(n) : (n === 1 ? "one" : "other")] || chosen.other || "";
      return form.split("#").join(Number(n).toLocaleString(C.lang));
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
  function day(iso) {
    if (!iso) return t("Not given");
    var d = new Date(iso.length === 10 ? iso + "T12:00:00" : iso);
    return d.toLocaleDateString(C.lang, { year: "numeric", month: "long", day: "numeric" });
  }
  function api(path, options) {
    var o = Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {});
    if (o.body !== undefined) { o.headers["Content-Type"] = "application/json"; o.body = JSON.stringify(o.body); }
    return fetch(path, o).then(function (r) {
      return r.text().then(function (text) {
        var body = text ? JSON.parse(text) : null;
        if (!r.ok) { var e = new Error((body && (body.detail || body.title)) || String(r.status)); e.status = r.status; throw e; }
        return body;
      });
    });
  }
  function failed() { root.textContent = ""; root.appendChild(el("p", { "class": "problem", text: t("Could not load: check the connection and reload the page.") })); }
  function field(label, input) {
    var id = "f" + Math.random().toString(36).slice(2);
    input.id = id;
    return el("p", { "class": "field" }, [el("label", { "for": id, text: label }), input]);
  }
  function fact(dl, label, value, ltr) {
    dl.appendChild(el("dt", { text: label }));
    dl.appendChild(el("dd", {}, [el("bdi", { text: value, dir: ltr ? "ltr" : "auto" })]));
  }
  function record(p) {
    var dl = el("dl", { "class": "facts" });
    var said = function (v) { return v === null || v === undefined || v === "" || (v.length === 0) ? t("Not given") : v; };
    fact(dl, t("Opening hours"), said(p.opening_hours), true);
    fact(dl, t("Closures"), said((p.closures || []).map(function (x) { return x.start + " → " + x.end + (x.reason ? " (" + x.reason + ")" : ""); }).join("; ")), true);
    var msg = p.temporary_message;
    fact(dl, t("Message of the moment"), msg ? Object.keys(msg.text || {}).map(function (k) { return msg.text[k]; }).join(" / ") : t("Not given"));
    fact(dl, t("Phone"), said(p.phone), true);
    fact(dl, t("E-mail"), said(p.email), true);
    fact(dl, t("Website"), said(p.website), true);
    fact(dl, t("Conditions"), said((p.conditions || []).map(function (v) { return C.conditionLabels[v] || v; }).join(", ")));
    fact(dl, t("People welcomed"), said((p.publics || []).map(function (v) { return C.publicLabels[v] || v; }).join(", ")));
    fact(dl, t("Languages spoken"), said((p.languages || []).join(", ")), true);
    fact(dl, t("Last checked"), day(p.last_verified));
    return dl;
  }

  /* --- Suggestions ---------------------------------------------------------------------- */
  function editForm(s, current, done) {
    var form = el("form", { "class": "edit" });
    var inputs = {}, fresh = !s.service_id;
    function text(name, label, value) {
      var i = el("input", { type: "text", dir: "auto" }); i.value = value || ""; inputs[name] = i;
      form.appendChild(field(label, i)); return i;
    }
    if (fresh) {
      text("name", t("Name"), "");
      var cat = el("select", {});
      Object.keys(C.categories).forEach(function (k) { cat.appendChild(el("option", { value: k, text: C.categories[k] })); });
      inputs.category = cat; form.appendChild(field(t("Category"), cat));
      text("address", t("Address"), ""); text("city", t("City"), "");
    }
    text("opening_hours", t("Opening hours"), current.opening_hours).setAttribute("dir", "ltr");
    text("phone", t("Phone"), current.phone).setAttribute("dir", "ltr");
    text("email", t("E-mail"), current.email).setAttribute("dir", "ltr");
    text("website", t("Website"), current.website).setAttribute("dir", "ltr");
    var from = el("input", { type: "date" }), to = el("input", { type: "date" });
    var row = el("div", { "class": "closure-row" }, [field(t("Closure from"), from), field(t("to"), to)]);
    form.appendChild(row);
    var note = el("textarea", { rows: "2", dir: "auto" });
    var until = el("input", { type: "date" });
    form.appendChild(field(t("Message of the moment (French)"), note));
    form.appendChild(field(t("until"), until));
    var out = el("p", { "class": "status-line", role: "status" });
    form.appendChild(el("p", {}, [el("button", { type: "submit", "class": "primary", text: t("Accept with these changes") })]));
    form.appendChild(out);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var patch = {};
      ["opening_hours", "phone", "email", "website"].forEach(function (k) {
        var v = inputs[k].value.trim();
        if (v !== (current[k] || "")) patch[k] = v || null;
      });
      if (fresh) {
        ["name", "address", "city"].forEach(function (k) { if (inputs[k].value.trim()) patch[k] = inputs[k].value.trim(); });
        patch.categories = [inputs.category.value];
      }
      if (from.value && to.value) patch.closures = (current.closures || []).concat([{ start: from.value, end: to.value }]);
      if (note.value.trim() && until.value) patch.temporary_message = { text: { fr: note.value.trim() }, end: new Date(until.value + "T23:59").toISOString() };
      if (!Object.keys(patch).length) { out.textContent = t("Change something first."); return; }
      done(patch, out);
    });
    return form;
  }
  function suggestionItem(s, current) {
    var item = el("article", { "class": "item" });
    item.appendChild(el("h4", {}, [el("span", { text: C.kinds[s.kind] || s.kind }), " — ", el("span", { "class": "reference", dir: "ltr", text: s.reference })]));
    item.appendChild(el("p", { "class": "hint", text: t("Sent on") + " " + day(s.created_at) }));
    item.appendChild(el("p", { "class": "message", dir: "auto", text: s.message }));
    item.appendChild(el("p", {}, s.contact ? [el("strong", { text: t("Contact (erased when handled)") + " " }), el("bdi", { text: s.contact })] : [t("No contact left.")]));
    var out = el("p", { "class": "status-line", role: "status" });
    function after(promise, word) {
      promise.then(function () { item.textContent = ""; item.appendChild(el("p", { text: word + " " + s.reference })); })
        .catch(function (e) { out.textContent = t("Refused:") + " " + e.message; });
    }
    if (s.proposed) {
      var dl = el("dl", { "class": "facts" });
      Object.keys(s.proposed).forEach(function (k) { fact(dl, C.fieldLabels[k] || k, JSON.stringify(s.proposed[k]), true); });
      item.appendChild(el("h5", { text: t("Proposed change") }));
      item.appendChild(dl);
      var accept = el("button", { type: "button", "class": "primary", text: t("Accept the change") });
      accept.addEventListener("click", function () { after(api("/api/v1/suggestions/" + s.reference + "/accept", { method: "POST", body: {} }), t("Accepted: the record changed.")); });
      item.appendChild(el("p", { "class": "actions" }, [accept]));
    }
    if (s.status === "pending") {
      var edit = el("details", {}, [el("summary", { text: t("Edit then accept") })]);
      edit.appendChild(editForm(s, current || {}, function (patch, line) {
        api("/api/v1/suggestions/" + s.reference + "/accept", { method: "POST", body: { patch: patch } })
          .then(function () { item.textContent = ""; item.appendChild(el("p", { text: t("Accepted: the record changed.") + " " + s.reference })); })
          .catch(function (e) { line.textContent = t("Refused:") + " " + e.message; });
      }));
      item.appendChild(edit);
    }
    var reason = el("textarea", { rows: "2", dir: "auto", maxlength: "500" });
    var reject = el("form", { "class": "reject" }, [field(t("Reason (the author reads it)"), reason), el("button", { type: "submit", text: t("Reject") })]);
    reject.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!reason.value.trim()) { out.textContent = t("Give a reason to reject."); reason.focus(); return; }
      after(api("/api/v1/suggestions/" + s.reference + "/reject", { method: "POST", body: { reason: reason.value.trim() } }), t("Rejected."));
    });
    item.appendChild(reject);
    item.appendChild(out);
    return item;
  }
  function suggestions() {
    api("/api/v1/suggestions?status=" + encodeURIComponent(C.status)).then(function (list) {
      root.textContent = "";
      if (!list.items.length) { root.appendChild(el("p", { text: t(C.status === "held" ? "Nothing is held back." : "No suggestion waits.") })); return; }
      var groups = [], byService = {};
      list.items.forEach(function (s) {
        var key = s.service_id || s.reference;
        if (!byService[key]) { byService[key] = { service: s.service_id, name: s.service_name, items: [] }; groups.push(byService[key]); }
        byService[key].items.push(s);
      });
      groups.forEach(function (g) {
        var section = el("section", { "class": "item group" });
        section.appendChild(el("h2", {}, [el("bdi", { text: g.name || t("A new service") })]));
        if (g.items.length > 1) section.appendChild(el("p", { "class": "hint", text: t("{n, plural, one {# report about this service} other {# reports about this service}}", { n: g.items.length }) }));
        var grid = el("div", { "class": "side-by-side" });
        var left = el("div", {}, [el("h3", { text: t("Current record") })]);
        var right = el("div", {});
        grid.appendChild(left); grid.appendChild(right); section.appendChild(grid);
        root.appendChild(section);
        var shown = g.service ? api("/api/v1/services/" + g.service).then(function (f) { left.appendChild(record(f.properties)); return f.properties; }) : Promise.resolve(null);
        shown.catch(function () { left.appendChild(el("p", { text: t("Not given") })); return null; }).then(function (p) {
          if (!g.service) left.remove();
          g.items.forEach(function (s) { right.appendChild(suggestionItem(s, p)); });
        });
      });
    }).catch(failed);
  }

  /* --- Campaigns ------------------------------------------------------------------------ */
  var COUNTS = [["services", "services"], ["with_email", "with e-mail"], ["sent", "sent"], ["reminded", "reminded"], ["confirmed", "confirmed"], ["corrected", "corrected"]];
  function counts(c) {
    var box = el("div", { "class": "counts" });
    COUNTS.forEach(function (k) { box.appendChild(el("div", {}, [el("strong", { text: Number(c[k[0]]).toLocaleString(C.lang) }), t(k[1])])); });
    box.appendChild(el("div", {}, [el("strong", { text: Number(c.services - c.confirmed - c.corrected).toLocaleString(C.lang) }), t("not answered")]));
    return box;
  }
  function campaigns() {
    var form = document.getElementById("start-campaign"), status = document.getElementById("c-status");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var title = form.elements.title.value.trim();
      if (!title) { status.textContent = t("Give a title."); return; }
      var body = { title: title, stale_only: form.elements.stale_only.checked,
        categories: Array.prototype.filter.call(form.elements.categories.options, function (o) { return o.selected; }).map(function (o) { return o.value; }) };
      if (form.elements.days.value) body.days = Number(form.elements.days.value);
      api("/api/v1/campaigns", { method: "POST", body: body }).then(function (made) {
        location.href = "/app/campaigns/" + made.id + "?lang=" + C.lang;
      }).catch(function (err) { status.textContent = t("Refused:") + " " + err.message; });
    });
    api("/api/v1/campaigns").then(function (list) {
      root.textContent = "";
      if (!list.items.length) { root.appendChild(el("p", { text: t("No campaign yet.") })); return; }
      list.items.forEach(function (c) {
        var item = el("article", { "class": "item" });
        item.appendChild(el("h3", {}, [el("a", { href: "/app/campaigns/" + c.id + "?lang=" + C.lang, text: c.title })]));
        item.appendChild(el("p", { "class": "hint", text: t("Expires on") + " " + day(c.expires_at) }));
        item.appendChild(counts(c));
        root.appendChild(item);
      });
    }).catch(failed);
  }
  function allLinks(id, after, found) {
    return api("/api/v1/campaigns/" + id + "?answered=false&limit=500&after=" + after).then(function (c) {
      found = found.concat(c.links);
      return c.next_after ? allLinks(id, c.next_after, found) : { campaign: c, links: found };
    });
  }
  function campaign() {
    allLinks(C.campaign, 0, []).then(function (got) {
      var c = got.campaign;
      root.textContent = "";
      root.appendChild(el("h2", { text: c.title }));
      root.appendChild(el("p", { "class": "hint", text: t("Expires on") + " " + day(c.expires_at) }));
      root.appendChild(counts(c));
      var line = el("p", { "class": "status-line", role: "status" });
      var remind = el("button", { type: "button", text: t("Remind by e-mail") });
      remind.addEventListener("click", function () {
        api("/api/v1/campaigns/" + c.id + "/reminders", { method: "POST" })
          .then(function () { line.textContent = t("Reminders are on their way."); })
          .catch(function (e) { line.textContent = e.status === 409 || e.status === 503 ? t("This instance sends no e-mail: phone the services listed.") : t("Refused:") + " " + e.message; });
      });
      var print = el("button", { type: "button", text: t("Print") });
      print.addEventListener("click", function () { window.print(); });
      root.appendChild(el("p", { "class": "actions no-print" }, [remind, print]));
      root.appendChild(line);
      root.appendChild(el("h3", { text: t("Not answered") }));
      var table = el("table", { "class": "print-links" });
      table.appendChild(el("thead", {}, [el("tr", {}, [el("th", { text: t("Name") }), el("th", { text: t("Phone") }), el("th", { text: t("E-mail") }), el("th", { text: t("Link") })])]));
      var body = el("tbody", {});
      got.links.forEach(function (x) {
        body.appendChild(el("tr", {}, [el("td", {}, [el("bdi", { text: x.name })]), el("td", { dir: "ltr", "class": "tel", text: x.phone || "" }), el("td", { dir: "ltr", text: x.email || "" }),
          el("td", { dir: "ltr" }, [el("a", { href: x.url, text: x.url, rel: "noreferrer" })])]));
      });
      table.appendChild(body);
      root.appendChild(el("div", { "class": "table-wrap", role: "region", "aria-label": t("Not answered"), tabindex: "0" }, [table]));
    }).catch(failed);
  }

  /* --- Services to check ---------------------------------------------------------------- */
  function toCheck() {
    api("/api/v1/services/to-check?limit=500").then(function (fc) {
      root.textContent = "";
      if (!fc.features.length) { root.appendChild(el("p", { text: t("Everything was checked lately.") })); return; }
      var hideMs = C.hideAfterDays * 86400000, now = Date.now();
      var table = el("table", {});
      table.appendChild(el("thead", {}, [el("tr", {}, [el("th", { text: t("Name") }), el("th", { text: t("Last checked") }), el("th", { text: t("Phone") })])]));
      var body = el("tbody", {});
      fc.features.forEach(function (f) {
        var p = f.properties, checked = new Date(p.last_verified + "T12:00:00").getTime();
        var since = checked + hideMs < now ? t("Hidden from the public since {date}", { date: day(new Date(checked + hideMs).toISOString()) }) : t("Not checked since {date}", { date: day(p.last_verified) });
        body.appendChild(el("tr", {}, [el("td", {}, [el("a", { href: "/service/" + (f.id || p.id) + "?lang=" + C.lang }, [el("bdi", { text: p.name })])]), el("td", { text: since }), el("td", { dir: "ltr", text: p.phone || "" })]));
      });
      table.appendChild(body);
      root.appendChild(el("div", { "class": "table-wrap", role: "region", "aria-label": t("Last checked"), tabindex: "0" }, [table]));
    }).catch(failed);
  }

  var exit = document.getElementById("quick-exit");
  if (exit) exit.addEventListener("click", function () { location.replace(exit.getAttribute("data-href")); });
  root.appendChild(el("p", { text: t("Loading…") }));
  ({ suggestions: suggestions, campaigns: campaigns, campaign: campaign, "to-check": toCheck })[C.page]();
})();
