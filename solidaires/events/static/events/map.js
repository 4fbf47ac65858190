/*
 * Map of the events listed on the agenda page (progressive enhancement).
 * The list of events is the text alternative: each <li> carries data-lat, data-lon,
 * data-where, data-name and data-url (the place, or the commune's town hall). One marker per
 * location, whose popup links to the events of this page held there.
 */
(function () {
  "use strict";

  function collectPoints() {
    var byCommune = {};
    var order = [];
    document.querySelectorAll(".event-results > li[data-lat]").forEach(function (item) {
      var lat = parseFloat(item.dataset.lat);
      var lon = parseFloat(item.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) {
        return;
      }
      var key = item.dataset.where + "|" + lat + "|" + lon;
      if (!byCommune[key]) {
        byCommune[key] = { lat: lat, lon: lon, commune: item.dataset.where, items: [] };
        order.push(key);
      }
      byCommune[key].items.push({ name: item.dataset.name, url: item.dataset.url });
    });
    return order.map(function (key) { return byCommune[key]; });
  }

  function popupContent(point) {
    var wrapper = document.createElement("div");
    var title = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = point.commune;
    title.appendChild(strong);
    wrapper.appendChild(title);
    var list = document.createElement("ul");
    point.items.forEach(function (entry) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.name;
      li.appendChild(link);
      list.appendChild(li);
    });
    wrapper.appendChild(list);
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
    var container = document.getElementById("carte-agenda");
    if (!panel || !container || typeof L === "undefined") {
      return;
    }
    var points = collectPoints();
    if (!points.length) {
      return;
    }
    panel.hidden = false;
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
        var count = point.items.length;
        var marker = L.circleMarker([point.lat, point.lon], {
          radius: Math.min(8 + 2 * count, 20),
          color: "#ffffff",
          weight: 2,
          fillColor: "#0b6e69",
          fillOpacity: 0.9
        }).addTo(map);
        marker.bindTooltip(point.commune + " : " + count + " événement" + (count > 1 ? "s" : ""));
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
    if (window.matchMedia && window.matchMedia("(min-width: 60em)").matches) {
      panel.open = true;
    }
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
