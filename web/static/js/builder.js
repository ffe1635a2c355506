/* The embed builder: pick an area, kinds of service and a language; copy the iframe code.
   (The quick exit comes from common.js.) */
(function () {
  "use strict";
  var C = JSON.parse(document.getElementById("config").textContent);
  var form = document.getElementById("builder"), code = document.getElementById("b-code");
  var preview = document.getElementById("b-preview"), copied = document.getElementById("b-copied");

  function url() {
    var p = new URLSearchParams();
    p.set("lang", form.lang.value);
    if (form.lon.value && form.lat.value && form.zoom.value) {
      p.set("lon", form.lon.value); p.set("lat", form.lat.value); p.set("zoom", form.zoom.value);
    } else if (form.bbox.value) {
      p.set("bbox", form.bbox.value.replace(/\s+/g, ""));
    }
    form.querySelectorAll("input[name=category]:checked").forEach(function (x) { p.append("category", x.value); });
    return "/embed?" + p.toString();
  }
  function update() {
    var path = url(), height = parseInt(form.height.value, 10) || 600;
    var title = document.title.replace(/"/g, "&quot;");
    code.value = '<iframe src="' + C.origin + path.replace(/&/g, "&amp;") + '" title="' + title +
      '" width="100%" height="' + height + '" style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>';
    preview.src = path;
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  document.getElementById("b-copy").addEventListener("click", function () {
    code.select();
    (navigator.clipboard ? navigator.clipboard.writeText(code.value) : Promise.reject()).then(
      function () { copied.textContent = "✓"; }, function () { document.execCommand("copy"); copied.textContent = "✓"; });
  });
  update();
})();
