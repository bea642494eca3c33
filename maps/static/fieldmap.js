/* fieldmap: draw one compact layer (keys, style table, rows) with L.geoJSON.
   Rows are [geometry, style index, [values in key order]]; a point geometry is just [lon, lat].
   Drawing with one function per layer keeps the page small: no JS object per marker in the HTML.
   fieldmap.symbol draws a point symbol (circle / diamond / square, rings per overdue reason, a
   number inside) as SVG; the legend swatches are drawn by the same function from the same style. */
(function () {
  var fm = window.fieldmap = window.fieldmap || {layers: {}, features: {}};

  function esc(v) {
    return String(v).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function show(v, words, cfg) {
    if (v === null || v === undefined) return "";
    if (v === true) return cfg.yes;
    if (v === false) return cfg.no;
    if (words && Object.prototype.hasOwnProperty.call(words, v)) return words[v];
    return v;
  }

  function popup(p, cfg) {
    var rows = cfg.fields.filter(function (f) { return p[f[0]] !== null && p[f[0]] !== undefined && p[f[0]] !== ""; })
      .map(function (f) {
        return "<tr><th>" + esc(f[1]) + "</th><td>" + esc(show(p[f[0]], f[2], cfg)) + "</td></tr>";
      });
    return "<table class='fm-popup'>" + rows.join("") + "</table>";
  }

  function attr(name, v) { return v === undefined || v === null || v === "" ? "" : " " + name + '="' + esc(v) + '"'; }

  function paint(st) {
    var fill = st.fill === false ? "none" : (st.fillColor || st.color || "#3388ff");
    return attr("stroke", st.stroke === false ? "none" : (st.color || "#3388ff")) +
      attr("stroke-width", st.weight == null ? 1 : st.weight) + attr("stroke-dasharray", st.dashArray) +
      attr("fill", fill) + attr("fill-opacity", st.fillOpacity == null ? 0.2 : st.fillOpacity);
  }

  /* SVG text of a symbol and its size in px: [svg, size]. */
  fm.symbol = function (st, label) {
    var shape = st.shape || "circle";
    if (shape === "line") {
      return ['<svg xmlns="http://www.w3.org/2000/svg" width="22" height="12"><line x1="1" y1="6" x2="21" y2="6"' +
        attr("stroke", st.color) + attr("stroke-width", st.weight || 3) + attr("stroke-dasharray", st.dashArray) +
        attr("stroke-opacity", st.opacity) + "/></svg>", 22];
    }
    if (shape === "polygon") {
      return ['<svg xmlns="http://www.w3.org/2000/svg" width="18" height="13"><rect x="1" y="1" width="16" height="11"' +
        paint(st) + "/></svg>", 18];
    }
    var r = st.radius || 6, rings = st.rings || [], rw = st.ringWeight || 2.5;
    var b = shape === "circle" ? r : r * 1.3;  // the symbol's outer radius
    function ringR(i) { return b + 1 + rw * 1.6 * (i + 0.5); }
    var outer = rings.length ? ringR(rings.length - 1) + rw / 2 : b;
    var R = Math.ceil(outer + (st.weight || 1) / 2 + 1), c = R, body;
    if (shape === "diamond") {
      var d = r * 1.3;
      body = '<path d="M' + c + " " + (c - d) + "L" + (c + d) + " " + c + "L" + c + " " + (c + d) + "L" + (c - d) + " " + c + 'Z"' + paint(st) + "/>";
    } else if (shape === "square") {
      var h = r * 0.92;
      body = '<rect x="' + (c - h) + '" y="' + (c - h) + '" width="' + 2 * h + '" height="' + 2 * h + '"' + paint(st) + "/>";
    } else {
      body = '<circle cx="' + c + '" cy="' + c + '" r="' + r + '"' + paint(st) + "/>";
    }
    rings.forEach(function (dash, i) {
      body += '<circle cx="' + c + '" cy="' + c + '" r="' + ringR(i) +
        '" fill="none"' + attr("stroke", st.ringColor) + attr("stroke-width", rw) + attr("stroke-dasharray", dash) + "/>";
    });
    if (label !== undefined && label !== null && label !== "") {
      body += '<text x="' + c + '" y="' + (c + r * 0.42) + '" text-anchor="middle" font-size="' + Math.round(r * 1.15) +
        '" font-weight="bold" font-family="sans-serif"' + attr("fill", st.labelColor || "#ffffff") + ">" + esc(label) + "</text>";
    }
    return ['<svg xmlns="http://www.w3.org/2000/svg" width="' + 2 * R + '" height="' + 2 * R + '">' + body + "</svg>", 2 * R];
  };

  function needsIcon(st, label) {
    return (st.shape && st.shape !== "circle") || (st.rings && st.rings.length) || (label !== undefined && label !== null);
  }

  function point(latlng, st, label, name) {
    if (!needsIcon(st, label)) return L.circleMarker(latlng, st);
    var s = fm.symbol(st, label);
    return L.marker(latlng, {icon: L.divIcon({html: s[0], className: "fm-icon", iconSize: [s[1], s[1]]}),
                             keyboard: false, riseOnHover: true, pane: st.pane || "markerPane"});
  }

  fm.layer = function (name, data, cfg) {
    var features = data.f.map(function (r) {
      var p = {_s: r[1]};
      data.k.forEach(function (k, i) { p[k] = r[2][i]; });
      var g = Array.isArray(r[0]) ? {type: "Point", coordinates: r[0]} : r[0];
      return {type: "Feature", geometry: g, properties: p};
    });
    function styleOf(f) { return data.s[f.properties._s]; }
    var layer = L.geoJSON({type: "FeatureCollection", features: features}, {
      style: styleOf,
      pointToLayer: function (f, latlng) {
        return point(latlng, styleOf(f), cfg.number ? f.properties[cfg.number] : undefined, name);
      },
      onEachFeature: function (f, l) {
        if (cfg.fields.length) l.bindPopup(popup(f.properties, cfg), {maxWidth: 340});
        var label = cfg.label && f.properties[cfg.label];
        var tip = cfg.tooltip && f.properties[cfg.tooltip];
        if (label != null && label !== "") {
          var area = f.geometry.type.indexOf("Polygon") >= 0, line = f.geometry.type.indexOf("LineString") >= 0;
          l.bindTooltip(esc(label), {permanent: true, interactive: false, direction: area || line ? "center" : "right",
            offset: area || line ? [0, 0] : [8, 0],
            className: "fm-label " + (area ? "fm-label-area" : line ? "fm-label-line" : "fm-label-point")});
        } else if (tip != null && tip !== "") {
          l.bindTooltip(esc(tip));
        }
        if (cfg.ref && f.properties[cfg.ref] != null) fm.features[name + ":" + f.properties[cfg.ref]] = l;
      }
    });
    layer.fieldmapName = name;
    fm.layers[name] = layer;
    fm.features[name] = layer.getLayers();  // in row order: the summary list points at them by index
    layer.on("add", function () {
      var m = layer._map;
      if (m && !m._fmDeclutter) { m._fmDeclutter = true; m.on("zoomend moveend", fm.later); }
      fm.later();
    });
    return layer;
  };

  /* Permanent labels must not cover each other: village names first, then distances, then
     township names; a label that would overlap one already placed is hidden (its feature's
     popup still names it, one tap away). */
  var pending = null;
  fm.later = function () { if (pending) clearTimeout(pending); pending = setTimeout(fm.declutter, 30); };
  fm.declutter = function () {
    var els = Array.prototype.slice.call(document.querySelectorAll(".leaflet-tooltip.fm-label"));
    function rank(e) { return e.classList.contains("fm-label-point") ? 0 : e.classList.contains("fm-label-line") ? 1 : 2; }
    els.sort(function (a, b) { return rank(a) - rank(b); });
    var placed = [];
    els.forEach(function (e) {
      e.style.visibility = "";
      var r = e.getBoundingClientRect();
      if (!r.width) return;
      var hit = placed.some(function (p) { return r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top; });
      if (hit) e.style.visibility = "hidden"; else placed.push(r);
    });
  };

  /* Fill every legend swatch (<span class="fm-sym" data-sym='style'>) with its symbol. */
  fm.legend = function () {
    var spans = document.querySelectorAll(".fm-sym[data-sym]");
    for (var i = 0; i < spans.length; i++) {
      var st = JSON.parse(spans[i].getAttribute("data-sym"));
      spans[i].innerHTML = fm.symbol(st)[0];
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fm.legend);
  else fm.legend();
})();
