/* Maraude field app: the round report. Tonight's rounds with their zones preselected; for
   each zone visited, counts only (people met, material handed out, referrals by kind, rapid
   tests), the same closed fields as the API. Kept on the phone as it is typed (IndexedDB, with
   the report's key), sent when the network is there, counted once whatever happens. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.t, el = R.el, F;
  var form = document.getElementById("report-form"), zonesBox = document.getElementById("r-zones");
  var roundSelect = document.getElementById("r-round"), dateInput = document.getElementById("r-date");
  var addLine = document.getElementById("r-add-zone-line"), addSelect = document.getElementById("r-add-zone");
  var problem = document.getElementById("r-problem"), done = document.getElementById("r-done");
  var send = document.getElementById("r-send");
  var draft = null, rounds = [], knownZones = {};
  var KEEP_SENT = 20;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function localDate(iso) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: C.timezone || undefined }).format(iso ? new Date(iso) : new Date());
  }
  function when(iso) {
    return new Intl.DateTimeFormat(C.lang, { weekday: "long", hour: "2-digit", minute: "2-digit", timeZone: C.timezone || undefined }).format(new Date(iso));
  }
  function day(iso) {
    return new Intl.DateTimeFormat(C.lang, { weekday: "long", day: "numeric", month: "long" }).format(new Date(iso + "T12:00:00"));
  }
  function blank(key) {
    return { key: key || uuid(), user: C.user, state: "draft", created: new Date().toISOString(),
      form: { round: "", visited_on: localDate(), zones: [] } };
  }
  function zoneEntry(id) {
    return { id: id, visited: true, people_met: 0, rapid_tests: 0, material: {}, referrals: {} };
  }
  /* Kept as typed: ids and counts only (the zones' names come from tonight's copy). */
  function save() { return F.saveDraft(draft); }
  function zoneName(id) { return knownZones[id] || t("Zone"); }

  /* A count with large − and + buttons around it. */
  function stepper(label, value, onChange, id) {
    var input = el("input", { id: id, type: "number", inputmode: "numeric", min: "0", max: "10000", step: "1", value: String(value || 0), dir: "ltr" });
    function set(v) { v = Math.max(0, Math.min(10000, Math.floor(Number(v) || 0))); input.value = String(v); onChange(v); }
    var minus = el("button", { type: "button", "class": "step", "aria-label": t("One less: {what}", { what: label }), text: "−" });
    var plus = el("button", { type: "button", "class": "step", "aria-label": t("One more: {what}", { what: label }), text: "+" });
    minus.addEventListener("click", function () { set(Number(input.value) - 1); });
    plus.addEventListener("click", function () { set(Number(input.value) + 1); });
    input.addEventListener("change", function () { set(input.value); });
    return el("div", { "class": "stepper" }, [el("label", { "for": id, text: label }), el("span", { "class": "step-controls" }, [minus, input, plus])]);
  }

  function zoneBlock(z, i) {
    var idp = "z" + i + "-";
    var box = el("fieldset", { "class": "zone-report" + (z.visited ? "" : " skipped"), "data-zone": z.id });
    box.appendChild(el("legend", {}, [el("bdi", { text: zoneName(z.id) })]));
    var visited = el("input", { type: "checkbox", id: idp + "visited" });
    visited.checked = z.visited;
    visited.addEventListener("change", function () { z.visited = visited.checked; box.classList.toggle("skipped", !z.visited); body.hidden = !z.visited; save(); });
    box.appendChild(el("p", { "class": "check" }, [visited, el("label", { "for": idp + "visited", text: t("Visited") })]));
    var body = el("div", { "class": "zone-counts" });
    body.hidden = !z.visited;
    body.appendChild(stepper(t("People met"), z.people_met, function (v) { z.people_met = v; save(); }, idp + "people"));
    body.appendChild(stepper(t("Rapid tests done"), z.rapid_tests, function (v) { z.rapid_tests = v; save(); }, idp + "tests"));
    var material = el("details", { "class": "counts", open: "" }, [el("summary", { text: t("Material handed out") })]);
    C.materials.forEach(function (m, j) {
      material.appendChild(stepper(m[1], z.material[m[0]], function (v) { if (v) z.material[m[0]] = v; else delete z.material[m[0]]; save(); }, idp + "m" + j));
    });
    body.appendChild(material);
    var referrals = el("details", { "class": "counts" }, [el("summary", { text: t("Referrals, by kind of service") })]);
    if (Object.keys(z.referrals).length) referrals.setAttribute("open", "");
    Object.keys(C.categoryLabels).forEach(function (slug, j) {
      referrals.appendChild(stepper(C.categoryLabels[slug], z.referrals[slug], function (v) { if (v) z.referrals[slug] = v; else delete z.referrals[slug]; save(); }, idp + "c" + j));
    });
    body.appendChild(referrals);
    box.appendChild(body);
    return box;
  }

  function drawZones() {
    zonesBox.textContent = "";
    if (!draft.form.zones.length) zonesBox.appendChild(el("p", { "class": "hint", text: t("Choose a round, or add the zones visited.") }));
    draft.form.zones.forEach(function (z, i) { zonesBox.appendChild(zoneBlock(z, i)); });
    addSelect.textContent = "";
    addSelect.appendChild(el("option", { value: "", text: t("Choose a zone") }));
    var listed = draft.form.zones.map(function (z) { return z.id; });
    Object.keys(knownZones).filter(function (id) { return listed.indexOf(id) < 0; })
      .sort(function (a, b) { return knownZones[a].localeCompare(knownZones[b], C.lang); })
      .forEach(function (id) { addSelect.appendChild(el("option", { value: id, text: knownZones[id] })); });
    addLine.hidden = addSelect.options.length < 2;
  }
  function drawForm() {
    roundSelect.value = draft.form.round;
    dateInput.value = draft.form.visited_on;
    drawZones();
  }
  function chooseRound(value) {
    draft.form.round = value;
    var r = rounds.filter(function (x) { return x.plan + ":" + x.index === value; })[0];
    if (r) {
      var seen = {};
      draft.form.zones = r.stops.filter(function (s) { if (seen[s.zone]) return false; seen[s.zone] = 1; return true; })
        .map(function (s) { return zoneEntry(s.zone); });
      draft.form.visited_on = localDate(r.shift_start);
    }
    save(); drawForm();
  }

  function body() {
    var zones = draft.form.zones.filter(function (z) { return z.visited; }).map(function (z) {
      return { zone_id: z.id, people_met: z.people_met, rapid_tests: z.rapid_tests, material: z.material, referrals: z.referrals };
    });
    return { key: draft.key, visited_on: draft.form.visited_on, zones: zones };
  }

  /* What was recorded, the stock left and what runs low. */
  function showDone(item) {
    var sent = item.state === "sent";
    form.hidden = true; done.hidden = false;
    var title = document.getElementById("r-done-title");
    title.textContent = sent ? t("Report recorded") : t("Kept on this phone: it will be sent when the network returns.");
    var list = document.getElementById("r-recorded"); list.textContent = "";
    var totals = { people: 0, tests: 0, pieces: 0, referrals: 0 };
    item.body.zones.forEach(function (z) {
      totals.people += z.people_met; totals.tests += z.rapid_tests;
      Object.keys(z.material).forEach(function (m) { totals.pieces += z.material[m]; });
      Object.keys(z.referrals).forEach(function (c) { totals.referrals += z.referrals[c]; });
    });
    [t("{n, plural, one {# zone visited} other {# zones visited}}", { n: item.body.zones.length }),
     t("{n, plural, one {# person met} other {# people met}}", { n: totals.people }),
     t("{n, plural, one {# piece of material handed out} other {# pieces of material handed out}}", { n: totals.pieces }),
     t("{n, plural, one {# referral} other {# referrals}}", { n: totals.referrals }),
     t("{n, plural, one {# rapid test} other {# rapid tests}}", { n: totals.tests })
    ].forEach(function (line) { list.appendChild(el("li", { text: line })); });
    var stock = document.getElementById("r-stock"); stock.textContent = "";
    var labels = {}; C.materials.forEach(function (m) { labels[m[0]] = m[1]; });
    F.getJSON("/api/v1/stock").then(function (s) {
      s.items.forEach(function (i) {
        stock.appendChild(el("li", { "class": i.low ? "low" : "" }, [el("span", { text: (labels[i.item] || i.item) + " : " + i.quantity.toLocaleString(C.lang) }),
          i.low ? el("strong", { text: " — " + t("Low: order more") }) : null]));
      });
      if (!s.items.length) stock.appendChild(el("li", { text: t("No stock recorded yet.") }));
    }, function () { stock.appendChild(el("li", { text: t("The stock will show when the network returns.") })); });
    title.focus();
  }

  function drawOutbox(items) {
    var list = document.getElementById("r-outbox"); list.textContent = "";
    var shown = items.filter(function (i) { return i.state !== "draft"; }).sort(function (a, b) { return b.created.localeCompare(a.created); });
    if (!shown.length) list.appendChild(el("li", { text: t("None yet.") }));
    shown.forEach(function (i) {
      var words = { waiting: t("Waiting to be sent"), sent: t("Sent"), refused: t("Refused") }[i.state];
      var line = el("li", { "class": "outbox-" + i.state, "data-key": i.key }, [
        el("span", { text: day(i.body.visited_on) + " — " + t("{n, plural, one {# zone visited} other {# zones visited}}", { n: i.body.zones.length }) + " — " + words })]);
      if (i.state === "refused") {
        line.appendChild(el("div", { "class": "problem" }, [el("bdi", { lang: "en", text: i.problem || "" })]));
        var fix = el("button", { type: "button", text: t("Correct it") });
        fix.addEventListener("click", function () {
          draft = { key: i.key, user: C.user, state: "draft", created: i.created, form: i.form || blank(i.key).form };
          save().then(function () { form.hidden = false; done.hidden = true; drawForm(); F.outbox().then(drawOutbox); });
        });
        line.appendChild(fix);
      }
      list.appendChild(line);
    });
  }
  /* Reports sent stay listed a day (twenty at most); drafts left behind go. */
  function prune(items) {
    var sent = items.filter(function (i) { return i.state === "sent"; }).sort(function (a, b) { return b.created.localeCompare(a.created); });
    var day = Date.now() - 24 * 3600 * 1000;
    sent.forEach(function (i, n) { if (n >= KEEP_SENT || Date.parse(i.sent || i.created) < day) F.dropDraft(i.key); });
    var drafts = items.filter(function (i) { return i.state === "draft"; }).sort(function (a, b) { return b.created.localeCompare(a.created); });
    drafts.slice(1).forEach(function (i) { F.dropDraft(i.key); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    problem.hidden = true;
    var b = body();
    if (!b.zones.length) { problem.textContent = t("Tick at least one zone visited."); problem.hidden = false; return; }
    if (!b.visited_on || b.visited_on > localDate()) { problem.textContent = t("The date of the round cannot be in the future."); problem.hidden = false; return; }
    var item = { key: draft.key, user: C.user, body: b, form: draft.form, state: "waiting", created: draft.created };
    /* The form moves on to a new report at once: a tap now cannot touch the one sent. */
    draft = blank(); save(); drawForm();
    send.disabled = true;
    F.submit(item).then(function () { return F.outbox(); }).then(function (items) {
      send.disabled = false;
      var mine = items.filter(function (i) { return i.key === item.key; })[0] || item;
      drawOutbox(items);
      if (mine.state === "refused") {
        draft = { key: mine.key, user: C.user, state: "draft", created: mine.created, form: mine.form };
        save(); drawForm();
        problem.textContent = t("The report was refused:") + " " + (mine.problem || ""); problem.hidden = false; return;
      }
      showDone(mine);
    });
  });
  document.getElementById("r-clear").addEventListener("click", function () {
    var old = draft.key;
    draft = blank(); F.dropDraft(old).then(save); drawForm();
  });
  document.getElementById("r-new").addEventListener("click", function () {
    form.hidden = false; done.hidden = true; drawForm(); roundSelect.focus();
  });
  roundSelect.addEventListener("change", function () { chooseRound(roundSelect.value); });
  dateInput.addEventListener("change", function () { draft.form.visited_on = dateInput.value; save(); });
  addSelect.addEventListener("change", function () {
    if (!addSelect.value) return;
    draft.form.zones.push(zoneEntry(addSelect.value));
    save(); drawZones();
  });

  function start() {
    F = R.field;
    dateInput.max = localDate();
    setInterval(function () { dateInput.max = localDate(); }, 600000);
    return F.start({ copy: false }).then(function () { return F.tonight(); }).then(function (tonight) {
      rounds = tonight ? tonight.rounds : [];
      (tonight ? tonight.zones : []).forEach(function (z) { knownZones[z.id] = z.name; });
      roundSelect.appendChild(el("option", { value: "", text: rounds.length ? t("Choose a round") : t("No round planned for today or tonight: add the zones visited") }));
      rounds.forEach(function (r) { roundSelect.appendChild(el("option", { value: r.plan + ":" + r.index, text: t("{team}, {start}", { team: r.team, start: when(r.shift_start) }) })); });
      return F.getJSON("/api/v1/zones?limit=500").then(function (b) {
        b.features.forEach(function (f) { knownZones[f.id] = f.properties.name; });
      }, function () {});
    }).then(function () { return F.outbox(); }).then(function (items) {
      prune(items);
      draft = items.filter(function (i) { return i.state === "draft"; }).sort(function (a, b) { return b.created.localeCompare(a.created); })[0];
      if (!draft || !draft.form.zones.length) {
        draft = draft || blank();
        /* The round now or just ended, preselected. */
        var now = Date.now(), current = rounds.filter(function (r) { return Date.parse(r.shift_start) <= now; }).pop() || rounds[0];
        if (current) { draft.form.round = current.plan + ":" + current.index; chooseRound(draft.form.round); }
      }
      drawForm(); drawOutbox(items);
      var last = "";
      F.onChange(function (st) {
        var now = st.waiting + "/" + st.refused;
        if (now !== last) { last = now; F.outbox().then(drawOutbox); }
      });
      /* The report is on the phone from its first moment, with its key. */
      return save().then(function () { form.setAttribute("data-ready", "1"); });
    });
  }
  window.addEventListener("online", function () { setTimeout(function () { F.outbox().then(drawOutbox); }, 1500); });
  start();
})();
