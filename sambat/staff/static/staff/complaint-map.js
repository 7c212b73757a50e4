// Small read-only map of a complaint's position. No tiles unless the city configured a tile server:
// the kelurahan boundary and the pin are drawn on a blank background, so nothing is fetched elsewhere.
(function () {
  "use strict";
  function draw() {
    var element = document.getElementById("complaint-map");
    var source = document.getElementById("complaint-map-config");
    if (!element || !source || typeof L === "undefined") { return; }
    var config = JSON.parse(source.textContent);
    var map = L.map(element, { scrollWheelZoom: false }).setView([config.lat, config.lon], 16);
    if (config.tiles) {
      L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.attribution || "" }).addTo(map);
    }
    if (config.boundary) {
      var outline = L.geoJSON(config.boundary, { style: { color: "#0b6e4f", weight: 2, fillOpacity: 0.05 } }).addTo(map);
      map.fitBounds(outline.getBounds(), { maxZoom: 16 });
    }
    L.circleMarker([config.lat, config.lon], { radius: 8, color: "#b91c1c", fillOpacity: 0.8 }).addTo(map);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
