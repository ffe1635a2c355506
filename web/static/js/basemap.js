/* Maraude: the map of the configured area and its basemap, drawn with no request elsewhere. */
(function () {
  "use strict";
  var C = window.Maraude.C, t = window.Maraude.t;

  /* A map of the configured area with its basemap: tiles only when configured, else the
     loaded streets drawn from this site's own data. */
  function baseMap(id) {
    var a = C.area;
    var map = L.map(id, { zoomControl: true, attributionControl: true });
    if (C.view) map.setView([C.view[1], C.view[0]], C.view[2]); else map.fitBounds([[a[1], a[0]], [a[3], a[2]]]);
    map.zoomControl.getContainer().querySelectorAll("a").forEach(function (b) {
      b.setAttribute("title", t(b.classList.contains("leaflet-control-zoom-in") ? "Zoom in" : "Zoom out"));
      b.setAttribute("aria-label", b.getAttribute("title"));
    });
    map.attributionControl.setPrefix(false);
    if (C.tileUrl) {
      L.tileLayer(C.tileUrl, { attribution: C.attribution, maxZoom: 19 }).addTo(map);
      return map;
    }
    map.attributionControl.addAttribution(C.attribution);
    fetch("/api/v1/basemap?bbox=" + a.join(",")).then(function (r) { return r.ok ? r.json() : null; }).then(function (g) {
      if (!g) return;
      L.geoJSON(g, { renderer: L.canvas({ padding: 0.3 }), interactive: false, style: function (f) {
        var k = f.properties.k;
        return { color: k === 2 ? "#c9c3b8" : k === 1 ? "#ddd7cc" : "#e8e4dc", weight: k === 2 ? 3 : k === 1 ? 2 : 1, opacity: 1 };
      } }).addTo(map).bringToBack();
    });
    return map;
  }

  window.Maraude.baseMap = baseMap;
})();
