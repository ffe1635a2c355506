/* Maraude: an edit that lost a race (412). For each field where what the member typed differs
   from the version saved meanwhile, both values side by side, one fieldset per field with two
   radio buttons ("Keep mine", checked, or "Take the saved one"); a button hands the merged
   values to the page, which saves them with the new ETag. Nothing typed is lost: the choice
   starts on "mine", and fields that do not differ keep what was typed.

   window.Conflict.show(container, {mine, theirs, labels, words, format, ltr}, onChoose)
     mine, theirs  {field: value}: what was typed, what is saved now (only mine's fields count)
     labels        {field: label in the page language}
     words         {English msgid: translation} (web/directory_copy.py CONFLICT_WORDS)
     format        optional {field: function (value) -> text} for values plain text cannot say
     ltr           optional [field, ...]: values written left to right (hours, phone numbers)
   Returns the number of fields that differ (0: nothing shown, onChoose called at once). */
(function () {
  "use strict";
  var seq = 0;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function empty(v) {
    return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) ||
      (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);
  }
  /* Key order and empty values do not make two values differ. */
  function canonical(v) {
    if (empty(v)) return "";
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    if (typeof v === "object") {
      return "{" + Object.keys(v).sort().filter(function (k) { return !empty(v[k]); })
        .map(function (k) { return k + ":" + canonical(v[k]); }).join(",") + "}";
    }
    return JSON.stringify(typeof v === "string" ? v.trim() : v);
  }
  function plain(v) {
    if (Array.isArray(v)) return v.map(plain).join(", ");
    if (v && typeof v === "object") {
      return Object.keys(v).filter(function (k) { return !empty(v[k]); }).map(function (k) { return plain(v[k]); }).join(" – ");
    }
    return String(v);
  }
  function differing(mine, theirs) {
    return Object.keys(mine).filter(function (k) { return canonical(mine[k]) !== canonical(theirs[k]); });
  }

  function show(container, o, onChoose) {
    var W = o.words || {}, labels = o.labels || {}, format = o.format || {}, ltr = o.ltr || [];
    var mine = o.mine || {}, theirs = o.theirs || {};
    function t(k) { return W[k] || k; }
    function said(field, v) {
      if (empty(v)) return el("span", { "class": "conflict-empty", text: t("Empty") });
      var text = format[field] ? format[field](v) : plain(v);
      return el("bdi", { dir: ltr.indexOf(field) >= 0 ? "ltr" : "auto", text: text });
    }
    var fields = differing(mine, theirs);
    container.textContent = "";
    if (!fields.length) { onChoose(Object.assign({}, mine)); return 0; }
    var n = ++seq;
    var box = el("section", { "class": "conflict", "aria-labelledby": "conflict-title-" + n });
    box.appendChild(el("h2", { id: "conflict-title-" + n, tabindex: "-1", text: t("Someone else saved this record while you were editing it.") }));
    box.appendChild(el("p", { "class": "hint", text: t("Choose, field by field, which value to keep; nothing you typed is lost.") }));
    var radios = {};
    fields.forEach(function (field, i) {
      var name = "conflict-" + n + "-" + i;
      var set = el("fieldset", { "class": "conflict-field", "data-field": field });
      set.appendChild(el("legend", { text: labels[field] || field }));
      var pair = el("div", { "class": "conflict-pair" });
      // Side by side whatever the page's style sheet (a CSSOM style: allowed by the CSP).
      pair.style.display = "grid";
      pair.style.gridTemplateColumns = "repeat(auto-fit, minmax(9rem, 1fr))";
      pair.style.gap = ".5rem";
      [["mine", t("Keep mine"), mine[field]], ["theirs", t("Take the saved one"), theirs[field]]].forEach(function (side) {
        var id = name + "-" + side[0];
        var radio = el("input", { type: "radio", name: name, id: id, value: side[0] });
        radio.checked = side[0] === "mine";
        if (side[0] === "mine") radios[field] = radio;
        var option = el("div", { "class": "conflict-option conflict-" + side[0] }, [
          el("label", { "for": id }, [radio, " ", el("strong", { text: side[1] })]),
          el("p", { "class": "conflict-value" }, [said(field, side[2])])
        ]);
        pair.appendChild(option);
      });
      set.appendChild(pair);
      box.appendChild(set);
    });
    var go = el("button", { type: "button", "class": "primary", text: t("Save with these choices") });
    go.addEventListener("click", function () {
      var merged = Object.assign({}, mine);
      fields.forEach(function (field) {
        if (!radios[field].checked) merged[field] = theirs[field] === undefined ? null : theirs[field];
      });
      container.textContent = "";
      onChoose(merged);
    });
    box.appendChild(el("p", { "class": "actions" }, [go]));
    container.appendChild(box);
    box.querySelector("h2").focus();
    return fields.length;
  }

  window.Conflict = { show: show, differing: differing };
})();
