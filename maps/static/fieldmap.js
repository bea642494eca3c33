/* fieldmap: draw one compact layer (keys, style table, rows) with L.geoJSON.
   Rows are [geometry, style index, [values in key order]]; a point geometry is just [lon, lat].
   Drawing with one function per layer keeps the page small: no JS object per marker in the HTML. */
(function () {
  var fm = window.fieldmap = window.fieldmap || {layers: {}};

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
    var rows = cfg.fields.map(function (f) {
      return "<tr><th>" + esc(f[1]) + "</th><td>" + esc(show(p[f[0]], f[2], cfg)) + "</td></tr>";
    });
    return "<table class='fm-popup'>" + rows.join("") + "</table>";
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
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, styleOf(f)); },
      onEachFeature: function (f, l) {
        if (cfg.fields.length) l.bindPopup(popup(f.properties, cfg), {maxWidth: 340});
        if (cfg.tooltip && f.properties[cfg.tooltip] != null) l.bindTooltip(esc(f.properties[cfg.tooltip]));
      }
    });
    layer.fieldmapName = name;
    fm.layers[name] = layer;
    return layer;
  };
})();
