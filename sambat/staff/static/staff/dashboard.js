/* The leaders' dashboard heat map: kelurahan shaded by their number of complaints.
 *
 * Boundaries come from the portal's own GeoJSON (the same layer as the public maps), counts from the page's
 * JSON block (json_script "dashboard-data", key "heat"). No tiles unless the city configured a tile server.
 * The charts themselves are drawn by sambat/charts.js.
 */
(function () {
  "use strict";

  // Light to dark: five classes, from "few" to "most" complaints in the period.
  var SHADES = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
  var DEFAULT_CENTER = [-7.9797, 112.6304];

  function parseCenter(value) {
    var parts = String(value || "").split(",").map(Number);
    return parts.length === 2 && isFinite(parts[0]) && isFinite(parts[1]) ? parts : DEFAULT_CENTER;
  }

  function shade(count, highest) {
    if (!count || !highest) {
      return SHADES[0];
    }
    var index = Math.min(SHADES.length - 1, Math.ceil((count / highest) * (SHADES.length - 1)));
    return SHADES[index];
  }

  function legend(highest, word) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = document.createElement("div");
      box.className = "heat-legend";
      for (var i = 0; i < SHADES.length; i++) {
        var line = document.createElement("div");
        var swatch = document.createElement("i");
        swatch.style.background = SHADES[i];
        line.appendChild(swatch);
        var low = i === 0 ? 0 : Math.floor(((i - 1) / (SHADES.length - 1)) * highest) + 1;
        var high = Math.floor((i / (SHADES.length - 1)) * highest);
        line.appendChild(document.createTextNode(i === 0 ? "0" : low + "–" + high));
        box.appendChild(line);
      }
      var caption = document.createElement("div");
      caption.textContent = word;
      box.appendChild(caption);
      return box;
    };
    return control;
  }

  function init() {
    var element = document.getElementById("dashboard-heat-map");
    var source = document.getElementById("dashboard-data");
    if (!element || !source || typeof L === "undefined" || !window.fetch) {
      return;
    }
    var heat = (JSON.parse(source.textContent) || {}).heat || { counts: {} };
    var counts = heat.counts || {};
    var highest = 0;
    Object.keys(counts).forEach(function (code) { highest = Math.max(highest, counts[code]); });

    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25 }).setView(parseCenter(element.dataset.center), 12);
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { maxZoom: 19, attribution: element.dataset.tileAttribution || "" }).addTo(map);
    }
    fetch(element.dataset.geojsonUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.features) {
          return;
        }
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var count = counts[(feature.properties || {}).code] || 0;
            return { color: "#555", weight: 1, fillColor: shade(count, highest), fillOpacity: 0.75 };
          },
          onEachFeature: function (feature, featureLayer) {
            var properties = feature.properties || {};
            var label = document.createElement("span");
            label.textContent = (properties.name || "") + ": " + (counts[properties.code] || 0) + " " + (heat.label || "");
            featureLayer.bindTooltip(label, { sticky: true });
          }
        }).addTo(map);
        // Not a Tab stop each (Leaflet makes layers with tooltips focusable): the table below has the counts.
        layer.eachLayer(function (featureLayer) {
          var path = featureLayer.getElement && featureLayer.getElement();
          if (path) {
            path.setAttribute("tabindex", "-1");
          }
        });
        if (layer.getBounds().isValid()) {
          map.fitBounds(layer.getBounds());
        }
        legend(highest, heat.label || "").addTo(map);
        element.dataset.heatReady = "1";
      })
      .catch(function () { /* the table below the map holds the same counts */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
