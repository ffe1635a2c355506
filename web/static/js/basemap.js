/* Maraude: the map of the configured area and its basemap, drawn with no request elsewhere. */
(function () {
  "use strict";
  var C = window.Maraude.C, t = window.Maraude.t;
  var LIBRARY = "/static/vendor/protomaps-leaflet-5.1.0/protomaps-leaflet.js";
  var FONT = "sans-serif";

  /* The old light basemap: the loaded streets as lines, for streets that have no tiles. */
  function streetLines(map) {
    fetch("/api/v1/basemap?bbox=" + C.area.join(",")).then(function (r) { return r.ok ? r.json() : null; }).then(function (g) {
      if (!g) return;
      L.geoJSON(g, { renderer: L.canvas({ padding: 0.3 }), interactive: false, style: function (f) {
        var k = f.properties.k;
        return { color: k === 2 ? "#c9c3b8" : k === 1 ? "#ddd7cc" : "#e8e4dc", weight: k === 2 ? 3 : k === 1 ? 2 : 1, opacity: 1 };
      } }).addTo(map).bringToBack();
    });
  }

  /* Widths by zoom, interpolated between [zoom, pixels] stops. */
  function widths(stops) {
    return function (z) {
      if (z <= stops[0][0]) return stops[0][1];
      for (var i = 1; i < stops.length; i++) {
        if (z <= stops[i][0]) {
          var a = stops[i - 1], b = stops[i];
          return a[1] + (b[1] - a[1]) * (z - a[0]) / (b[0] - a[0]);
        }
      }
      return stops[stops.length - 1][1];
    };
  }

  function kind(name) { return function (z, f) { return f.props["class"] === name; }; }

  /* Paint and label rules of the tiles' layers (geo/streets/tilemaker/process.lua). */
  function style(P) {
    var land = { park: "#d9ead0", wood: "#cfe3c2", grass: "#e2efd6", sand: "#f3ead0", cemetery: "#dde3d6", pitch: "#d6ecd2" };
    var paint = [
      { dataLayer: "earth", symbolizer: new P.PolygonSymbolizer({ fill: "#f4f1ea" }) },
      { dataLayer: "landuse", symbolizer: new P.PolygonSymbolizer({ fill: function (z, f) { return land[f.props["class"]] || "#ebe8df"; } }) },
      { dataLayer: "water", symbolizer: new P.PolygonSymbolizer({ fill: "#aad3df" }) },
      { dataLayer: "waterway", symbolizer: new P.LineSymbolizer({ color: "#aad3df", width: widths([[12, 0.5], [16, 2]]) }) },
      { dataLayer: "coastline", symbolizer: new P.LineSymbolizer({ color: "#8cb9c9", width: 1 }) },
      { dataLayer: "roads", filter: kind("path"), minzoom: 15, symbolizer: new P.LineSymbolizer({ color: "#d8d1c4", width: widths([[15, 0.6], [18, 1.5]]), dash: [3, 2], dashColor: "#cfc7b8", dashWidth: 1 }) },
      { dataLayer: "roads", filter: kind("service"), minzoom: 14, symbolizer: new P.LineSymbolizer({ color: "#ddd6c9", width: widths([[14, 0.8], [18, 4]]) }) },
      { dataLayer: "roads", filter: kind("minor"), symbolizer: new P.LineSymbolizer({ color: "#d6cfc2", width: widths([[12, 1], [14, 3], [18, 12]]) }) },
      { dataLayer: "roads", filter: kind("major"), symbolizer: new P.LineSymbolizer({ color: "#cbbfa8", width: widths([[10, 1.2], [14, 5], [18, 16]]) }) },
      { dataLayer: "roads", filter: kind("minor"), minzoom: 14, symbolizer: new P.LineSymbolizer({ color: "#ffffff", width: widths([[14, 1.8], [18, 10]]) }) },
      { dataLayer: "roads", filter: kind("major"), minzoom: 13, symbolizer: new P.LineSymbolizer({ color: "#fdf6e3", width: widths([[13, 2], [14, 3.5], [18, 14]]) }) }
    ];
    function text(size, weight) { return function (z, f) { return (weight || 400) + " " + size(z, f) + "px " + FONT; }; }
    var labels = [
      { dataLayer: "places", filter: function (z, f) { return f.props.rank <= 3 || z >= 14; },
        symbolizer: new P.CenteredTextSymbolizer({ labelProps: ["name"], fill: "#333", stroke: "#ffffffd9", width: 2.5,
          font: text(function (z, f) { return f.props.rank <= 1 ? 15 : f.props.rank <= 3 ? 13 : 11; }, 600) }) },
      { dataLayer: "roads", minzoom: 15, filter: function (z, f) { return f.props["class"] !== "path" || z >= 17; },
        symbolizer: new P.LineLabelSymbolizer({ labelProps: ["name"], fill: "#5a5246", stroke: "#ffffff", width: 3, position: P.LineLabelPlacement.Center,
          font: text(function (z) { return z >= 17 ? 13 : 11; }) }) }
    ];
    return { paint: paint, labels: labels };
  }

  /* The tile sets, drawn by the vendored library, loaded once the page's own work is done. */
  function vectorTiles(map, sets) {
    var script = document.createElement("script");
    script.src = LIBRARY;
    script.onerror = function () { streetLines(map); };
    script.onload = function () {
      var P = window.protomapsL, s = style(P);
      sets.forEach(function (set) {
        var b = set.bounds;
        var layer = P.leafletLayer({ url: set.tiles, maxDataZoom: set.maxzoom, paintRules: s.paint, labelRules: s.labels,
          attribution: set.attribution, bounds: [[b[1], b[0]], [b[3], b[2]]], className: "basemap-tiles" });
        layer.addTo(map);
        layer.bringToBack();
      });
      map.getContainer().setAttribute("data-basemap", "tiles");
    };
    document.head.appendChild(script);
  }

  /* Run fn once the page has drawn its first markers (what a visitor waits for), or at the
     latest WAIT ms after it loaded, then when the browser is idle. */
  var WAIT = 1500;
  function afterMarkers(map, fn) {
    var done = false, pane = map.getPane("markerPane");
    function go() {
      if (done) return;
      done = true;
      observer.disconnect();
      if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 300 }); else setTimeout(fn, 0);
    }
    var observer = new MutationObserver(function () { if (pane.firstChild) go(); });
    observer.observe(pane, { childList: true });
    if (pane.firstChild) go();
    function later() { setTimeout(go, WAIT); }
    if (document.readyState === "complete") later(); else window.addEventListener("load", later);
  }

  /* This site's own basemap: vector tiles of the loaded streets' extract (water, streets and
     places with their names) when they were built, else the streets as lines. */
  function ownBasemap(map) {
    fetch("/api/v1/basemap/tilesets").then(function (r) { return r.ok ? r.json() : { tilesets: [] }; }).then(function (body) {
      if (!body.tilesets.length) { streetLines(map); return; }
      afterMarkers(map, function () { vectorTiles(map, body.tilesets); });
    }, function () { streetLines(map); });
  }

  /* A map of the configured area with its basemap: tiles only when configured, else this
     site's own. */
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
    ownBasemap(map);
    return map;
  }

  window.Maraude.baseMap = baseMap;
})();
