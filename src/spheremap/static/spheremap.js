/* spheremap client runtime: dated layers, hatch patterns, legend, labels and the atlas time control.
 *
 * Served by the Streamlit app from its static folder and inlined into every export.
 * All text reaches the page through textContent (never innerHTML), so names, notes, sources
 * and passages show as text whatever they contain.
 * Needs Leaflet (window.L). No other dependency, no network.
 */
(function (global) {
  "use strict";
  var L = global.L;
  var SVGNS = "http://www.w3.org/2000/svg";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /* ------------------------------------------------------------ hatch patterns */
  // patterns: [{id, colour, type}] -> <pattern id=...> in one hidden <svg>: diagonal stripes
  // ("hatch", the default), dots ("dots") or horizontal rules ("rows"), over a light tint.
  function ensurePatterns(patterns) {
    var svg = document.getElementById("sm-patterns");
    if (!svg) {
      svg = document.createElementNS(SVGNS, "svg");
      svg.setAttribute("id", "sm-patterns");
      svg.setAttribute("width", "0");
      svg.setAttribute("height", "0");
      svg.setAttribute("aria-hidden", "true");
      svg.style.position = "absolute";
      svg.appendChild(document.createElementNS(SVGNS, "defs"));
      document.body.appendChild(svg);
    }
    var defs = svg.firstChild;
    (patterns || []).forEach(function (p) {
      if (document.getElementById(p.id)) return;
      var type = p.type || "hatch";
      var pat = document.createElementNS(SVGNS, "pattern");
      pat.setAttribute("id", p.id);
      pat.setAttribute("patternUnits", "userSpaceOnUse");
      pat.setAttribute("width", type === "dots" ? "6" : "8");
      pat.setAttribute("height", type === "dots" ? "6" : (type === "rows" ? "5" : "8"));
      if (type === "hatch") pat.setAttribute("patternTransform", "rotate(45)");
      var bg = document.createElementNS(SVGNS, "rect");
      bg.setAttribute("width", "8");
      bg.setAttribute("height", "8");
      bg.setAttribute("fill", p.colour);
      bg.setAttribute("fill-opacity", type === "hatch" ? "0.18" : String(PATTERN_TINT));
      pat.appendChild(bg);
      var mark;
      if (type === "dots") {
        mark = document.createElementNS(SVGNS, "circle");
        mark.setAttribute("cx", "3");
        mark.setAttribute("cy", "3");
        mark.setAttribute("r", "1.5");
      } else {
        mark = document.createElementNS(SVGNS, "rect");
        mark.setAttribute("width", type === "rows" ? "8" : "3");
        mark.setAttribute("height", type === "rows" ? "1.5" : "8");
      }
      mark.setAttribute("fill", p.colour);
      pat.appendChild(mark);
      defs.appendChild(pat);
    });
  }

  /* ------------------------------------------------------------ text pieces */
  function dateRange(p) {
    var until = p.end ? "until " + p.end + " (exclusive)" : "open-ended";
    var prec = p.precision && p.precision !== "day" ? " [" + p.precision + "]" : "";
    return "from " + p.start + ", " + until + prec;
  }

  function tooltip(p) {
    var box = el("div", "sm-tip");
    box.appendChild(el("strong", null, p.name));
    box.appendChild(el("div", null, p.holder || (p.power + " · " + p.status + " · " + p.kind)));
    return box;
  }

  // The page's bibliography (spheremap.render.citation_table), set once by an export:
  // {refs: {key: [full, n, cut]}, loc: {entry: [key, ", locator"]}}.
  var citeTable = null;
  function bibliography(table) { citeTable = table || null; }

  // The page's full citations ("key: citation (links)", each once) into the empty list
  // (ul.sm-bib-all) of an export's title box.
  function fillBibliography(box) {
    var ul = box && box.querySelector && box.querySelector("ul.sm-bib-all");
    if (!ul || !citeTable) return;
    Object.keys(citeTable.refs).forEach(function (k) {
      ul.appendChild(el("li", null, k + ": " + citeTable.refs[k][0]));
    });
  }

  // [entry, short, full] of a sources entry from the page's bibliography, as
  // spheremap.render.citations gives them; short and full empty for an unknown key.
  function citeOf(entry) {
    function own(o, k) { return o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : null; }
    var at = own(citeTable && citeTable.loc, entry) || [entry, ""];
    var r = own(citeTable && citeTable.refs, at[0]);
    if (!r) return [entry, "", ""];
    return [entry, r[0].slice(0, r[1]) + (r[2] ? "…" : "") + at[1], r[0]];
  }

  // Sources as short citations; each carries its full citation as a title and in a fold.
  // cites: [[key and locator, short, full]] (spheremap.render.citations); else the sources
  // looked up in the page's bibliography (citeOf), bare keys where it has none.
  function sourcesBlock(p) {
    var cites = p.cites || (p.sources || []).map(citeOf);
    if (!cites.length) return null;
    var wrap = el("div", "sm-sources");
    var ul = el("ul", "sm-cites");
    cites.forEach(function (c) {
      var li = el("li", null, c[1] ? c[1] : c[0]);
      li.title = c[2] ? c[0] + ": " + c[2] : c[0];
      ul.appendChild(li);
    });
    wrap.appendChild(el("span", "sm-k", "Sources"));
    wrap.appendChild(ul);
    var full = cites.filter(function (c) { return c[2]; });
    if (full.length) {
      var det = el("details", "sm-bib");
      det.appendChild(el("summary", null, "full citations"));
      var ol = el("ul");
      full.forEach(function (c) { ol.appendChild(el("li", null, c[0] + ": " + c[2])); });
      det.appendChild(ol);
      wrap.appendChild(det);
    }
    return wrap;
  }

  function popup(p) {
    var box = el("div", "sm-popup");
    box.appendChild(el("h4", null, p.name));
    if (p.holder) box.appendChild(el("div", "sm-holder", p.holder));
    var dl = el("dl");
    function row(k, v) {
      if (v === undefined || v === null || v === "") return;
      dl.appendChild(el("dt", null, k));
      dl.appendChild(el("dd", null, v));
    }
    if (!p.holder) {
      row("Power", p.power);
      row("Status", p.status);
      row("Kind", p.kind);
    }
    row("Dates", p.when || dateRange(p));
    box.appendChild(dl);
    if (p.strip && p.strip.spans.length) box.appendChild(stripBox(p.strip));


    var src = sourcesBlock(p);
    if (src) box.appendChild(src);
    if (p.note) {
      var notes = el("details", "sm-notes");
      notes.appendChild(el("summary", null, "details"));
      notes.appendChild(el("p", null, p.note));
      box.appendChild(notes);
    }
    if (p.passages && p.passages.length) {
      box.appendChild(el("h5", null, "Passages"));
      var ul = el("ul", "sm-passages");
      p.passages.forEach(function (q) {
        var li = el("li");
        if (q.dates) li.appendChild(el("span", "sm-chip", q.dates));
        li.appendChild(el("span", null, q.text));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    return box;
  }

  // strip: {spans: [{start, end, power, name, colour}], first, last (ISO days, the range),
  //         today (ISO), jump: function (iso) or null}. One button per span (keyboard-reachable:
  //         Enter moves the slider there), the day shown marked. Names go in as text.
  function stripBox(strip) {
    var wrap = el("div", "sm-strip-box");
    wrap.appendChild(el("h5", null, "Who held this place"));
    var bar = el("div", "sm-strip");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Who held this place, by date");
    var a = isoToDay(strip.first), total = isoToDay(strip.last) - a;
    function pct(iso) { return (100 * (isoToDay(iso) - a) / total).toFixed(3) + "%"; }
    strip.spans.forEach(function (sp) {
      var b = el("button", "sm-strip-span");
      b.type = "button";
      b.style.left = pct(sp.start);
      b.style.width = "calc(" + pct(sp.end) + " - " + pct(sp.start) + ")";
      b.style.background = sp.colour;
      var text = sp.power + " from " + sp.start + " until " + sp.end + ": " + sp.name;
      b.title = text;
      b.setAttribute("aria-label", text);
      b.setAttribute("data-sm-start", sp.start);
      if (strip.jump) b.addEventListener("click", function () { strip.jump(sp.start); });
      bar.appendChild(b);
    });
    var now = el("div", "sm-strip-now");
    now.style.left = pct(strip.today);
    now.title = strip.today;
    bar.appendChild(now);
    wrap.appendChild(bar);
    var ticks = el("div", "sm-strip-ticks");
    ticks.appendChild(el("span", null, strip.first.slice(0, 4)));
    ticks.appendChild(el("span", null, strip.last.slice(0, 4)));
    wrap.appendChild(ticks);
    return wrap;
  }

  /* ------------------------------------------------------------ legend */
  function swatch(style) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "14");
    var shape;
    if (style.shape === "line") {
      shape = document.createElementNS(SVGNS, "line");
      shape.setAttribute("x1", "1");
      shape.setAttribute("y1", "7");
      shape.setAttribute("x2", "25");
      shape.setAttribute("y2", "7");
    } else if (style.shape === "point") {
      shape = document.createElementNS(SVGNS, "circle");
      shape.setAttribute("cx", "13");
      shape.setAttribute("cy", "7");
      shape.setAttribute("r", "5");
    } else {
      shape = document.createElementNS(SVGNS, "rect");
      shape.setAttribute("x", "1");
      shape.setAttribute("y", "1");
      shape.setAttribute("width", "24");
      shape.setAttribute("height", "12");
    }
    shape.setAttribute("stroke", style.color);
    shape.setAttribute("stroke-width", String(Math.min(style.weight || 1, 3)));
    if (style.dashArray) shape.setAttribute("stroke-dasharray", "4 3");
    if (style.shape === "line") {
      shape.setAttribute("fill", "none");
    } else {
      shape.setAttribute("fill", style.fillColor || style.color);
      shape.setAttribute("fill-opacity", String(style.fillOpacity === undefined ? 0.4 : style.fillOpacity));
    }
    svg.appendChild(shape);
    return svg;
  }

  // items: [{key, label, style}]; opts.folded: start folded (the title unfolds it);
  // opts.inView(map): a function telling whether a key has a feature in the map's view (rows
  // of keys out of view are hidden as the map moves).
  function legendControl(items, title, opts) {
    opts = opts || {};
    var ctl = L.control({ position: "bottomright" });
    var rows = [];
    function filter(map) {
      if (!opts.inView || !map) return;
      var test = opts.inView(map), shown = 0;
      rows.forEach(function (r) {
        var on = !r.key || test(r.key);
        r.node.style.display = on ? "" : "none";
        r.node.setAttribute("data-sm-in-view", on ? "1" : "0");
        if (on) shown += 1;
      });
      if (ctl.smHead) ctl.smHead.textContent = title + " (" + shown + ")" + (ctl.smBox.classList.contains("sm-collapsed") ? " ▸" : " ▾");
    }
    ctl.onAdd = function (map) {
      var box = el("div", "sm-legend leaflet-control");
      ctl.smBox = box;
      if (title) {
        var head = el("div", "sm-legend-title", title + " ▾");
        ctl.smHead = head;
        head.setAttribute("role", "button");
        head.setAttribute("tabindex", "0");
        head.title = "show or hide the legend";
        head.setAttribute("aria-expanded", "true");
        function toggle() {
          box.classList.toggle("sm-collapsed");
          head.setAttribute("aria-expanded", box.classList.contains("sm-collapsed") ? "false" : "true");
          filter(map);
        }
        head.addEventListener("click", toggle);
        head.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); }
        });
        box.appendChild(head);
      }
      rows = items.map(function (it) {
        var row = el("div", "sm-legend-row");
        row.appendChild(swatch(it.style));
        row.appendChild(el("span", null, it.label));
        if (it.key) row.setAttribute("data-sm-key", it.key);
        box.appendChild(row);
        return { key: it.key, node: row };
      });
      // folded on request, and on a narrow map (its title unfolds it)
      if (title && (opts.folded || (map && map.getSize().x < 560))) {
        box.classList.add("sm-collapsed");
        ctl.smHead.setAttribute("aria-expanded", "false");
      }
      ctl.smMove = function () { filter(map); };
      map.on("moveend", ctl.smMove);
      filter(map);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.onRemove = function (map) { if (ctl.smMove) map.off("moveend", ctl.smMove); };
    return ctl;
  }

  /* ------------------------------------------------------------ dated layers */
  // fc: GeoJSON FeatureCollection whose properties carry {id, name, kind, power, status, start,
  // end, precision, sources, note, style, label?, passages?}.
  function geoLayer(fc) {
    return L.geoJSON(fc, {
      style: function (f) { return f.properties.style; },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, f.properties.style); },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(function () { return tooltip(f.properties); }, { sticky: true });
        layer.bindPopup(function () { return popup(f.properties); }, { maxWidth: 380 });
        // ids on the drawn elements: for tests, styling and accessibility tools
        layer.on("add", function () {
          var node = layer.getElement && layer.getElement();
          if (!node) return;
          node.setAttribute("data-sm-id", f.properties.id);
          node.setAttribute("data-sm-kind", f.properties.kind);
          node.setAttribute("aria-label", f.properties.name);
        });
      },
    });
  }

  // Labels appear from their feature's label_zoom on, so small pieces are not buried under names.
  // fc.labels: labels of no single feature (a country divided into zones,
  // spheremap.render.territory_labels), with the same properties.
  function labelLayer(fc) {
    var group = L.layerGroup();
    var all = [];
    (fc.features || []).map(function (f) { return f.properties; }).concat(fc.labels || []).forEach(function (p) {
      if (!p || !p.label) return;
      var span = el("span", "sm-label-text", p.label_text || p.name);
      var marker = L.marker(p.label, {
        icon: L.divIcon({ className: "sm-label", html: span, iconSize: null }),
        interactive: false,
        keyboard: false,
      });
      marker.smMinZoom = p.label_zoom || 0;
      marker.smRank = p.label_rank || 0;
      marker.smLabel = { id: p.id, text: p.label_text || p.name, zoom: marker.smMinZoom };
      all.push(marker);
    });
    // by label_rank (spheremap.render: a divided country, then zones and sectors, then the
    // rest), then larger features first: where two labels would overlap, the first one placed
    // stays and the other is hidden until the zoom leaves it room
    all.sort(function (a, b) { return (a.smRank - b.smRank) || (a.smMinZoom - b.smMinZoom); });
    var map = null;
    function update() {
      if (!map) return;
      var z = map.getZoom(), placed = [], box = map.getContainer().getBoundingClientRect();
      all.forEach(function (m) {
        var show = z >= m.smMinZoom;
        if (show && !group.hasLayer(m)) group.addLayer(m);
        else if (!show && group.hasLayer(m)) group.removeLayer(m);
        if (!show) return;
        var node = m.getElement && m.getElement();
        var span = node && node.firstChild;
        if (!span) return;
        span.style.visibility = "";
        var r = span.getBoundingClientRect();
        // a label the map's edge would cut is hidden too (it shows once panned into view)
        var cut = r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom;
        var hit = cut || placed.some(function (q) {
          return r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom;
        });
        if (hit) span.style.visibility = "hidden";
        else placed.push(r);
        node.setAttribute("data-sm-label-shown", hit ? "0" : "1");
      });
    }
    // placed again after every move and resize: a label measured while the map was still
    // hidden or sized 0 cannot tell a collision (and hides itself as cut by the edge). The
    // map's box is watched too: a frame that gets its size late tells Leaflet nothing.
    var watch = null;
    group.on("add", function (e) {
      map = e.target._map;
      map.on("zoomend moveend resize", update);
      if (global.ResizeObserver) {
        watch = new global.ResizeObserver(function () { update(); });
        watch.observe(map.getContainer());
      }
      update();
      global.setTimeout(update, 60);
    });
    group.on("remove", function () {
      if (map) map.off("zoomend moveend resize", update);
      if (watch) watch.disconnect();
      map = null; watch = null;
    });
    group.smMarkers = all;  // every label it places, shown at its zoom or not
    return group;
  }

  // Features sent by reference (spheremap.render.FeatureStore): digest -> GeoJSON feature,
  // kept across the app's reruns (the map's frame lives on), the least recently used dropped.
  var FEATURE_CACHE_MAX = 6000;
  var featureCache = new Map();

  function cachedFeature(ref) {
    var f = featureCache.get(ref);
    if (f !== undefined) { featureCache.delete(ref); featureCache.set(ref, f); }
    return f;
  }

  function keepFeature(ref, f) {
    featureCache.set(ref, f);
    while (featureCache.size > FEATURE_CACHE_MAX) {
      featureCache.delete(featureCache.keys().next().value);
    }
  }

  // fc with its references ({ref}) replaced by the features, passed to done(fc): at once when
  // all are cached, else once the missing ones are fetched from base + ref + ".json". A
  // feature that cannot be fetched is left out (and reported on the console).
  function resolveFeatures(fc, base, done) {
    var feats = fc.features || [], missing = [];
    feats.forEach(function (f) {
      if (f.ref && f.feature) keepFeature(f.ref, f.feature);  // sent whole: kept for later steps
      if (f.ref && cachedFeature(f.ref) === undefined && missing.indexOf(f.ref) < 0) {
        missing.push(f.ref);
      }
    });
    function fill() {
      done({ type: "FeatureCollection", labels: fc.labels, features: feats.map(function (f) {
        return f.ref ? featureCache.get(f.ref) : f;
      }).filter(function (f) { return !!f; }) });
    }
    if (!missing.length) { fill(); return; }
    Promise.all(missing.map(function (ref) {
      return fetch(base + ref + ".json").then(function (r) {
        if (!r.ok) throw new Error("spheremap: feature " + ref + ": HTTP " + r.status);
        return r.json();
      }).then(function (f) { keepFeature(ref, f); }, function (err) { console.error(err); });
    })).then(fill);
  }

  // Polygons packed by spheremap.packing.pack_polygons (f.pg, scale f.q) -> f.geometry, in
  // place and once (a feature kept by reference is unpacked the first time it is drawn).
  function unpackFeatures(fc, digits) {
    (fc.features || []).forEach(function (f) {
      if (!f.pg || f.geometry) return;
      f.geometry = packedGeometry(f.pg, f.q, digits);
    });
    return fc;
  }

  // Packed rings (spheremap.packing.pack_polygons, scale q) -> a GeoJSON MultiPolygon.
  function packedGeometry(pg, q, digits) {
    return { type: "MultiPolygon", coordinates: pg.map(function (rings) {
      return rings.map(function (text) {
        var r = unpackInts(text, digits), x = r[0], y = r[1], out = [[x / q, y / q]];
        for (var i = 2; i < r.length; i += 2) {
          x += r[i];
          y += r[i + 1];
          out.push([x / q, y / q]);
        }
        return out;
      });
    }) };
  }

  // opts: {patterns, legend: [{label, style}], legendTitle, labels: bool, featureBase?, digits?}
  function layer(fc, opts) {
    opts = opts || {};
    ensurePatterns(opts.patterns);
    var count = (fc.features || []).length;
    var refs = opts.featureBase && (fc.features || []).some(function (f) { return f.ref; });
    var geo = geoLayer(refs ? { type: "FeatureCollection", features: [] } : unpackFeatures(fc, opts.digits));
    var group = L.featureGroup([geo]);
    if (refs) {
      group.smReady = false;
      resolveFeatures(fc, opts.featureBase, function (full) {
        geo.addData(unpackFeatures(full, opts.digits));
        if (opts.labels !== false) group.addLayer(labelLayer(full));
        group.smReady = true;
        group.fire("smready");
      });
    } else {
      if (opts.labels !== false) group.addLayer(labelLayer(fc));
      group.smReady = true;
    }
    group.smFeatureCount = count;
    if (opts.legend && opts.legend.length) {
      // the bounds of each legend key's features: rows out of view are hidden. Worked out
      // once the features are drawn (features sent by reference arrive after a fetch).
      var boxes = null;
      var bounds = function () {
        if (boxes) return boxes;
        var found = {};
        geo.eachLayer(function (l) {
          var p = l.feature && l.feature.properties;
          if (!p) return;
          var b = l.getBounds ? l.getBounds() : L.latLngBounds([l.getLatLng(), l.getLatLng()]);
          (found[p.lk] = found[p.lk] || []).push(b);
          if (p.approx) (found.approx = found.approx || []).push(b);
        });
        if (group.smReady) boxes = found;
        return found;
      };
      var inView = function (map) {
        var view = map.getBounds(), all = bounds();
        return function (key) {
          return (all[key] || []).some(function (b) { return view.intersects(b); });
        };
      };
      var ctl = legendControl(opts.legend, opts.legendTitle, { folded: opts.legendFolded, inView: inView });
      group.on("add", function (e) { ctl.addTo(e.target._map); });
      group.on("remove", function () { ctl.remove(); });
      group.on("smready", function () { if (ctl.smMove) ctl.smMove(); });
    }
    return group;
  }

  // Neutral, non-interactive basemap (land, lakes, rivers) in its own pane under every dated
  // layer (the atlas's control pieces sit in between): fc properties carry a style.
  // Water (lakes, rivers) lies in a pane above the atlas's opaque control pieces (390) and
  // under the other dated layers (overlayPane, 400).
  function basemap(map, fc) {
    unpackFeatures(fc, fc.digits);
    if (!map.getPane("smBase")) map.createPane("smBase").style.zIndex = 350;
    if (!map.getPane("smWater")) map.createPane("smWater").style.zIndex = 395;
    // features with max_zoom (the rivers, traced within a few km) fade out beyond it
    function styleAt(f) {
      var st = f.properties.style, mz = f.properties.max_zoom, z = map.getZoom();
      if (mz === undefined || z === undefined || z <= mz) return st;
      var out = {};
      Object.keys(st).forEach(function (k) { out[k] = st[k]; });
      out.opacity = 0;
      return out;
    }
    function part(water) {
      return L.geoJSON(fc, {
        pane: water ? "smWater" : "smBase",
        interactive: false,
        filter: function (f) { return !!f.properties.water === water; },
        style: styleAt,
      });
    }
    var waterLayer = part(true);
    map.on("zoomend", function () { waterLayer.setStyle(styleAt); });
    return L.layerGroup([part(false), waterLayer]).addTo(map);
  }

  /* ------------------------------------------------------------ framing */
  // req: {nonce, bounds: [minLon, minLat, maxLon, maxLat] | center: [lat, lon], zoom, maxZoom}.
  // Frames the map `group` is on, once per nonce: a new request re-frames even when its target
  // equals the last one (after a pan or a zoom), and the zoom is reset to fit.
  function fit(group, req) {
    function go(map) {
      if (!map || !req || map.smFitNonce === req.nonce) return;
      map.smFitNonce = req.nonce;
      if (req.bounds) {
        var b = req.bounds;
        map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { maxZoom: req.maxZoom || 9, animate: false });
      } else if (req.center) {
        map.setView(req.center, req.zoom, { animate: false });
      }
      map.smFramed = { zoom: map.getZoom(), center: map.getCenter() };
      framedMap = map;
      map.getContainer().setAttribute("data-sm-fit", String(req.nonce));
    }
    if (group._map) go(group._map);
    else group.once("add", function (e) { go(e.target._map); });
  }

  // True while the map still shows the view of its last framing (within a pixel: resizing the
  // frame re-centres it by rounded pixels).
  function stillFramed(map) {
    var f = map && map.smFramed;
    if (!f || map.getZoom() !== f.zoom) return false;
    var a = map.project(map.getCenter(), f.zoom), b = map.project(f.center, f.zoom);
    return Math.abs(a.x - b.x) <= 1 && Math.abs(a.y - b.y) <= 1;
  }

  // Inside the explorer (streamlit-folium), the map reports its view to the app, which reruns
  // the page. A view the app itself set is not reported: the map's first view (before the app
  // framed it) and the view of each framing (spheremap.fit). Those reports would only rerun the
  // page once more, and a click or an upload made during that rerun could be lost. A report is
  // held back while the map shows no view of the reader's own (not framed yet, or still
  // framed) and no feature was clicked since the last report; the reader's own pans and zooms
  // are reported as before. Each report sent is numbered (sm_report): after a held-back
  // framing, a view equal to the last one reported (the same zoom step from the same framing)
  // is still news to the app. Installed when the runtime loads, before streamlit-folium sends
  // the map's first view.
  var framedMap = null;
  (function quietFraming() {
    var S = global.Streamlit;
    if (!S || typeof S.setComponentValue !== "function" || S.smQuiet) return;
    var send = S.setComponentValue, clicks = 0, reports = 0;
    S.setComponentValue = function (value) {
      var count = (value && value.last_object_clicked_count) || 0;
      if (count === clicks && (!framedMap || stillFramed(framedMap))) return undefined;
      clicks = count;
      reports += 1;
      var numbered = { sm_report: reports };
      Object.keys(value || {}).forEach(function (k) { numbered[k] = value[k]; });
      return send.call(this, numbered);
    };
    S.smQuiet = true;
  })();

  /* ------------------------------------------------------------ atlas time control */
  var DAY = 86400000;
  function isoToDay(s) { return Math.round(Date.parse(s + "T00:00:00Z") / DAY); }
  function dayToIso(n) { return new Date(n * DAY).toISOString().slice(0, 10); }

  var LAND = "#F6F3EA";  // the basemap's land fill (spheremap.render.basemap_collection)
  var PATTERN_TINT = 0.3;  // the base opacity of the dots and rows patterns (ensurePatterns)

  // `hex` laid over `under` with opacity `a`, as an opaque hex colour.
  function blend(hex, under, a) {
    function rgb(h) { return [1, 3, 5].map(function (i) { return parseInt(h.slice(i, i + 2), 16); }); }
    var x = rgb(hex), y = rgb(under);
    return "#" + x.map(function (v, i) {
      var c = Math.round(a * v + (1 - a) * y[i]);
      return (c < 16 ? "0" : "") + c.toString(16);
    }).join("");
  }

  // Integers packed by spheremap.packing.pack_ints: zigzagged, base digits.length/2, least
  // significant digit first; digits from the second half of `digits` continue a number.
  var digitIndex = { digits: null, index: null };
  function unpackInts(text, digits) {
    if (digitIndex.digits !== digits) {  // the digit of each character code, built once
      digitIndex.index = new Int16Array(128);
      for (var k = 0; k < digits.length; k++) digitIndex.index[digits.charCodeAt(k)] = k;
      digitIndex.digits = digits;
    }
    var index = digitIndex.index, base = digits.length / 2, out = [], z = 0, mul = 1;
    for (var i = 0; i < text.length; i++) {
      var v = index[text.charCodeAt(i)];
      if (v >= base) { z += (v - base) * mul; mul *= base; continue; }
      z += v * mul;
      out.push(z % 2 === 0 ? z / 2 : -(z + 1) / 2);
      z = 0;
      mul = 1;
    }
    return out;
  }

  // [start, claim, length, ...] as shipped -> [start, claim, end, ...] (end -1: open)
  function absoluteTimeline(t) {
    var out = t.slice(), day = out[0];
    for (var i = 2; i < out.length; i += 2) {
      if (out[i] === -1) break;
      day += out[i];
      out[i] = day;
    }
    return out;
  }

  // The pieces as shipped (packed rings and timelines) -> integer rings and absolute
  // timelines, in place and once: the control layer and the derived fronts both read them.
  function unpackPieces(data) {
    if (data.piecesUnpacked) return;
    data.pieces.forEach(function (raw) {
      raw.g = raw.g.map(function (rings) {
        return rings.map(function (r) { return unpackInts(r, data.digits); });
      });
      raw.t = absoluteTimeline(unpackInts(raw.t, data.digits));
    });
    data.piecesUnpacked = true;
  }

  function decodeRings(polys, q) {
    return polys.map(function (rings) {
      return rings.map(function (r) {
        var x = r[0], y = r[1], out = [[y / q, x / q]];
        for (var i = 2; i < r.length; i += 2) { x += r[i]; y += r[i + 1]; out.push([y / q, x / q]); }
        return out;
      });
    });
  }

  // The control coverage of the atlas: each piece is one Leaflet polygon, built once and
  // restyled (or taken off the map) when the day changes. data.pieces[i].t is, once unpacked,
  // [start, claim, end, claim, end, ...] in days since the range start; claim -1 is a gap and
  // end -1 open-ended. data.claims holds the claims column-wise.
  // hooks: {selected(id) -> bool, jump(iso), last: day number of the range's last day}
  function controlPieces(map, data, first, hooks) {
    var C = data.claims;
    var shownDay = null;
    var pane = map.createPane("smControl");
    pane.style.zIndex = 390;  // under the other dated layers (overlayPane is 400)
    var group = L.featureGroup();
    var pieces = data.pieces.map(function (raw) {
      var pc = { t: raw.t, p: raw.p, c: -2, s: null, e: null };
      pc.layer = L.polygon(decodeRings(raw.g, raw.q || 100), { pane: "smControl" });
      pc.layer.bindTooltip(function () { return tooltip(props(pc)); }, { sticky: true });
      pc.layer.bindPopup(function () { return popup(props(pc)); }, { maxWidth: 380 });
      pc.layer.on("add", function () { mark(pc); });
      return pc;
    });

    // pieces get no outline of their own: thousands of seams inside one holder would hide the
    // map (the app and the view exports draw control dissolved, with outlines)
    var pieceStyles = {};
    function pieceStyle(sk, sel) {
      var key = sel ? sk + "s" : sk;
      if (!pieceStyles[key]) {
        var st = {};
        Object.keys(data.styles[sk]).forEach(function (k) { st[k] = data.styles[sk][k]; });
        // opaque fill (the colour as it looks over the land) with a hairline of the same
        // colour: no anti-aliasing seams and no darker overlaps between neighbouring pieces
        // a patterned fill (occupied: dots, rows) stays the pattern; its seams take the
        // pattern's tint (the power's colour at the pattern's base opacity over the land)
        var patterned = String(st.fillColor).indexOf("url(") === 0;
        var solid = patterned
          ? blend(st.color, LAND, PATTERN_TINT)
          : blend(st.fillColor, LAND, st.fillOpacity === undefined ? 1 : st.fillOpacity);
        st.fillColor = patterned ? st.fillColor : solid;
        st.fillOpacity = 1;
        st.color = solid;
        st.opacity = 1;
        st.weight = 0.8;
        delete st.dashArray;
        if (sel) {  // a story's or a passage's feature: a heavy black outline
          st.color = "#000000";
          st.weight = 3;
        }
        pieceStyles[key] = st;
      }
      return pieceStyles[key];
    }

    // the piece's timeline as strip spans (a point of the piece has the piece's history)
    function stripOf(pc) {
      var t = pc.t, day = t[0], spans = [];
      for (var i = 1; i < t.length; i += 2) {
        var c = t[i], e = t[i + 1] === -1 ? hooks.last + 1 : t[i + 1];
        if (c >= 0) {
          var st = data.styles[C.sk[c]];
          var colour = /^url\(/.test(st.fillColor || "") ? st.color : st.fillColor;
          spans.push({ start: dayToIso(first + day), end: dayToIso(first + e),
                       power: C.power[c], name: C.name[c], colour: colour });
        }
        if (t[i + 1] === -1) break;
        day = e;
      }
      return spans;
    }

    function props(pc) {
      var c = pc.c;
      return {
        id: C.id[c], name: C.name[c], kind: "control", power: C.power[c], status: C.status[c],
        precision: C.precision[c], sources: C.sourceLists[C.sources[c]], note: noteText(c),
        start: dayToIso(first + pc.s), end: pc.e === -1 ? null : dayToIso(first + pc.e),
        strip: {
          spans: stripOf(pc), first: dayToIso(first), last: dayToIso(first + hooks.last + 1),
          today: dayToIso(first + (shownDay === null ? 0 : shownDay)), jump: hooks.jump,
        },
      };
    }

    // a claim's note: its parts, stored once for all the claims that share them
    function noteText(c) {
      return C.notes[C.note[c]].map(function (k) { return C.noteParts[k]; }).join("");
    }

    function mark(pc) {
      var node = pc.layer.getElement && pc.layer.getElement();
      if (!node || pc.c < 0) return;
      node.setAttribute("data-sm-id", C.id[pc.c]);
      node.setAttribute("data-sm-kind", "control");
      node.setAttribute("aria-label", C.name[pc.c]);
    }

    function entryAt(pc, d) {
      var t = pc.t, day = t[0];
      if (d < day) return null;
      for (var i = 1; i < t.length; i += 2) {
        var e = t[i + 1];
        if (e === -1 || d < e) return t[i] < 0 ? null : { c: t[i], s: day, e: e };
        day = e;
      }
      return null;
    }

    // Each claim's label over time, as Python works it out (spheremap.export.label_runs):
    // per claim [[first day, piece, zoom], ...] (the first run from the range start);
    // its text is the claim's name unless labelTexts gives another.
    var labelRuns = (function () {
      var v = unpackInts(C.labels, data.digits), at = 0, out = [];
      for (var c = 0; c < C.id.length; c++) {
        var n = v[at++], runs = [], day = 0;
        for (var k = 0; k < n; k++) {
          if (k) day += v[at++];
          runs.push([day, v[at], v[at + 1]]);
          at += 2;
        }
        out.push(runs);
      }
      return out;
    })();

    // claim c's label on day d: {piece, zoom}, or null
    function labelAt(c, d) {
      var runs = labelRuns[c], run = null;
      for (var k = 0; k < runs.length && runs[k][0] <= d; k++) run = runs[k];
      return run && { piece: data.pieces[run[1]], zoom: run[2] };
    }

    // d: days since the range start, or null to hide control. Adds legend keys to `seen`;
    // returns {count: claims shown, labels: label features (one per claim)}
    function show(d, seen) {
      if (d === null) {
        if (map.hasLayer(group)) map.removeLayer(group);
        return { count: 0, labels: [] };
      }
      var active = {};
      shownDay = d;
      pieces.forEach(function (pc) {
        var en = entryAt(pc, d);
        var c = en ? en.c : -1;
        var sel = c >= 0 && hooks.selected(C.id[c]);
        if (c !== pc.c || sel !== pc.sel || (en && (en.s !== pc.s || en.e !== pc.e))) {
          pc.c = c;
          pc.sel = sel;
          pc.s = en ? en.s : null;
          pc.e = en ? en.e : null;
          if (c < 0) {
            group.removeLayer(pc.layer);
          } else {
            pc.layer.setStyle(pieceStyle(C.sk[c], sel));
            if (!group.hasLayer(pc.layer)) group.addLayer(pc.layer);
            else mark(pc);
            if (sel) pc.layer.bringToFront();
          }
        }
        if (c >= 0) active[c] = 1;
      });
      if (!map.hasLayer(group)) group.addTo(map);
      var labels = [], count = 0;
      Object.keys(active).forEach(function (k) {
        var c = +k, lab = labelAt(c, d);
        count += 1;
        seen[C.lk[c]] = 1;  // the claim's legend row (spheremap.render.legend_key)
        if (C.approx[c]) seen.approx = 1;
        if (lab && lab.piece.p) {
          labels.push({ properties: {
            id: C.id[c], label: lab.piece.p, label_text: C.labelTexts[c] || C.name[c],
            label_zoom: lab.zoom,
          } });
        }
      });
      return { count: count, labels: labels };
    }

    // the claim (index into data.claims) holding piece i on day d, or -1
    function claimAt(i, d) {
      var en = entryAt(data.pieces[i], d);
      return en ? en.c : -1;
    }

    return { show: show, claimAt: claimAt };
  }

  // Polylines (arrays of [a, b] points) joined where one ends exactly where another begins or
  // ends, so a dashed line is one path whose dash pattern flows instead of restarting at every
  // shared edge. Where three or more meet, one pair is joined and the rest start anew. The
  // points are copied, never modified; the output holds every input point once per line.
  function chainLines(lines) {
    function key(p) { return p[0] + "," + p[1]; }
    var ends = new Map(), used = [];
    function add(k, i) { var l = ends.get(k); if (l) l.push(i); else ends.set(k, [i]); }
    lines.forEach(function (ln, i) {
      used[i] = ln.length < 2;
      if (used[i]) return;
      add(key(ln[0]), i);
      add(key(ln[ln.length - 1]), i);
    });
    // append to `chain` the unused lines met at its last point, as long as there are any
    function extend(chain) {
      for (;;) {
        var k = key(chain[chain.length - 1]), list = ends.get(k) || [], next = -1;
        for (var j = 0; j < list.length; j++) if (!used[list[j]]) { next = list[j]; break; }
        if (next < 0) return chain;
        used[next] = true;
        var ln = lines[next];
        if (key(ln[0]) !== k) ln = ln.slice().reverse();
        for (var m = 1; m < ln.length; m++) chain.push(ln[m]);
      }
    }
    var out = [];
    lines.forEach(function (ln, i) {
      if (used[i]) return;
      used[i] = true;
      var chain = extend(ln.slice());
      out.push(extend(chain.reverse()));
    });
    return out;
  }

  // The fronts derived from control, as Python derives them (spheremap.export.atlas_fronts):
  // the snapshots, each claim's side in each, the pieces outside Europe (and the pairs that
  // meet on the page only), the theatre of the pairs facing the Western Allies, and per snapshot the lines drawn with their names, notes,
  // sources and precision. The page finds the edges its pieces share (from the outlines it
  // already has) and draws those between an Axis-held piece (side 1) and an Allied-held one
  // (2: the East, 3: the West), in the theatre Python named. Built lazily, once.
  function derivedFronts(data, claimAt, first) {
    var F = data.fronts;
    if (!F) return null;
    var shared = null, days = [], byDay = {}, sides = [], outside = {}, western = {};
    unpackInts(F.days, data.digits).reduce(function (d, s) { days.push(d + s); return d + s; }, 0);
    unpackInts(F.outside, data.digits).reduce(function (i, s) { outside[i + s] = 1; return i + s; }, 0);
    (function () {  // per snapshot its lines: [snapshot, theatre, form, note, sources, precision]
      var v = unpackInts(F.names, data.digits), k = 0;
      for (var at = 0; at < v.length; at += 6) {
        k += v[at];
        (byDay[k] = byDay[k] || []).push([k].concat(v.slice(at + 1, at + 6)));
      }
    })();
    for (var w = 0; w < F.western.length; w += 3) western[F.western[w] + "," + F.western[w + 1]] = F.western[w + 2];
    var apart = {};  // outlines that meet on the page only (simplified): never a front
    for (var p = 0; p < F.apart.length; p += 2) apart[F.apart[p] + "," + F.apart[p + 1]] = 1;
    (function () {  // per claim [[first snapshot, side], ...]
      var v = unpackInts(F.sides, data.digits), at = 0;
      while (at < v.length) {
        var runs = [[0, v[at]]], n = v[at + 1], k = 0;
        at += 2;
        for (var r = 0; r < n; r++, at += 2) { k += v[at]; runs.push([k, v[at + 1]]); }
        sides.push(runs);
      }
    })();
    function sideAt(c, k) {
      var runs = sides[c], s = runs[0][1];
      for (var r = 1; r < runs.length && runs[r][0] <= k; r++) s = runs[r][1];
      return s;
    }

    // shared: [{a, b, pts}] the polylines ([lon, lat] points) pieces a < b share. Every ring
    // is walked; a segment met again (from another piece) is shared with the piece that met it
    // last, and consecutive shared segments with the same neighbour make one polyline.
    function build() {
      var owner = new Map();
      shared = [];
      data.pieces.forEach(function (raw, i) {
        var m = 1000 / (raw.q || 100);
        raw.g.forEach(function (rings) {
          rings.forEach(function (r) {
            var x = r[0] * m, y = r[1] * m, pts = [[x, y]];
            for (var k = 2; k < r.length; k += 2) { x += r[k] * m; y += r[k + 1] * m; pts.push([x, y]); }
            var cur = null, curOther = -1;
            for (var j = 0; j < pts.length - 1; j++) {
              var p0 = pts[j], p1 = pts[j + 1];
              var fwd = p0[0] < p1[0] || (p0[0] === p1[0] && p0[1] < p1[1]);
              var key = fwd ? p0[0] + "," + p0[1] + "," + p1[0] + "," + p1[1]
                            : p1[0] + "," + p1[1] + "," + p0[0] + "," + p0[1];
              var o = owner.get(key);
              if (o === undefined || o === i) {
                if (o === undefined) owner.set(key, i);
                cur = null;
                continue;
              }
              // a segment met by a third piece (outlines collapsed where they were
              // quantised) pairs it with the one met last, as spheremap.fronts.shared_edges does
              owner.set(key, i);
              var ll = [p1[0] / 1000, p1[1] / 1000];
              if (cur && curOther === o) { cur.push(ll); continue; }
              cur = [[p0[0] / 1000, p0[1] / 1000], ll];
              curOther = o;
              var a = Math.min(o, i), b = Math.max(o, i);
              if (!outside[o] && !outside[i] && !apart[a + "," + b]) shared.push({ a: a, b: b, pts: cur });
            }
          });
        });
      });
    }

    // d: days since the range start -> the index of its snapshot (-1 before the first)
    function snapshotOf(d) {
      var lo = 0, hi = days.length - 1, k = -1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (days[mid] <= d) { k = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return k;
    }

    // d: days since the range start -> line features, one per theatre with a derived front
    function features(d) {
      var k = snapshotOf(d), todays = byDay[k];
      if (!todays) return [];
      if (!shared) build();
      var memo = {}, side = new Int8Array(data.pieces.length);  // each piece's side, once
      for (var i = 0; i < side.length; i++) {
        var c = claimAt(i, d);
        if (c >= 0 && memo[c] === undefined) memo[c] = sideAt(c, k);
        side[i] = c < 0 ? 0 : memo[c];
      }
      var lines = F.theatres.map(function () { return []; });
      shared.forEach(function (run) {
        var sa = side[run.a], sb = side[run.b];
        var other = sa === 1 ? sb : (sb === 1 ? sa : 0);
        var th = other === 2 ? 0 : (other === 3 ? western[run.a + "," + run.b] : undefined);
        if (th !== undefined) lines[th].push(run.pts);
      });
      var end = k + 1 < days.length ? days[k + 1] : isoToDay(data.end) - first;
      return todays.filter(function (n) { return lines[n[1]].length; }).map(function (n) {
        return {
          type: "Feature",
          // the runs end at every change of neighbour and at every ring's first point: joined
          geometry: { type: "MultiLineString", coordinates: chainLines(lines[n[1]]) },
          properties: {
            id: "front-" + F.theatres[n[1]] + "-derived-" + dayToIso(first + days[k]),
            name: F.nameForms[n[2]].replace("{span}", F.spans[k]),
            kind: "line", power: "contested", status: "frontline",
            start: dayToIso(first + days[k]), end: dayToIso(first + end), precision: F.precisions[n[5]],
            sources: F.sourceLists[n[4]], note: F.notes[n[3]], lk: F.lk, approx: true,
            style: data.styles[F.sk],
          },
        };
      });
    }

    return { features: features };
  }

  // data: {items: [{g: geometry (or pg: packed polygons at itemScale), e: [entry props...]}], kinds: [...], kindLabels: {...},
  //        start, end (exclusive), presets: [{label, date, kinds, description}], changes: [...],
  //        initial: {date, kinds}, patterns, legend: {key: {label, style}}}
  function timeline(map, data) {
    ensurePatterns(data.patterns);
    var state = { day: isoToDay(data.initial.date), kinds: {}, selected: {} };
    data.kinds.forEach(function (k) { state.kinds[k] = data.initial.kinds.indexOf(k) >= 0; });
    var legend = null;
    var first = isoToDay(data.start), last = isoToDay(data.end) - 1;
    var changes = [];  // ISO days (shipped packed, each the days since the one before)
    unpackInts(data.changes, data.digits).reduce(function (d, s) {
      changes.push(dayToIso(first + d + s));
      return d + s;
    }, 0);
    unpackPieces(data);
    data.items.forEach(function (it) {  // polygons come packed (spheremap.export.atlas_items)
      if (it.pg) { it.g = packedGeometry(it.pg, data.itemScale, data.digits); delete it.pg; }
    });
    var control = controlPieces(map, data, first, {
      selected: function (id) { return !!state.selected[id]; },
      jump: function (iso) { map.closePopup(); goTo(iso); },
      last: last - first,
    });
    var fronts = derivedFronts(data, control.claimAt, first);
    var holder = L.featureGroup().addTo(map);

    function visible(iso) {
      var feats = [];
      data.items.forEach(function (it) {
        for (var i = 0; i < it.e.length; i++) {
          var p = it.e[i];
          if (!state.kinds[p.kind]) continue;
          // p.se: an authored front is drawn until then (its own date); derived fronts after
          var until = p.se || p.end;
          if (p.start <= iso && (!until || iso < until)) {
            if (!p.style) p.style = data.styles[p.sk];
            feats.push({ type: "Feature", geometry: it.g, properties: p });
            break;
          }
        }
      });
      if (fronts && state.kinds.line) {
        fronts.features(isoToDay(iso) - first).forEach(function (f) { feats.push(f); });
      }
      // a claim held in several pieces carries one label, on its largest piece
      var best = {};
      feats.forEach(function (f) {
        var p = f.properties;
        if (p.label && (!best[p.id] || p.la > best[p.id].properties.la)) best[p.id] = f;
      });
      return feats.map(function (f) {
        var p = f.properties, sel = !!state.selected[p.id];
        if ((!p.label || best[p.id] === f) && !sel) return f;
        var q = {};
        Object.keys(p).forEach(function (k) { if (k !== "label" || best[p.id] === f) q[k] = p[k]; });
        if (sel) {  // highlighted: a heavy black outline (spheremap.render.feature_style)
          q.style = {};
          Object.keys(p.style).forEach(function (k) { q.style[k] = p.style[k]; });
          q.style.color = "#000000";
          q.style.weight = 4;
          q.style.opacity = 1;
        }
        return { type: "Feature", geometry: f.geometry, properties: q };
      });
    }

    var box = el("div", "sm-timectl leaflet-control");
    var dateOut = el("output", "sm-date");
    var slider = el("input");
    slider.type = "range";
    slider.min = String(first);
    slider.max = String(last);
    slider.step = "1";
    slider.setAttribute("aria-label", "Date");
    var presetRow = el("div", "sm-row");
    var navRow = el("div", "sm-row");
    var kindRow = el("div", "sm-row sm-kinds");
    var desc = el("div", "sm-desc");
    var count = el("div", "sm-count");

    function redraw() {
      var iso = dayToIso(state.day);
      slider.value = String(state.day);
      dateOut.textContent = iso;
      var feats = visible(iso);
      var seen = {};
      var held = control.show(state.kinds.control ? state.day - first : null, seen);
      holder.clearLayers();
      holder.addLayer(layer({ type: "FeatureCollection", features: feats }, { labels: true }));
      holder.addLayer(labelLayer({ features: held.labels }));
      feats.forEach(function (f) {
        seen[f.properties.lk] = 1;
        if (f.properties.approx) seen.approx = 1;
      });
      var items = Object.keys(data.legend).filter(function (k) { return seen[k]; })
        .map(function (k) { return data.legend[k]; });
      if (legend) legend.remove();
      legend = legendControl(items, "Legend").addTo(map);
      var n = feats.length + held.count;
      count.textContent = n + " features shown";
      map.getContainer().setAttribute("data-sm-date", iso);
      map.getContainer().setAttribute("data-sm-count", String(n));
      Object.keys(kindBoxes).forEach(function (k) { kindBoxes[k].checked = !!state.kinds[k]; });
    }

    data.presets.forEach(function (p) {
      var b = el("button", "sm-preset", p.label);
      b.type = "button";
      b.title = p.description;
      b.addEventListener("click", function () {
        state.day = isoToDay(p.date);
        data.kinds.forEach(function (k) { state.kinds[k] = p.kinds.indexOf(k) >= 0; });
        desc.textContent = p.description;
        redraw();
      });
      presetRow.appendChild(b);
    });

    function step(dir) {
      var iso = dayToIso(state.day), target = null;
      if (dir < 0) {
        for (var i = changes.length - 1; i >= 0; i--) if (changes[i] < iso) { target = changes[i]; break; }
      } else {
        for (var j = 0; j < changes.length; j++) if (changes[j] > iso) { target = changes[j]; break; }
      }
      if (target) { state.day = isoToDay(target); desc.textContent = ""; redraw(); }
    }
    var prev = el("button", "sm-prev", "◀ previous change");
    prev.type = "button";
    prev.addEventListener("click", function () { step(-1); });
    var next = el("button", "sm-next", "next change ▶");
    next.type = "button";
    next.addEventListener("click", function () { step(1); });
    navRow.appendChild(prev);
    navRow.appendChild(next);

    var kindBoxes = {};
    data.kinds.forEach(function (k) {
      var lab = el("label");
      var cb = el("input");
      cb.type = "checkbox";
      cb.value = k;
      cb.addEventListener("change", function () { state.kinds[k] = cb.checked; redraw(); });
      kindBoxes[k] = cb;
      lab.appendChild(cb);
      lab.appendChild(document.createTextNode(" " + (data.kindLabels[k] || k)));
      kindRow.appendChild(lab);
    });

    // dragging fires many input events: draw at most once per animation frame
    var pending = false;
    slider.addEventListener("input", function () {
      state.day = parseInt(slider.value, 10);
      desc.textContent = "";
      if (pending) return;
      pending = true;
      global.requestAnimationFrame(function () { pending = false; redraw(); });
    });

    function goTo(iso) {
      state.day = Math.min(Math.max(isoToDay(iso), first), last);
      desc.textContent = "";
      redraw();
    }

    box.appendChild(presetRow);
    box.appendChild(dateOut);
    box.appendChild(slider);
    box.appendChild(navRow);
    box.appendChild(kindRow);
    box.appendChild(desc);
    box.appendChild(count);
    var ctl = L.control({ position: "topright" });
    ctl.onAdd = function () {
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.addTo(map);
    var told = data.story ? storyControl(map, data.story, {
      show: function (step) {
        state.selected = {};
        step.ids.forEach(function (id) { state.selected[id] = true; });
        step.kinds.forEach(function (k) { if (k in state.kinds) state.kinds[k] = true; });
        goTo(step.date);
        if (step.bounds) map.fitBounds(step.bounds, { animate: false, maxZoom: 7, padding: [24, 24] });
      },
    }) : null;
    if (!told) redraw();
    return { redraw: redraw, state: state, goTo: goTo, story: told };
  }

  // story: {title, steps: [{passage, date, text, section, dates, ids, kinds, bounds}]};
  // hooks.show(step) moves the map. Previous/next buttons and the arrow keys (outside text
  // fields and the slider, whose own arrows move the day) step through the passages.
  function storyControl(map, story, hooks) {
    var box = el("section", "sm-story leaflet-control");
    box.setAttribute("aria-label", "Story: " + story.title);
    box.appendChild(el("h2", "sm-story-title", story.title));
    var nav = el("div", "sm-story-nav");
    var prev = el("button", "sm-story-prev", "◀ Previous");
    prev.type = "button";
    prev.setAttribute("aria-keyshortcuts", "ArrowLeft");
    var where = el("span", "sm-story-count");
    where.setAttribute("aria-live", "polite");
    var next = el("button", "sm-story-next", "Next ▶");
    next.type = "button";
    next.setAttribute("aria-keyshortcuts", "ArrowRight");
    nav.appendChild(prev);
    nav.appendChild(where);
    nav.appendChild(next);
    box.appendChild(nav);
    var when = el("div", "sm-story-date");
    var text = el("p", "sm-story-text");
    box.appendChild(when);
    box.appendChild(text);
    var i = 0, n = story.steps.length;

    function show(k) {
      i = Math.min(Math.max(k, 0), n - 1);
      var step = story.steps[i];
      where.textContent = (i + 1) + " / " + n;
      when.textContent = step.date + (step.dates ? " · " + step.dates : "") +
        (step.section ? " · " + step.section : "");
      text.textContent = step.text;
      prev.disabled = i === 0;
      next.disabled = i === n - 1;
      map.getContainer().setAttribute("data-sm-step", String(i));
      hooks.show(step);
    }
    prev.addEventListener("click", function () { show(i - 1); });
    next.addEventListener("click", function () { show(i + 1); });
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      var t = e.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      // the focused map pans with its arrows (Leaflet's keyboard handler)
      if (t && t.classList && t.classList.contains("leaflet-container")) return;
      if (e.key === "ArrowRight") { e.preventDefault(); show(i + 1); }
      else if (e.key === "ArrowLeft") { e.preventDefault(); show(i - 1); }
    });
    var ctl = L.control({ position: "bottomleft" });
    ctl.onAdd = function () {
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.addTo(map);
    show(0);
    return { show: show, index: function () { return i; } };
  }

  global.spheremap = {
    ensurePatterns: ensurePatterns,
    fit: fit,
    bibliography: bibliography,
    fillBibliography: fillBibliography,
    layer: layer,
    basemap: basemap,
    legendControl: legendControl,
    timeline: timeline,
    stripBox: stripBox,
    popup: popup,
    tooltip: tooltip,
    chainLines: chainLines,
    unpackInts: unpackInts,
  };
})(window);
