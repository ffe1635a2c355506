/* Maraude console: the association's prevention material, what is low (said in words and
   marked, not by colour alone), a delivery to record, a threshold to set; through the JSON API
   with the session cookie. */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C, t = R.translator(C.lang, C.words || {});
  var box = document.getElementById("stock-table");
  var levels = {};

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function api(path, options) {
    var o = Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {});
    if (o.body !== undefined) { o.headers["Content-Type"] = "application/json"; o.body = JSON.stringify(o.body); }
    return fetch(path, o).then(function (r) {
      return r.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!r.ok) {
          var fields = ((body && body.errors) || []).map(function (x) { return x.detail; });
          throw new Error([(body && (body.detail || body.title)) || String(r.status)].concat(fields).join(" — "));
        }
        return body;
      });
    }, function () { throw new Error(t("Could not reach the server: check the connection.")); });
  }
  function num(n) { return Number(n).toLocaleString(C.lang); }

  function table(items) {
    var head = el("tr", {}, [t("Item"), t("In stock"), t("Low-stock threshold"), t("State")].map(function (h) { return el("th", { scope: "col", text: h }); }));
    var rows = items.map(function (s) {
      var state = s.low
        ? el("td", { "class": "state-low", "data-label": t("State") }, [el("span", { "class": "mark", "aria-hidden": "true", text: "⚠ " }), el("strong", { text: t("Low") })])
        : el("td", { "data-label": t("State"), text: s.threshold === null ? t("No threshold") : t("Enough") });
      return el("tr", { "class": s.low ? "low" : "", "data-item": s.item }, [
        el("th", { scope: "row", text: C.materials[s.item] || s.item }),
        el("td", { "data-label": t("In stock") }, [el("span", { dir: "ltr", text: num(s.quantity) })]),
        el("td", { "data-label": t("Low-stock threshold") }, [el("span", { dir: "ltr", text: s.threshold === null ? "—" : num(s.threshold) })]),
        state
      ]);
    });
    var low = items.filter(function (s) { return s.low; }).length;
    return [
      el("p", { "class": low ? "summary low-summary" : "summary", text: low ? t("{n, plural, one {# item is low.} other {# items are low.}}", { n: low }) : t("Nothing is low.") }),
      el("table", { "class": "stock" }, [el("thead", {}, [head]), el("tbody", {}, rows)])
    ];
  }
  function load() {
    return api("/api/v1/stock").then(function (body) {
      var title = document.getElementById("levels-title");
      box.textContent = "";
      box.appendChild(title);
      levels = {};
      body.items.forEach(function (s) { levels[s.item] = s; });
      table(body.items).forEach(function (n) { box.appendChild(n); });
    }).catch(function (e) {
      box.appendChild(el("p", { "class": "problem", text: t("Could not load: check the connection and reload the page.") + " " + e.message }));
    });
  }

  /* A whole number in range from a field, or null (the field marked). */
  function count(input, low) {
    var v = input.value.trim(), n = Number(v);
    var ok = v !== "" && Number.isInteger(n) && n >= low && n <= 1000000;
    if (ok) input.removeAttribute("aria-invalid"); else input.setAttribute("aria-invalid", "true");
    return ok ? n : null;
  }

  var delivery = document.getElementById("delivery-form"), dStatus = document.getElementById("d-status");
  delivery.addEventListener("submit", function (e) {
    e.preventDefault();
    var item = document.getElementById("d-item").value, input = document.getElementById("d-quantity");
    var quantity = count(input, 1);
    if (quantity === null) { dStatus.textContent = t("Give a whole number of pieces, 1 or more."); input.focus(); return; }
    dStatus.textContent = t("Saving…");
    api("/api/v1/stock/deliveries", { method: "POST", body: { item: item, quantity: quantity } }).then(function () {
      input.value = "";
      return load().then(function () {
        dStatus.textContent = t("Delivery recorded: {n} × {item}.", { n: num(quantity), item: C.materials[item] || item });
      });
    }).catch(function (err) { dStatus.textContent = t("Not saved:") + " " + err.message; });
  });

  var thresholdForm = document.getElementById("threshold-form"), tStatus = document.getElementById("t-status");
  var tItem = document.getElementById("t-item"), tInput = document.getElementById("t-threshold");
  function current() { var s = levels[tItem.value]; if (s && s.threshold !== null && tInput.value === "") tInput.value = String(s.threshold); }
  tItem.addEventListener("change", function () { tInput.value = ""; current(); });
  thresholdForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var item = tItem.value, threshold = count(tInput, 0);
    if (threshold === null) { tStatus.textContent = t("Give a whole number of pieces, 0 or more."); tInput.focus(); return; }
    tStatus.textContent = t("Saving…");
    api("/api/v1/stock/thresholds/" + encodeURIComponent(item), { method: "PUT", body: { threshold: threshold } }).then(function () {
      return load().then(function () {
        tStatus.textContent = t("Threshold set: {item}, low at {n} or fewer.", { n: num(threshold), item: C.materials[item] || item });
      });
    }).catch(function (err) { tStatus.textContent = t("Not saved:") + " " + err.message; });
  });
  load().then(current);
})();
