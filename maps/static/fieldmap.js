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
      if (shape === "seat") body += '<circle cx="' + c + '" cy="' + c + '" r="' + (r * 0.45) + '"' + attr("fill", st.color) + "/>";
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

  // a packed line or polygon (maps/page.py pack_geometry): {type code: flat integer steps per line or ring}
  var PACKED = {L: ["LineString", 0], ML: ["MultiLineString", 1], P: ["Polygon", 1], MP: ["MultiPolygon", 2]};
  function unpack(packed, q) {
    var code = Object.keys(packed)[0], type = PACKED[code][0], depth = PACKED[code][1];
    var scale = Math.pow(10, q);
    function line(a) {
      var out = [], x = 0, y = 0;
      for (var i = 0; i < a.length; i += 2) { x += a[i]; y += a[i + 1]; out.push([x / scale, y / scale]); }
      return out;
    }
    function walk(c, d) { return d === 0 ? line(c) : c.map(function (x) { return walk(x, d - 1); }); }
    return {type: type, coordinates: walk(packed[code], depth)};
  }

  // a list cell's sort value: data-v when it differs from the text shown (maps/chrome.py _cell)
  function sortValue(td) { var v = td.getAttribute("data-v"); return v === null ? td.textContent : v; }

  fm.layer = function (name, data, cfg) {
    var features = data.f.map(function (r) {
      var p = {_s: r[1]};
      data.k.forEach(function (k, i) {
        var v = r[2][i], words = data.d && data.d[i];  // a shared word: its index (maps/page.py share_strings)
        p[k] = words && v !== null ? words[v] : v;
      });
      var g = Array.isArray(r[0]) ? {type: "Point", coordinates: r[0]} : data.q !== undefined && !r[0].type ? unpack(r[0], data.q) : r[0];
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
      fm.map = m;
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

  /* The page around the map: panels under the top bar that never cover it or each other, the
     zoom buttons and a km-only scale bar above the footer, the summary list linked to the map. */
  var NARROW = 760;
  function narrow() { return window.innerWidth < NARROW || window.innerHeight < 480; }
  function panels() { return Array.prototype.slice.call(document.querySelectorAll(".fm-panel")); }
  function button(p) { return document.querySelector('.fm-tool[data-panel="' + p.id.replace("fm-panel-", "") + '"]'); }
  function setOpen(p, open) {
    p.classList.toggle("fm-open", open);
    var b = button(p);
    if (b) b.setAttribute("aria-expanded", open ? "true" : "false");
  }

  fm.layout = function () {
    var top = document.querySelector(".fm-top"), foot = document.querySelector(".fm-footer");
    var y0 = (top ? top.getBoundingClientRect().bottom : 0) + 6;
    var footH = foot ? foot.getBoundingClientRect().height : 0;
    var bottoms = document.querySelectorAll(".leaflet-bottom");
    for (var i = 0; i < bottoms.length; i++) bottoms[i].style.bottom = footH + "px";
    var limit = window.innerHeight - footH - 6;
    // the zoom buttons and scale bar (bottom left) are kept clear by the left column
    var corner = document.querySelector(".leaflet-bottom.leaflet-left");
    var leftLimit = limit;
    if (corner) Array.prototype.forEach.call(corner.children, function (ch) {
      leftLimit = Math.min(leftLimit, ch.getBoundingClientRect().top - 6);
    });
    var cols = {left: y0, right: y0}, W = window.innerWidth;
    panels().forEach(function (p) {
      var s = p.style;
      s.left = s.right = s.top = s.maxHeight = s.width = "";
      if (!p.classList.contains("fm-open")) return;
      if (narrow()) {
        s.left = "8px"; s.right = "8px"; s.top = y0 + "px"; s.maxHeight = Math.max(80, limit - y0) + "px";
        return;
      }
      var side = p.getAttribute("data-side") || "right", y = cols[side];
      var bottom = side === "left" ? leftLimit : limit;
      if (bottom - y < 60) { setOpen(p, false); return; }
      s.top = y + "px";
      s.maxHeight = (bottom - y) + "px";
      s.width = "auto";
      s.maxWidth = Math.min(side === "left" ? 430 : 340, W / 2 - 16) + "px";
      if (side === "left") s.left = "8px"; else s.right = "8px";
      cols[side] = y + p.getBoundingClientRect().height + 6;
    });
  };

  function toggle(id) {
    var p = document.getElementById("fm-panel-" + id);
    if (!p) return;
    var open = !p.classList.contains("fm-open");
    if (open && narrow()) panels().forEach(function (q) { if (q !== p) setOpen(q, false); });
    setOpen(p, open);
    fm.layout();
  }

  function sortable(table) {
    var heads = table.querySelectorAll("th");
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        var dir = th.getAttribute("data-dir") === "asc" ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("data-dir"); });
        th.setAttribute("data-dir", dir === 1 ? "asc" : "desc");
        rows.sort(function (a, b) {
          var x = sortValue(a.cells[col]), y = sortValue(b.cells[col]);
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny : x.localeCompare(y, "zh");
          return c * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  /* Zoom to a feature of the map and open its popup (a row of the summary list). */
  fm.focus = function (layer, index) {
    var l = (fm.features[layer] || [])[index], m = fm.map;
    if (!l || !m) return;
    if (l.getLatLng) m.setView(l.getLatLng(), Math.max(m.getZoom(), 13));
    else if (l.getBounds) m.fitBounds(l.getBounds(), {maxZoom: 14});
    if (narrow()) panels().forEach(function (q) { setOpen(q, false); });
    fm.layout();
    if (l.openPopup) l.openPopup();
  };

  fm.page = function (opts) {
    var m = fm.map;
    if (m) {
      if (m.zoomControl) m.zoomControl.setPosition("bottomleft");
    }
    var lc = document.querySelector(".leaflet-control-layers"), holder = document.getElementById("fm-panel-layers");
    if (lc && holder) holder.appendChild(lc);
    var tools = document.querySelectorAll(".fm-tool");
    Array.prototype.forEach.call(tools, function (b) {
      b.addEventListener("click", function () { toggle(b.getAttribute("data-panel")); });
    });
    var lists = document.querySelectorAll(".fm-list");
    Array.prototype.forEach.call(lists, function (t) {
      sortable(t);
      t.tBodies[0].addEventListener("click", function (e) {
        var tr = e.target.closest("tr");
        if (tr) fm.focus(tr.getAttribute("data-layer"), parseInt(tr.getAttribute("data-index"), 10));
      });
    });
    panels().forEach(function (p) { setOpen(p, p.getAttribute("data-open") === "wide" && !narrow()); });
    fm.legend();
    fm.layout();
    if (m && opts && opts.bounds) fm.frame(opts.bounds);
    window.addEventListener("resize", fm.layout);
  };

  /* Fit the bounds into the part of the map no bar or open panel covers (when enough is left). */
  fm.frame = function (bounds) {
    var m = fm.map, W = window.innerWidth, top = document.querySelector(".fm-top");
    var foot = document.querySelector(".fm-footer");
    var padT = (top ? top.getBoundingClientRect().bottom : 0) + 4, padB = (foot ? foot.getBoundingClientRect().height : 0) + 4;
    var padL = 0, padR = 0;
    if (!narrow()) panels().forEach(function (p) {
      if (!p.classList.contains("fm-open")) return;
      var r = p.getBoundingClientRect();
      if (p.getAttribute("data-side") === "left") padL = Math.max(padL, r.right); else padR = Math.max(padR, W - r.left);
    });
    if (W - padL - padR < W * 0.5) { padL = 0; padR = 0; }
    m.fitBounds(bounds, {paddingTopLeft: [padL + 4, padT], paddingBottomRight: [padR + 4, padB], animate: false});
  };

  /* Fill every legend swatch (<span class="fm-sym" data-sym='style'>) with its symbol. */
  fm.legend = function () {
    var spans = document.querySelectorAll(".fm-sym[data-sym]");
    for (var i = 0; i < spans.length; i++) {
      var st = JSON.parse(spans[i].getAttribute("data-sym"));
      spans[i].innerHTML = fm.symbol(st, st.text)[0];
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fm.legend);
  else fm.legend();
})();
