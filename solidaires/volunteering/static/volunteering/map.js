/*
 * Map of the missions per commune on /missions/ (progressive enhancement).
 * The table "Nombre de missions par commune" is the text alternative: each row carries
 * data-lat, data-lon, data-name, data-count and data-url (the list filtered on that commune).
 */
(function () {
  "use strict";

  function collectPoints() {
    var points = [];
    document.querySelectorAll(".mission-communes tbody tr[data-lat]").forEach(function (row) {
      var lat = parseFloat(row.dataset.lat);
      var lon = parseFloat(row.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) {
        return;
      }
      points.push({
        lat: lat,
        lon: lon,
        name: row.dataset.name,
        count: parseInt(row.dataset.count, 10) || 0,
        url: row.dataset.url
      });
    });
    return points;
  }

  function popupContent(point) {
    var wrapper = document.createElement("p");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name + " : " + point.count + " mission" + (point.count > 1 ? "s" : "");
    wrapper.appendChild(link);
    return wrapper;
  }

  function drawOutlines(map, url) {
    if (!url || !window.fetch) {
      return;
    }
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) {
          return;
        }
        var layer = L.geoJSON(data, {
          interactive: false,
          style: { color: "#5b6470", weight: 1, fillColor: "#e8efe9", fillOpacity: 0.6 }
        }).addTo(map);
        layer.bringToBack();
      })
      .catch(function () { /* the markers are enough */ });
  }

  function init() {
    var panel = document.getElementById("panneau-carte");
    var container = document.getElementById("carte-missions");
    if (!panel || !container || typeof L === "undefined") {
      return;
    }
    var points = collectPoints();
    if (!points.length) {
      return;
    }
    container.hidden = false;
    var map = null;

    function build() {
      if (map) {
        map.invalidateSize();
        return;
      }
      map = L.map(container, { scrollWheelZoom: false });
      if (container.dataset.tiles) {
        L.tileLayer(container.dataset.tiles, {
          maxZoom: 18,
          attribution: container.dataset.attribution || ""
        }).addTo(map);
      } else {
        drawOutlines(map, container.dataset.outlines);
      }
      var bounds = [];
      points.forEach(function (point) {
        var marker = L.circleMarker([point.lat, point.lon], {
          radius: Math.min(8 + 2 * point.count, 22),
          color: "#ffffff",
          weight: 2,
          fillColor: "#0b6e69",
          fillOpacity: 0.9
        }).addTo(map);
        marker.bindTooltip(point.name + " : " + point.count + " mission" + (point.count > 1 ? "s" : ""));
        marker.bindPopup(popupContent(point));
        bounds.push([point.lat, point.lon]);
      });
      if (bounds.length === 1) {
        map.setView(bounds[0], 12);
      } else {
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
      }
    }

    panel.addEventListener("toggle", function () {
      if (panel.open) {
        build();
      }
    });
    if (panel.open) {
      build();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
