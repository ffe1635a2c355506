/* Maraude field app: handing the answer to the person met.

   "Share": a text in the person's language and in French (name, what it is, the address or
   "call, they will tell you where to go", the hours in words, the phone), sent through the
   phone's share sheet or an SMS, or shown as a QR code drawn here that opens the public page
   of that one service. A service whose address is confidential shares its phone only.
   "Show the screen": large print in the person's language, with the way there.
   Works with no network: the words of every language come with the directory copy. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.t, el = R.el;

  function words(lang) {
    var copy = R.field && R.field.state.copy;
    return (copy && copy.words[lang]) || (lang === C.lang ? C.messages : {});
  }
  function trIn(lang) {
    var table = words(lang);
    var tr = R.translator(lang, table);
    tr.kinds = function (p) { return p.categories.map(function (c) { return table["category:" + c] || C.categoryLabels[c] || c; }).join(" · "); };
    return tr;
  }
  /* The hours in words in a language: from the copy (the server worded them), or nothing. */
  function hourLines(id, lang) {
    var copy = R.field && R.field.state.copy, s = R.field && R.field.copied(id);
    if (!copy || !s || s.hours === undefined) return [];
    var h = copy.hours[s.hours];
    return h.raw ? [h.raw] : (h[lang] || h.fr || []);
  }
  function publicUrl(f, lang) {
    return window.location.origin + "/service/" + f.id + "?lang=" + lang;
  }

  /* The text for one language. */
  function textIn(f, lang) {
    var p = f.properties, tr = trIn(lang), out = [p.name, tr.kinds(p)];
    if (p.location_hidden) {
      out.push(tr("Address withheld for safety: call, they will tell you where to go"));
    } else {
      var place = R.place(p);
      if (place) out.push(tr("Address: {address}", { address: place }));
      out.push(R.hours(p, tr));
      var lines = hourLines(f.id, lang);
      if (lines.length) out.push(tr("Hours:") + " " + lines.join(" ; "));
    }
    if (p.phone) out.push(tr("Phone: {phone}", { phone: p.phone }));
    if (!p.location_hidden) out.push(tr("More: {url}", { url: publicUrl(f, lang) }));
    return out.join("\n");
  }
  /* In the person's language, then in French (for whoever they show it to). */
  function shareText(f, lang) {
    var text = textIn(f, lang);
    return lang === "fr" ? text : text + "\n\n— Français —\n" + textIn(f, "fr");
  }
  /* What the QR code opens: the public page of the service, or only its phone. */
  function qrTarget(f, lang) {
    if (f.properties.location_hidden) return f.properties.phone ? R.dial(f.properties.phone) : null;
    return publicUrl(f, lang);
  }

  /* A dialog over the page; Escape or the close button closes it and gives focus back. */
  function dialog(title, body, options) {
    var back = document.activeElement;
    var d = el("dialog", { "class": "handoff" + ((options && options.big) ? " show-screen" : ""), "aria-label": title });
    if (options && options.lang) { d.setAttribute("lang", options.lang); d.setAttribute("dir", options.lang === "ar" ? "rtl" : "ltr"); }
    var close = el("button", { type: "button", "class": "close", lang: C.lang, dir: C.lang === "ar" ? "rtl" : "ltr", text: t("Close") });
    close.addEventListener("click", function () { d.close(); });
    d.addEventListener("close", function () { d.remove(); if (back && back.focus) back.focus(); });
    body.forEach(function (b) { if (b) d.appendChild(b); });
    d.appendChild(el("p", { "class": "actions" }, [close]));
    document.body.appendChild(d);
    d.showModal();
    return d;
  }

  /* The QR code's library, loaded when first needed (kept by the worker for no network). */
  var qrReady = null;
  function withQr() {
    if (R.qr) return Promise.resolve();
    if (!qrReady) qrReady = ["/static/vendor/qrcode-generator-2.0.4/qrcode.js", "/static/js/qr.js"].reduce(function (p, src) {
      return p.then(function () {
        return new Promise(function (resolve) {
          var s = document.createElement("script");
          s.src = src; s.onload = s.onerror = function () { resolve(); };
          document.head.appendChild(s);
        });
      });
    }, Promise.resolve());
    return qrReady;
  }
  function share(f, lang) { withQr().then(function () { shareNow(f, lang); }); }
  function shareNow(f, lang) {
    var p = f.properties, text = shareText(f, lang), target = qrTarget(f, lang);
    var actions = el("p", { "class": "actions" });
    if (navigator.share) {
      var b = el("button", { type: "button", text: t("Share…") });
      b.addEventListener("click", function () { navigator.share({ title: p.name, text: text }).catch(function () {}); });
      actions.appendChild(b);
    }
    actions.appendChild(el("a", { "class": "button", href: "sms:?&body=" + encodeURIComponent(text), text: t("Send by SMS") }));
    var copyButton = el("button", { type: "button", text: t("Copy the text") });
    copyButton.addEventListener("click", function () {
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { copyButton.textContent = t("Copied"); }, function () {});
    });
    actions.appendChild(copyButton);
    var qr = target && R.qr ? R.qr(target) : null;
    if (qr) qr.setAttribute("aria-label", p.location_hidden ? t("QR code: the phone number") : t("QR code: the page of this service"));
    dialog(t("Share with the person met"), [
      el("h2", { text: t("Share with the person met") }),
      el("pre", { "class": "share-text", dir: "auto", "data-share": "text", text: text }),
      actions,
      qr ? el("figure", { "class": "qr", "data-share": "qr", "data-target": target }, [qr, el("figcaption", { text: p.location_hidden ? t("Scan to call") : t("Scan to open this service's page") })]) : null
    ]);
  }

  /* The way there drawn small: from here (a dot) to there (a pin), north up, along the
     streets when known, else straight. */
  function wayPicture(f, from, lang) {
    var to = f.geometry.coordinates, coords = f.properties.route ? f.properties.route.coordinates : [from, to];
    var xs = coords.map(function (c) { return c[0]; }), ys = coords.map(function (c) { return c[1]; });
    var k = Math.cos(to[1] * Math.PI / 180);
    var minX = Math.min.apply(null, xs) * k, maxX = Math.max.apply(null, xs) * k, minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var span = Math.max(maxX - minX, maxY - minY) || 1e-4, W = 300, pad = 24;
    function pt(c) { return [pad + (c[0] * k - minX) / span * (W - 2 * pad), W - pad - (c[1] - minY) / span * (W - 2 * pad)]; }
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + W + " " + W); svg.setAttribute("class", "way"); svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", trIn(lang)("The way there"));
    function add(tag, attrs) { var e = document.createElementNS(ns, tag); Object.keys(attrs).forEach(function (a) { e.setAttribute(a, attrs[a]); }); svg.appendChild(e); return e; }
    add("polyline", { points: coords.map(function (c) { return pt(c).join(","); }).join(" "), fill: "none", stroke: "#1a7f37", "stroke-width": 6, "stroke-linecap": "round", "stroke-linejoin": "round" });
    var a = pt(from), b = pt(to);
    add("circle", { cx: a[0], cy: a[1], r: 10, fill: "#1a7f37" });
    add("circle", { cx: b[0], cy: b[1], r: 12, fill: "#b3261e", stroke: "#fff", "stroke-width": 3 });
    add("text", { x: W - 14, y: 22, "text-anchor": "middle", "font-size": 18, "font-weight": 700, fill: "#333" }).textContent = "N";
    add("path", { d: "M" + (W - 14) + " 28 l-6 14 h12 z", fill: "#333" });
    return svg;
  }

  /* Large print in the person's language, for a person who cannot read the worker's. */
  function showScreen(f, lang, from) {
    var p = f.properties, tr = trIn(lang), parts = [
      el("h2", { "class": "big-name" }, [el("bdi", { text: p.name })]),
      el("p", { "class": "big-kind", text: tr.kinds(p) })
    ];
    if (p.location_hidden) parts.push(el("p", { "class": "big-note", text: tr("Address withheld for safety: call, they will tell you where to go") }));
    else {
      parts.push(el("p", { "class": "big-state " + R.state(p), text: R.hours(p, tr) }));
      var place = R.place(p);
      if (place) parts.push(el("p", { "class": "big-address" }, [el("bdi", { text: place })]));
      hourLines(f.id, lang).forEach(function (line) { parts.push(el("p", { "class": "big-hours", text: line })); });
      if (f.geometry && from) {
        var far = p.duration_s ? tr("{minutes} on foot, {distance}", { minutes: R.minutes(p.duration_s, lang), distance: R.metres(p.distance_m, lang) })
          : tr("{distance} as the crow flies", { distance: R.metres(p.distance_m !== undefined && p.distance_m !== null ? p.distance_m : R.haversine(from, f.geometry.coordinates), lang) });
        parts.push(el("h3", { text: tr("The way there") }), el("p", { "class": "big-far", text: far }), wayPicture(f, from, lang));
      }
    }
    if (p.phone) parts.push(el("p", {}, [el("a", { "class": "button call big-call", href: R.dial(p.phone) }, [
      document.createTextNode(tr("Call") + " "), el("bdi", { dir: "ltr", text: p.phone })])]));
    dialog(t("Show the screen"), parts, { big: true, lang: lang });
  }

  R.handoff = { share: share, showScreen: showScreen, shareText: shareText, qrTarget: qrTarget };
})();
