/* Maraude: helpers shared by the map pages (labels, hours in words, service cards, basemap). */
(function () {
  "use strict";
  var C = JSON.parse(document.getElementById("config").textContent);
  var M = C.messages || {};

  function t(key, values) {
    var s = M[key] || key;
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  /* Quick exit: one tap or Escape replaces the page (and this history entry) at once. */
  function quickExit() {
    var to = document.getElementById("quick-exit").getAttribute("data-href");
    try { window.top.location.replace(to); } catch (e) { window.location.replace(to); }
  }
  document.getElementById("quick-exit").addEventListener("click", quickExit);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") quickExit(); });

  /* Hours in words, in the service's time zone and the page language. */
  function fmtTime(iso, tz) {
    return new Intl.DateTimeFormat(C.lang, { hour: "2-digit", minute: "2-digit", timeZone: tz }).format(new Date(iso));
  }
  function fmtDay(iso, tz) {
    var d = new Date(iso), now = new Date();
    var key = function (x) { return new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(x); };
    if (key(d) === key(now)) return t("today");
    if (key(d) === key(new Date(now.getTime() + 864e5))) return t("tomorrow");
    return new Intl.DateTimeFormat(C.lang, { weekday: "long", timeZone: tz }).format(d);
  }
  function hours(p) {
    if (state(p) === "unknown") return t("Hours unknown");
    if (p.open_now) return p.closes_at ? t("Open until {time}", { time: fmtTime(p.closes_at, p.timezone) }) : t("Open 24/7");
    if (p.next_opening) return t("Closed, opens {day} at {time}", { day: fmtDay(p.next_opening, p.timezone), time: fmtTime(p.next_opening, p.timezone) });
    return t("Closed");
  }
  function state(p) {
    if (p.open_now === null || p.opening_state === "unknown") return "unknown";
    return p.open_now ? "open" : "shut";
  }
  function fmtDate(iso) {
    return new Intl.DateTimeFormat(C.lang, { day: "numeric", month: "long" }).format(new Date(iso + "T12:00:00"));
  }
  function languageName(code) {
    try { return new Intl.DisplayNames([C.lang], { type: "language" }).of(code) || code; } catch (e) { return code; }
  }
  function metres(m) {
    return m < 1000 ? Math.round(m / 10) * 10 + " m" : (m / 1000).toLocaleString(C.lang, { maximumFractionDigits: 1 }) + " km";
  }
  function haversine(a, b) {
    var r = Math.PI / 180, dl = (b[1] - a[1]) * r, dp = (b[0] - a[0]) * r;
    var h = Math.pow(Math.sin(dl / 2), 2) + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.pow(Math.sin(dp / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /* A service card: what a person needs to decide and to get there. */
  function card(f) {
    var p = f.properties, parts = [];
    var kinds = p.categories.map(function (c) { return C.categoryLabels[c] || c; }).join(" · ");
    parts.push(el("p", { "class": "kinds", text: kinds }));
    parts.push(el("p", { "class": "hours " + state(p), text: hours(p) }));
    (p.closures || []).forEach(function (c) {
      parts.push(el("p", { "class": "closure", text: t("Closed from {start} to {end}", { start: fmtDate(c.start), end: fmtDate(c.end) }) }));
    });
    if (p.location_hidden) parts.push(el("p", { text: t("Address withheld for safety: call first") }));
    else if (p.address) parts.push(el("p", { "class": "address", text: [p.address, p.postcode, p.city].filter(Boolean).join(", ") }));
    if (p.languages && p.languages.length) parts.push(el("p", { text: t("Languages spoken: {languages}", { languages: p.languages.map(languageName).join(", ") }) }));
    if (p.interpreting) parts.push(el("p", { text: t("Interpreting available") }));
    var tags = (p.conditions || []).map(function (c) { return C.conditions[c] || c; })
      .concat((p.publics || []).map(function (c) { return C.publics[c] || c; }));
    if (tags.length) parts.push(el("p", { "class": "tags", text: tags.join(" · ") }));
    var wheel = { yes: "Wheelchair accessible", limited: "Partly wheelchair accessible", no: "Not wheelchair accessible" }[p.wheelchair];
    if (wheel) parts.push(el("p", { text: t(wheel) }));
    var actions = el("p", { "class": "actions" });
    if (p.phone) actions.appendChild(el("a", { href: "tel:" + p.phone.replace(/\s/g, ""), "class": "button", text: t("Call {phone}", { phone: p.phone }) }));
    if (f.geometry) actions.appendChild(el("a", { href: "geo:" + f.geometry.coordinates[1] + "," + f.geometry.coordinates[0], "class": "button", text: t("Directions") }));
    if (p.website) actions.appendChild(el("a", { href: p.website, rel: "noopener noreferrer", target: "_blank", "class": "button", text: t("Website") }));
    parts.push(actions);
    return parts;
  }

  window.Maraude = { C: C, t: t, el: el, hours: hours, state: state, card: card, metres: metres, haversine: haversine,
    languageName: languageName };
})();
