/*
 * Map of the results of a list page (progressive enhancement), shared by the associations
 * directory, the agenda and the missions. The list or table on the page stays the text
 * alternative; without JavaScript (or Leaflet) nothing changes.
 *
 * Markup:
 *   <details class="map-panel" data-results-map hidden>
 *     <summary>…</summary>
 *     <div class="map" role="region" aria-label="…"
 *          data-items=".association-results > li[data-lat]"   (CSS selector of the results)
 *          data-label="commune"                                 (data-* attribute naming a place)
 *          data-noun="association" data-nouns="associations"
 *          data-tiles="…" data-attribution="…" data-outlines="/territoire/communes.geojson"></div>
 *   </details>
 * Each result carries data-lat, data-lon, data-<label>, data-name and data-url. A result
 * that already stands for several (e.g. "12 missions in Valence") carries data-count: its
 * marker's popup is then one link to them. Results at the same place share one marker.
 * The panel and the map may be `hidden` in the HTML: the script shows them.
 */
(function () {
  "use strict";

  function collectPoints(container) {
    var labelKey = container.dataset.label || "commune";
    var byPlace = {};
    var order = [];
    document.querySelectorAll(container.dataset.items).forEach(function (item) {
      var lat = parseFloat(item.dataset.lat);
      var lon = parseFloat(item.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) {
        return;
      }
      var label = item.dataset[labelKey] || item.dataset.name || "";
      var key = label + "|" + lat + "|" + lon;
      if (!byPlace[key]) {
        byPlace[key] = { lat: lat, lon: lon, label: label, count: 0, items: [] };
        order.push(key);
      }
      var count = item.dataset.count ? parseInt(item.dataset.count, 10) || 0 : 1;
      byPlace[key].count += count;
      byPlace[key].items.push({ name: item.dataset.name, url: item.dataset.url, grouped: !!item.dataset.count });
    });
    return order.map(function (key) { return byPlace[key]; });
  }

  function counted(count, container) {
    var noun = count > 1 ? container.dataset.nouns : container.dataset.noun;
    return count + " " + (noun || "");
  }

  function link(entry, text) {
    var anchor = document.createElement("a");
    anchor.href = entry.url;
    anchor.textContent = text;
    return anchor;
  }

  function popupContent(point, container) {
    var wrapper = document.createElement("div");
    if (point.items.length === 1 && point.items[0].grouped) {
      var only = document.createElement("p");
      only.appendChild(link(point.items[0], point.label + " : " + counted(point.count, container)));
      wrapper.appendChild(only);
      return wrapper;
    }
    var title = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = point.label;
    title.appendChild(strong);
    wrapper.appendChild(title);
    var list = document.createElement("ul");
    point.items.forEach(function (entry) {
      var li = document.createElement("li");
      li.appendChild(link(entry, entry.name));
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

  function setUp(panel) {
    var container = panel.querySelector(".map");
    if (!container || !container.dataset.items) {
      return;
    }
    var points = collectPoints(container);
    if (!points.length) {
      return;
    }
    panel.hidden = false;
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
        marker.bindTooltip(point.label + " : " + counted(point.count, container));
        marker.bindPopup(popupContent(point, container));
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

  function init() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll("[data-results-map]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
