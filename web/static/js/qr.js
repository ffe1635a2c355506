/* Maraude: a QR code drawn in the page, with nothing sent anywhere (the vendored
   qrcode-generator computes it; this draws it as an inline SVG with DOM calls, so the pages'
   policy, no eval and no inline script, holds). Needs qrcode.js and common.js loaded first.

   Maraude.qr(text, label) returns an <svg role="img"> of `text` (UTF-8, error correction M,
   the smallest version that holds it, a quiet zone of 4 modules), named by `label` (by `text`
   when there is none). 4 px a module unless the page's CSS sizes it. Throws when `text` is too
   long for a QR code. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg", QUIET = 4, PX = 4;

  /* The text's UTF-8 bytes, one char each: the library's byte mode keeps the low 8 bits of
     each char, so a URL with any script in it is encoded as a phone's scanner reads it. */
  function utf8(text) {
    var bytes = new TextEncoder().encode(text), out = "";
    for (var i = 0; i < bytes.length; i += 1) out += String.fromCharCode(bytes[i]);
    return out;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  /* The dark modules as one path, each row's runs drawn as single rectangles. */
  function modules(code) {
    var n = code.getModuleCount(), d = [];
    for (var row = 0; row < n; row += 1) {
      for (var col = 0; col < n; col += 1) {
        if (!code.isDark(row, col)) continue;
        var run = 1;
        while (col + run < n && code.isDark(row, col + run)) run += 1;
        d.push("M" + (col + QUIET) + " " + (row + QUIET) + "h" + run + "v1h-" + run + "z");
        col += run - 1;
      }
    }
    return d.join("");
  }

  function qr(text, label) {
    var code = window.qrcode(0, "M");
    code.addData(utf8(String(text)), "Byte");
    code.make();
    var size = code.getModuleCount() + 2 * QUIET;
    var out = svg("svg", {
      "class": "qr", viewBox: "0 0 " + size + " " + size, width: size * PX, height: size * PX,
      role: "img", "aria-label": label || String(text), "shape-rendering": "crispEdges"
    });
    out.appendChild(svg("rect", { width: size, height: size, fill: "#fff" }));
    out.appendChild(svg("path", { d: modules(code), fill: "#000" }));
    return out;
  }

  window.Maraude.qr = qr;
})();
