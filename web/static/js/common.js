/* Maraude: helpers shared by the map pages (labels, hours in words, service cards, basemap). */
(function () {
  "use strict";
  var C = JSON.parse(document.getElementById("config").textContent);
  var M = C.messages || {};

  /* A translator for a language and its messages (the page's, or a person met's): t(key)
     says a message in that language. "{n, plural, one {# service} other {# services}}" picks
     the form by the language's CLDR plural rules; "#" is the number in the language's digits. */
  function translator(lang, table) {
    var rules = (window.Intl && Intl.PluralRules) ? new Intl.PluralRules(lang) : null;
    function num(n) { return Number(n).toLocaleString(lang); }
    function tr(key, values) {
      var s = table[key] || key;
      values = values || {};
      s = s.replace(/\{(\w+), plural,((?:\s*[\w=]+\s*\{[^{}]*\})+)\s*\}/g, function (all, name, forms) {
        var n = Number(values[name]), chosen = {}, m, re = /([\w=]+)\s*\{([^{}]*)\}/g;
        while ((m = re.exec(forms))) chosen[m[1]] = m[2];
        var form = chosen["=" + n] || chosen[rules ? rules.select(n) : (n === 1 ? "one" : "other")] || chosen.other || "";
        return form.split("#").join(num(n));
      });
      Object.keys(values).forEach(function (k) {
        var v = typeof values[k] === "number" ? num(values[k]) : values[k];
        s = s.split("{" + k + "}").join(v);
      });
      return s;
    }
    tr.lang = lang;
    return tr;
  }
  var t = translator(C.lang, M);
  /* Marks a message for the catalogs where it is translated later (by t). */
  function N(message) { return message; }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  /* Quick exit: one tap, or Escape when nothing else wants it, replaces the page (and this
     history entry) at once. Escape first closes what is open (a popup, a menu, a field being
     filled in): only when no popup, menu or field has focus does it leave. The team pages keep
     the button only: a coordinator's plan is not lost to a key pressed to close a popup. */
  function quickExit() {
    var to = document.getElementById("quick-exit").getAttribute("data-href");
    try { window.top.location.replace(to); } catch (e) { window.location.replace(to); }
  }
  function escapeIsTaken(e) {
    if (e.defaultPrevented || document.body.classList.contains("team")) return true;
    if (document.querySelector(".leaflet-popup")) return true;
    var a = document.activeElement;
    if (!a || a === document.body) return false;
    if (a.closest("details[open]")) return true;
    return /^(INPUT|SELECT|TEXTAREA|SUMMARY|OPTION)$/.test(a.tagName) || a.isContentEditable ||
      a.getAttribute("aria-expanded") === "true";
  }
  document.getElementById("quick-exit").addEventListener("click", quickExit);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !escapeIsTaken(e)) quickExit();
  });

  /* Hours in words, in the service's time zone and the page language (or, given a
     translator, the language of a person met). */
  function fmtTime(iso, tz, lang) {
    return new Intl.DateTimeFormat(lang || C.lang, { hour: "2-digit", minute: "2-digit", timeZone: tz }).format(new Date(iso));
  }
  function fmtDay(iso, tz, tr) {
    var d = new Date(iso), now = new Date();
    var key = function (x) { return new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(x); };
    if (key(d) === key(now)) return tr("today");
    if (key(d) === key(new Date(now.getTime() + 864e5))) return tr("tomorrow");
    return new Intl.DateTimeFormat(tr.lang, { weekday: "long", timeZone: tz }).format(d);
  }
  function hours(p, tr) {
    tr = tr || t;
    if (p.opening_group === "around-the-clock" && state(p) === "unknown") return tr("Open day and night (emergency service)");
    if (state(p) === "unknown") return tr("Hours unknown: call before going");
    if (p.open_now) return p.closes_at ? tr("Open until {time}", { time: fmtTime(p.closes_at, p.timezone, tr.lang) }) : tr("Open 24/7");
    if (p.next_opening) return tr("Closed, opens {day} at {time}", { day: fmtDay(p.next_opening, p.timezone, tr), time: fmtTime(p.next_opening, p.timezone, tr.lang) });
    return tr("Closed");
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
  function metres(m, lang) {
    lang = lang || C.lang;
    var unit = m < 1000 ? "meter" : "kilometer", value = m < 1000 ? Math.round(m / 10) * 10 : m / 1000;
    var digits = m < 1000 ? 0 : 1;
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: unit, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
    } catch (e) {
      return value.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }) + (m < 1000 ? " m" : " km");
    }
  }
  function minutes(seconds, lang) {
    lang = lang || C.lang;
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: "minute", unitDisplay: "short" }).format(Math.max(1, Math.round(seconds / 60)));
    } catch (e) { return Math.max(1, Math.round(seconds / 60)) + " min"; }
  }
  function kinds(p) {
    return p.categories.map(function (c) { return C.categoryLabels[c] || c; }).join(" · ");
  }
  function place(p) {
    var town = [p.postcode, p.city].filter(Boolean).join(" ");
    return [p.address, town].filter(Boolean).join(", ");
  }
  function dial(phone) { return "tel:" + phone.replace(/[^0-9+]/g, ""); }
  /* The way to a service: the phone's own map application on a phone, a directions site
     when the instance names one, else none (the page draws the way on its own map). */
  function directionsHref(f) {
    var c = f.geometry.coordinates, ll = c[1].toFixed(6) + "," + c[0].toFixed(6), ua = navigator.userAgent;
    if (/Android/i.test(ua)) return "geo:" + ll + "?q=" + ll;
    if (/iPhone|iPad|iPod/i.test(ua)) return "https://maps.apple.com/?daddr=" + ll;
    if (C.directionsUrl) return C.directionsUrl.split("{lat}").join(c[1].toFixed(6)).split("{lon}").join(c[0].toFixed(6));
    return null;
  }
  function haversine(a, b) {
    var r = Math.PI / 180, dl = (b[1] - a[1]) * r, dp = (b[0] - a[0]) * r;
    var h = Math.pow(Math.sin(dl / 2), 2) + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.pow(Math.sin(dp / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /* How fresh a record is: a month and a year, in the page language. */
  function monthYear(day) {
    return new Intl.DateTimeFormat(C.lang, { month: "long", year: "numeric" }).format(new Date(day + "T12:00:00"));
  }
  /* A notice of the moment ("closed for works until 12 January"), in the page language when
     written in it, else in French, else in the language it has; null when there is none. */
  function temporaryMessage(p) {
    var m = p.temporary_message, texts = (m && m.text) || {};
    var lang = texts[C.lang] ? C.lang : texts.fr ? "fr" : Object.keys(texts).filter(function (k) { return texts[k]; })[0];
    if (!lang) return null;
    var attrs = { "class": "temporary" };
    if (lang !== C.lang) { attrs.lang = lang; attrs.dir = "auto"; }
    return el("p", attrs, [el("span", { text: texts[lang] })]);
  }
  /* A shelter or a night service that is full until a time (said only while it is). */
  function saturation(p) {
    if (!p.saturated_until || new Date(p.saturated_until) <= new Date()) return null;
    var tz = p.timezone || "Europe/Paris", time = fmtTime(p.saturated_until, tz), day = fmtDay(p.saturated_until, tz, t);
    return el("p", { "class": "saturated", text: day === t("today") ? t("Full until {time}", { time: time }) : t("Full until {day} at {time}", { day: day, time: time }) });
  }
  /* When the record was last confirmed and by whom, in kind: a quiet line, or a warning when
     it is old enough that the hours or the address may be wrong. */
  var CHECKED_BY = {
    structure: N("Checked in {date} by the service itself"), team: N("Checked in {date} by a team"),
    "import": N("Checked in {date} from open data"), suggestion: N("Checked in {date} after a suggestion")
  };
  function staleWarning(p) {
    if (!p.stale || !p.last_verified) return null;
    return el("p", { "class": "stale", text: t("Not checked since {date}: call before going", { date: monthYear(p.last_verified) }) });
  }
  function checkedLine(p) {
    if (p.stale || !p.last_verified) return null;
    return el("span", { "class": "checked", text: t(CHECKED_BY[p.verified_by] || N("Checked in {date}"), { date: monthYear(p.last_verified) }) });
  }
  /* The short mark of a list row: only for a record not checked for long. */
  function staleMark(p) {
    if (!p.stale || !p.last_verified) return null;
    return el("span", { "class": "stale-mark", text: t("Not checked since {date}", { date: monthYear(p.last_verified) }) });
  }
  /* A link that leaves a partner's frame for a tab of its own, and stays in this tab else. */
  function pageLink(href, text, cls) {
    var framed = window.top !== window, attrs = { href: href, target: framed ? "_blank" : "_self", rel: "noopener", text: text };
    if (cls) attrs["class"] = cls;
    return el("a", attrs);
  }

  /* A service card: what a person needs to decide and to get there. A notice of the moment
     comes first; a record not checked for long says so under the hours, which may be wrong. */
  function card(f) {
    var p = f.properties, parts = [temporaryMessage(p)];
    parts.push(el("p", { "class": "kinds", text: kinds(p) }));
    parts.push(saturation(p));
    parts.push(el("p", { "class": "hours " + state(p), text: hours(p) }));
    (p.closures || []).forEach(function (c) {
      parts.push(el("p", { "class": "closure", text: t("Closed from {start} to {end}", { start: fmtDate(c.start), end: fmtDate(c.end) }) }));
    });
    parts.push(staleWarning(p));
    if (p.location_hidden) parts.push(el("p", { text: t("Address withheld for safety: call, they will tell you where to go") }));
    else if (place(p)) parts.push(el("p", { "class": "address" }, [el("bdi", { text: place(p) })]));
    if (p.languages && p.languages.length) parts.push(el("p", { text: t("Languages spoken: {languages}", { languages: p.languages.map(languageName).join(", ") }) }));
    if (p.interpreting) parts.push(el("p", { text: t("Interpreting available") }));
    var tags = (p.conditions || []).map(function (c) { return C.conditions[c] || c; })
      .concat((p.publics || []).map(function (c) { return C.publics[c] || c; }));
    if (tags.length) parts.push(el("p", { "class": "tags", text: tags.join(" · ") }));
    var topics = [], seen = {};
    p.categories.forEach(function (c) {
      ((C.infoTopics || {})[c] || []).forEach(function (x) { if (!seen[x[0]] && topics.length < 2) { seen[x[0]] = 1; topics.push(x); } });
    });
    if (topics.length) parts.push(el("p", { "class": "learn" }, [document.createTextNode(t("Learn more:") + " ")].concat(
      topics.map(function (x, i) { return el("span", {}, [i ? document.createTextNode(" · ") : null, pageLink("/info/" + x[0] + "?lang=" + C.lang, x[1])]); }))));
    var wheel = { yes: N("Wheelchair accessible"), limited: N("Partly wheelchair accessible"), no: N("Not wheelchair accessible") }[p.wheelchair];
    if (wheel) parts.push(el("p", { text: t(wheel) }));
    var actions = el("p", { "class": "actions" });
    if (p.phone) actions.appendChild(callButton(p.phone));
    if (f.geometry && !p.location_hidden) {
      var href = directionsHref(f);
      if (href) actions.appendChild(el("a", { href: href, "class": "button directions", rel: "noopener noreferrer", target: "_blank", text: t("Directions") }));
      else {
        var way = el("button", { type: "button", "class": "button directions", text: t("Show the way") });
        way.addEventListener("click", function () { if (window.Maraude.showWay) window.Maraude.showWay(f); });
        actions.appendChild(way);
      }
    }
    if (p.website) actions.appendChild(el("a", { href: p.website, rel: "noopener noreferrer", target: "_blank", "class": "button", text: t("Website") }));
    parts.push(actions);
    parts.push(el("p", { "class": "card-foot" }, [checkedLine(p),
      pageLink("/suggest?service=" + encodeURIComponent(f.id) + "&lang=" + C.lang, t("Report a problem"), "report-problem")]));
    return parts.filter(Boolean);
  }

  function callButton(phone) {
    return el("a", { href: dial(phone), "class": "button call" }, [
      document.createTextNode(t("Call") + " "), el("bdi", { dir: "ltr", text: phone })]);
  }

  /* A line or a service reached by phone (115, a shelter whose address is confidential):
     its name, kind, a notice of the moment and "full until", and its state or why it is only
     to be called, with a call button. */
  function phoneLineItem(f, withState) {
    var p = f.properties;
    var bits = [el("div", { "class": "title" }, [el("b", {}, [el("bdi", { text: p.name })])]), temporaryMessage(p), el("div", { "class": "kind", text: kinds(p) }), saturation(p)]
      .filter(Boolean);
    if (p.location_hidden) bits.push(el("div", { "class": "note", text: t("Address withheld for safety: call, they will tell you where to go") }));
    else if (withState) bits.push(el("div", { "class": "state " + state(p), text: hours(p) }));
    return el("li", { "class": "service phone-line" }, [el("div", { "class": "line-facts" }, bits), p.phone ? callButton(p.phone) : null]);
  }

  /* Results in the order and groups of "open now": open, around the clock, hours unknown. */
  var GROUPS = ["open", "around-the-clock", "unknown", "closed"];
  var GROUP_TITLES = { open: N("Open now"), "around-the-clock": N("Open day and night"), unknown: N("Hours unknown: call before going"), closed: N("Closed") };
  function groupTitle(g) { return t(GROUP_TITLES[g]); }
  function byGroup(features) {
    return features.slice().sort(function (x, y) {
      return GROUPS.indexOf(x.properties.opening_group) - GROUPS.indexOf(y.properties.opening_group);
    });
  }

  /* The kind of place a service is, for its marker and the legend: health, social, police. */
  function family(p) {
    var c = p.categories[0] || "";
    if (/police/.test(c)) return "police";
    if (/shelter|food|hygiene|social|exit|protection/.test(c)) return "social";
    return "health";
  }
  var FAMILY_TITLES = { health: N("Health and care"), social: N("Shelter, food and rights"), police: N("Police") };
  function pin(p, extra) {
    var f = family(p);
    return L.divIcon({ className: "pin pin-" + f + (p.open_now || p.opening_group === "around-the-clock" ? " pin-open" : "") + (extra || ""),
      iconSize: [26, 26], iconAnchor: [13, 13], html: '<span aria-hidden="true">' + { health: "+", social: "⌂", police: "P" }[f] + "</span>" });
  }
  /* A legend on the map: what each marker means; folded on a phone, where the map is small. */
  function legend(map) {
    var box = L.control({ position: "bottomleft" });
    box.onAdd = function () {
      var d = el("details", { "class": "legend" }, [el("summary", { text: t("Legend") })]);
      if (!window.matchMedia || !window.matchMedia("(max-width: 600px)").matches) d.setAttribute("open", "");
      ["health", "social", "police"].forEach(function (f) {
        var sample = pin({ categories: [f === "police" ? "police" : f === "social" ? "food" : "cegidd"], open_now: false }).options;
        var icon = el("span", { "class": sample.className.replace("pin ", "pin legend-pin "), "aria-hidden": "true" });
        icon.innerHTML = sample.html;
        d.appendChild(el("span", { "class": "legend-item" }, [icon, el("span", { text: t(FAMILY_TITLES[f]) })]));
      });
      var ring = el("span", { "class": "pin legend-pin pin-health pin-open", "aria-hidden": "true" });
      d.appendChild(el("span", { "class": "legend-item" }, [ring, el("span", { text: t("Green ring: open now") })]));
      L.DomEvent.disableClickPropagation(d);
      return d;
    };
    box.addTo(map);
    return box;
  }

  window.Maraude = { C: C, t: t, el: el, hours: hours, state: state, card: card, metres: metres, minutes: minutes,
    haversine: haversine, languageName: languageName, N: N, kinds: kinds, place: place, callButton: callButton,
    phoneLineItem: phoneLineItem, byGroup: byGroup, staleMark: staleMark, staleWarning: staleWarning, temporaryMessage: temporaryMessage, saturation: saturation, pageLink: pageLink, translator: translator, fmtTime: fmtTime, directionsHref: directionsHref, dial: dial, groupTitle: groupTitle, family: family, pin: pin, legend: legend };
})();
