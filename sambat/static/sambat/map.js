/* Sambat maps: the pin picker of the report form and the read-only pin of the tracking page.
 *
 * The base layer is the kelurahan boundaries served by the portal itself; a tile layer is added only when the
 * city configured one (SAMBAT_MAP_TILE_URL), so by default the page fetches nothing from third parties.
 * Texts come from data-* attributes rendered (and translated) by the template and are set with textContent.
 */
(function () {
  "use strict";

  var DEFAULT_CENTER = [-7.9797, 112.6304];

  function parseCenter(value) {
    var parts = String(value || "").split(",").map(Number);
    if (parts.length === 2 && isFinite(parts[0]) && isFinite(parts[1])) {
      return parts;
    }
    return DEFAULT_CENTER;
  }

  function createMap(element, interactive) {
    var map = L.map(element, {
      scrollWheelZoom: false,
      // Quarter steps let the whole city fill the map instead of the next smaller whole zoom level.
      zoomSnap: 0.25,
      dragging: interactive || !L.Browser.mobile
    }).setView(parseCenter(element.dataset.center), 13);
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, {
        maxZoom: 19,
        attribution: element.dataset.tileAttribution || ""
      }).addTo(map);
    }
    return map;
  }

  // Ray casting, as sambat/lib/geo.py does on the server (which decides the real area).
  function inRing(lon, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }

  function inPolygon(lon, lat, rings) {
    if (!rings.length || !inRing(lon, lat, rings[0])) {
      return false;
    }
    for (var k = 1; k < rings.length; k++) {
      if (inRing(lon, lat, rings[k])) {
        return false;
      }
    }
    return true;
  }

  function featureAt(features, latlng) {
    for (var i = 0; i < features.length; i++) {
      var geometry = features[i].geometry || {};
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] :
        geometry.type === "MultiPolygon" ? geometry.coordinates : [];
      for (var p = 0; p < polygons.length; p++) {
        if (inPolygon(latlng.lng, latlng.lat, polygons[p])) {
          return features[i];
        }
      }
    }
    return null;
  }

  function loadAreas(element, map, onLoaded) {
    if (!element.dataset.geojsonUrl || !window.fetch) {
      return;
    }
    fetch(element.dataset.geojsonUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.features) {
          return;
        }
        var layer = L.geoJSON(data, {
          style: { color: "#0b6e4f", weight: 1, fillOpacity: 0.05 },
          onEachFeature: function (feature, featureLayer) {
            var label = document.createElement("span");
            label.textContent = (feature.properties && feature.properties.name) || "";
            featureLayer.bindTooltip(label, { sticky: true });
          }
        }).addTo(map);
        // Leaflet makes every layer with a tooltip a Tab stop: 57 kelurahan outlines stood between a keyboard
        // user and the rest of the form. The names stay on hover; the map itself keeps its own keyboard focus.
        layer.eachLayer(function (featureLayer) {
          var path = featureLayer.getElement && featureLayer.getElement();
          if (path) {
            path.setAttribute("tabindex", "-1");
          }
        });
        if (onLoaded) {
          onLoaded(data.features, layer);
        }
      })
      .catch(function () { /* the map still works without boundaries */ });
  }

  function setupPicker(element) {
    var latInput = document.getElementById(element.dataset.latInput);
    var lonInput = document.getElementById(element.dataset.lonInput);
    var status = document.getElementById(element.dataset.status);
    if (!latInput || !lonInput) {
      return;
    }
    var map = createMap(element, true);
    var features = [];
    var marker = null;

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function describe(latlng) {
      var feature = featureAt(features, latlng);
      var text = element.dataset.textPlaced || "";
      if (feature && feature.properties) {
        text += " " + (element.dataset.textArea || "") + " " + feature.properties.name;
        if (feature.properties.kecamatan) {
          text += ", " + feature.properties.kecamatan;
        }
      }
      say(text);
    }

    function place(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng()); });
      }
      describe(latlng);
    }

    function clear() {
      latInput.value = "";
      lonInput.value = "";
      if (marker) {
        map.removeLayer(marker);
        marker = null;
      }
      say(element.dataset.textNone || "");
    }

    map.on("click", function (event) { place(event.latlng); });

    var lat = parseFloat(latInput.value);
    var lon = parseFloat(lonInput.value);
    if (isFinite(lat) && isFinite(lon)) {
      place(L.latLng(lat, lon));
      map.setView([lat, lon], 16);
    } else {
      say(element.dataset.textNone || "");
    }

    loadAreas(element, map, function (loaded, layer) {
      features = loaded;
      if (marker) {
        describe(marker.getLatLng());
      } else if (layer.getBounds().isValid()) {
        map.fitBounds(layer.getBounds());
      }
    });

    var locate = document.querySelector('[data-map-locate="' + element.id + '"]');
    var clearButton = document.querySelector('[data-map-clear="' + element.id + '"]');
    if (locate && locate.parentElement) {
      locate.parentElement.hidden = false;
    }
    if (locate) {
      if (!navigator.geolocation) {
        locate.hidden = true;
      }
      locate.addEventListener("click", function () {
        say(element.dataset.textLocating || "");
        navigator.geolocation.getCurrentPosition(function (position) {
          var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
          place(latlng);
          map.setView(latlng, 17);
        }, function () {
          say(element.dataset.textNoLocation || "");
        }, { enableHighAccuracy: true, timeout: 15000 });
      });
    }
    if (clearButton) {
      clearButton.addEventListener("click", clear);
    }
  }

  function setupDisplay(element) {
    var lat = parseFloat(element.dataset.lat);
    var lon = parseFloat(element.dataset.lon);
    if (!isFinite(lat) || !isFinite(lon)) {
      return;
    }
    var map = createMap(element, false);
    L.marker([lat, lon], { keyboard: false, interactive: false }).addTo(map);
    map.setView([lat, lon], 16);
    loadAreas(element, map, null);
  }

  // The public board: the latest reports as coloured dots, each linking to its tracking page.
  var STATUS_COLOURS = {
    grey: "#6b7280", orange: "#c2410c", blue: "#1d4ed8", purple: "#7e22ce", green: "#15803d", red: "#b91c1c"
  };

  function pointPopup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title || properties.code;
    var meta = document.createElement("div");
    meta.textContent = properties.code + " · " + properties.status;
    box.appendChild(link);
    box.appendChild(meta);
    return box;
  }

  function setupPoints(element) {
    var map = createMap(element, true);
    // Report dots live in their own pane above the kelurahan boundaries, whichever of the two loads first.
    map.createPane("reports").style.zIndex = 450;
    loadAreas(element, map, function (features, layer) {
      if (layer.getBounds().isValid()) {
        // No animation: a dot must not slide away from under the pointer of someone about to click it.
        map.fitBounds(layer.getBounds(), { animate: false });
      }
    });
    if (!element.dataset.pointsUrl || !window.fetch) {
      return;
    }
    fetch(element.dataset.pointsUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.features) {
          return;
        }
        L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            var colour = STATUS_COLOURS[feature.properties.colour] || STATUS_COLOURS.grey;
            return L.circleMarker(latlng, {
              pane: "reports", radius: 6, color: "#fff", weight: 1, fillColor: colour, fillOpacity: 0.9
            });
          },
          onEachFeature: function (feature, layer) {
            layer.bindPopup(pointPopup(feature.properties));
          }
        }).addTo(map);
      })
      .catch(function () { /* the list below the map shows the same reports */ });
  }

  function init() {
    if (typeof L === "undefined") {
      return;
    }
    var elements = document.querySelectorAll("[data-sambat-map]");
    for (var i = 0; i < elements.length; i++) {
      if (elements[i].dataset.sambatMap === "pick") {
        setupPicker(elements[i]);
      } else if (elements[i].dataset.sambatMap === "points") {
        setupPoints(elements[i]);
      } else {
        setupDisplay(elements[i]);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
