/* The exposure sheet, made in this page from closed answers: what to ask the emergency doctor
   for, the person's rights and the nearest services open now, in the person's language and in
   French. The answers never leave the page: the only request asks for the services of the
   whole area (the same for everyone), and the position stays here too. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, el = R.el, haversine = R.haversine;
  var form = document.getElementById("exposure"), out = document.getElementById("sheet");
  var services = null, me = null;

  function km(m, lang) {
    try { return new Intl.NumberFormat(lang, { style: "unit", unit: "kilometer", maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(m / 1000); }
    catch (e) { return (m / 1000).toFixed(1) + " km"; }
  }
  var HOURS = { "4": "Less than 4 hours ago", "48": "4 to 48 hours ago", "72": "2 to 3 days ago", "120": "3 to 5 days ago", "999": "More than 5 days ago" };
  var WHAT = { condom: "A condom broke or slipped", assault: "Sexual assault", violence: "Physical violence", blood: "Contact with blood or a used needle" };

  function answers() {
    return {
      hours: Number(form.querySelector("input[name=hours]:checked").value),
      what: Array.prototype.map.call(form.querySelectorAll("input[name=what]:checked"), function (x) { return x.value; }),
      complaint: form.querySelector("input[name=complaint]:checked").value,
      person: form.person.value
    };
  }
  function side(lang, a) {
    var M = C.sheets[lang] || C.sheets.fr, t = function (k) { return M[k] || k; };
    var parts = [el("h2", { text: t("For the emergency doctor") })];
    parts.push(el("p", {}, [el("b", { text: t("When it happened") + ": " }), document.createTextNode(t(HOURS[String(a.hours)]))]));
    if (a.what.length) parts.push(el("p", {}, [el("b", { text: t("What happened") + ": " }),
      document.createTextNode(a.what.map(function (w) { return t(WHAT[w]); }).join(" · "))]));
    var ask = [];
    var sexual = a.what.indexOf("condom") >= 0 || a.what.indexOf("assault") >= 0;
    if (sexual || a.what.indexOf("blood") >= 0) {
      ask.push(a.hours <= 48 ? t("Treatment after exposure to HIV (post-exposure treatment): now. It works best within 4 hours, and no later than 48 hours.")
        : t("Too late for post-exposure treatment (more than 48 hours): ask for tests and advice."));
    }
    if (sexual && a.hours <= 120) ask.push(t("Emergency contraception: a pill in any pharmacy, free and without prescription, or a copper IUD (up to 5 days)."));
    if (a.what.indexOf("assault") >= 0 || a.what.indexOf("violence") >= 0) ask.push(t("A medical certificate describing the injuries: it helps a complaint, now or later."));
    ask.push(t("Tests for HIV, hepatitis and sexually transmitted infections, now and in the weeks after."));
    parts.push(el("h3", { text: t("What to ask for") }));
    parts.push(el("ul", {}, ask.map(function (x) { return el("li", { text: x }); })));
    parts.push(el("h3", { text: t("Your rights") }));
    parts.push(el("p", { text: t("Any police station or gendarmerie must take your complaint. You can come with someone and ask for an interpreter. You can also file it later.") }));
    parts.push(el("p", { text: t(a.complaint === "yes" ? "The person wants to file a complaint." : "The person does not want to file a complaint now.") }));
    parts.push(el("h3", { text: t("Where to go now") }));
    parts.push(nearest(lang, t));
    parts.push(el("p", {}, [el("b", { text: t("Call 15 for an emergency.") })]));
    return el("section", { "class": "sheet", lang: lang, dir: lang === "ar" ? "rtl" : "ltr" }, parts);
  }
  function nearest(lang, t) {
    var list = el("ol", { "class": "places" });
    var found = (services || []).slice();
    if (me) {
      found.forEach(function (f) { f._d = f.geometry ? haversine(me, f.geometry.coordinates) : Infinity; });
      found.sort(function (x, y) { return x._d - y._d; });
    }
    found.slice(0, 3).forEach(function (f) {
      var p = f.properties, where = [p.address, [p.postcode, p.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
      var bits = [el("b", {}, [el("bdi", { text: p.name })])];
      if (where) bits.push(el("span", {}, [document.createTextNode(" — "), el("bdi", { text: where })]));
      if (me && isFinite(f._d)) bits.push(document.createTextNode(" — " + km(f._d, lang)));
      if (p.phone) bits.push(el("span", {}, [document.createTextNode(" — "), el("a", { href: "tel:" + p.phone.replace(/[^0-9+]/g, ""), dir: "ltr", text: p.phone })]));
      list.appendChild(el("li", {}, bits));
    });
    if (!found.length) list.appendChild(el("li", { text: t("Emergency department or post-exposure service") + ": 15" }));
    return list;
  }
  function make() {
    var a = answers();
    out.textContent = "";
    var langs = a.person === "fr" ? ["fr"] : [a.person, "fr"];
    langs.forEach(function (lang) { out.appendChild(side(lang, a)); });
  }
  /* The services: emergency departments and post-exposure services of the whole area, open
     now or of unknown hours; the same request whatever the answers. */
  var params = new URLSearchParams();
  params.set("bbox", C.area.join(","));
  params.set("limit", "500");
  params.set("open_now", "true");
  ["emergency-care", "prep-pep", "cegidd"].forEach(function (c) { params.append("category", c); });
  fetch("/api/v1/services?" + params.toString(), { headers: { Accept: "application/geo+json" } })
    .then(function (r) { return r.ok ? r.json() : { features: [] }; })
    .then(function (body) {
      services = body.features.filter(function (f) { return f.geometry && f.properties.opening_group !== "closed"; });
      var order = { open: 0, "around-the-clock": 0, unknown: 1 };
      services.sort(function (x, y) { return (order[x.properties.opening_group] || 0) - (order[y.properties.opening_group] || 0); });
      if (out.childNodes.length) make();
      document.body.setAttribute("data-loaded", "true");
    })
    .catch(function () { services = []; document.body.setAttribute("data-loaded", "true"); });

  form.addEventListener("submit", function (e) { e.preventDefault(); make(); });
  document.getElementById("x-here").addEventListener("click", function () {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (pos) { me = [pos.coords.longitude, pos.coords.latitude]; make(); });
  });
  var langSelect = document.getElementById("lang");
  if (langSelect) langSelect.addEventListener("change", function () { langSelect.form.submit(); });
})();
