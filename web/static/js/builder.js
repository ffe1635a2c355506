/* The embed builder: move a map to the area, pick kinds of service, publics, conditions, a
   language spoken and the map's language; copy the iframe code. (The quick exit comes from
   common.js.) */
(function () {
  "use strict";
  var R = window.Maraude, C = R.C;
  var form = document.getElementById("builder"), code = document.getElementById("b-code");
  var preview = document.getElementById("b-preview"), copied = document.getElementById("b-copied");
  Array.prototype.forEach.call(document.querySelectorAll("#b-spoken option"), function (o) {
    if (o.value) o.textContent = R.languageName(o.value);
  });
  var map = R.baseMap("b-map");

  /* The map's view fills the centre and zoom fields; typing in them moves the map. */
  function fromMap() {
    var c = map.getCenter();
    form.lon.value = c.lng.toFixed(5);
    form.lat.value = c.lat.toFixed(5);
    form.zoom.value = map.getZoom();
  }
  map.on("moveend", function () {
    fromMap();
    form.querySelector("input[name=area][value=view]").checked = true;
    update();
  });
  function url() {
    var p = new URLSearchParams();
    p.set("lang", form.lang.value);
    var whole = form.querySelector("input[name=area]:checked").value === "all";
    if (!whole && form.lon.value && form.lat.value && form.zoom.value) {
      p.set("lon", form.lon.value); p.set("lat", form.lat.value); p.set("zoom", form.zoom.value);
    } else if (form.bbox.value) {
      p.set("bbox", form.bbox.value.replace(/\s+/g, ""));
    }
    ["category", "public", "condition"].forEach(function (name) {
      form.querySelectorAll("input[name=" + name + "]:checked").forEach(function (x) { p.append(name, x.value); });
    });
    if (form.spoken.value) p.set("language", form.spoken.value);
    return "/embed?" + p.toString();
  }
  function attr(s) { return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;"); }
  function update() {
    var path = url(), height = parseInt(form.height.value, 10) || 600;
    var title = C.titles[form.lang.value] || C.titles.fr;
    code.value = '<iframe src="' + attr(C.origin + path) + '" title="' + attr(title) + '" lang="' + attr(form.lang.value) +
      '" width="100%" height="' + height + '" style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>';
    preview.src = path;
    preview.title = title;
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "lon" || e.target.name === "lat" || e.target.name === "zoom") {
      var lon = parseFloat(form.lon.value), lat = parseFloat(form.lat.value), zoom = parseInt(form.zoom.value, 10);
      if (isFinite(lon) && isFinite(lat) && isFinite(zoom)) map.setView([lat, lon], zoom);
    }
    update();
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  document.getElementById("b-copy").addEventListener("click", function () {
    code.select();
    (navigator.clipboard ? navigator.clipboard.writeText(code.value) : Promise.reject()).then(
      function () { copied.textContent = "✓"; }, function () { document.execCommand("copy"); copied.textContent = "✓"; });
  });
  fromMap();
  form.querySelector("input[name=area][value=all]").checked = true;
  update();
})();
