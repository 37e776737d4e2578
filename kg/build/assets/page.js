/* kg graph page. Reads the JSON block #kg-data and draws it with vis-network.
 * Every text that comes from the data is put on screen with textContent or a text node,
 * never as HTML; links are made only for http(s) URLs.
 *
 * Three views share one network: the whole graph (positions computed by `kg build`), one
 * event (a dispute: its actions in date order in the middle, the agents acting on the left,
 * all else it involves on the right) and one node's neighbourhood (the node in the middle,
 * what points to it on the left, what it points to on the right). The two small views are
 * laid out here in columns whose rows are spaced for wrapped labels, so that they can be
 * read at the scale they open at. */
(function () {
  "use strict";

  var violations = (window.kgCspViolations = []);
  document.addEventListener("securitypolicyviolation", function (e) {
    violations.push(e.violatedDirective + " " + e.blockedURI);
  });

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var S = data.strings;
  var classes = data.classes;
  var docs = data.docs;
  var items = data.nodes;
  var events = data.events || [];
  var countries = data.countries || [];
  var state = { hiddenClasses: {}, curated: true, extracted: true, asOf: null, colour: "kind", inForce: {} };
  var view = { kind: "all" };

  // Labels are drawn when font size × scale reaches the threshold; the small views never open
  // below READABLE, where 17px labels are still about 9px on screen.
  var FONT = 17, THRESHOLD = 7, READABLE = 0.55, MAX_SCALE = 1.4;
  // Column layout of the small views, in canvas units: a wrapped label is at most LANE wide
  // and three lines tall; rows of one lane are at least LANE_ROW apart, rows that alternate
  // between two lanes ROW apart (so 2 × ROW between labels on the same side).
  var LANE = 210, GAP = 40, ROW = 62, LANE_ROW = 125, MAX_ROWS = 16, SMALL_SIZE = 14;
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
    "#756bb1", "#636363", "#ad494a"];
  var OTHER = "#c8ccce";

  function $(id) { return document.getElementById(id); }
  function str(i) { return i >= 0 ? S[i] : ""; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // "2014", "2014-05" or "2014-05-19" → months since year 0, for the "as of" slider.
  function month(date) {
    var m = /^(-?\d{4,})(?:-(\d{2}))?/.exec(date || "");
    return m ? parseInt(m[1], 10) * 12 + (m[2] ? parseInt(m[2], 10) - 1 : 0) : null;
  }
  function monthText(v) {
    var y = Math.floor(v / 12), mo = (v % 12) + 1;
    return y + "-" + (mo < 10 ? "0" : "") + mo;
  }

  function safeHttpUrl(text) {
    try {
      var url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // Long names are cut at a word (the full name is in the tooltip and the panel); vis wraps
  // what is left at LANE - 20 pixels, so a label is at most three lines.
  function shortLabel(text) {
    return text.length > 44 ? text.slice(0, 42).replace(/[\s,;:(–-]+\S*$/, "") + "…" : text;
  }

  // ---------------------------------------------------------------- the network
  var edgesByPair = {};
  var edgeItems = [];
  var incoming = items.map(function () { return []; });
  var outNodes = items.map(function () { return []; });
  var inNodes = items.map(function () { return []; });
  items.forEach(function (n, i) {
    n.month = month(n.date);
    n.startMonth = month(n.start || n.date);
    n.endMonth = month(n.end);
    n.hasExt = n.ext === 1;
  });
  items.forEach(function (n, i) {
    n.facts.forEach(function (f) {
      var extracted = f[3].some(function (c) { return c[0] === 1; });
      if (extracted) n.hasExt = true;
      if (f[1] < 0) return;
      if (extracted) items[f[1]].hasExt = true;
      incoming[f[1]].push([i, f]);
      var key = i + ">" + f[1];
      var edge = edgesByPair[key];
      if (!edge) {
        edge = edgesByPair[key] = { id: "e" + edgeItems.length, from: i, to: f[1], facts: [], labels: [],
          cur: false, ext: false };
        edgeItems.push(edge);
        if (f[1] !== i) { outNodes[i].push(f[1]); inNodes[f[1]].push(i); }
      }
      edge.facts.push(f);
      if (edge.labels.indexOf(str(f[0])) < 0) edge.labels.push(str(f[0]));
      if (f[3].some(function (c) { return c[0] === 0; })) edge.cur = true;
      if (extracted) edge.ext = true;
    });
  });
  var big = items.length > 1500;
  var visEdges = new vis.DataSet(edgeItems.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, label: e.labels.join(", "), dashes: !e.cur };
  }));
  var visNodes = new vis.DataSet(items.map(function (n, i) {
    var label = shortLabel(n.label);
    var node = {
      id: i, label: label, group: classes[n.cls].name, x: n.x, y: n.y, size: n.size,
      shapeProperties: { borderDashes: n.ext ? [4, 3] : false },
    };
    if (label !== n.label) node.title = el("div", "kg-tip", n.label);
    return node;
  }));

  function originShown(hasCur, hasExt) {
    return (state.curated && hasCur) || (state.extracted && hasExt);
  }
  function nodeVisible(node) {
    var i = node.id, n = items[i];
    if (view.members && !view.members[i]) return false;
    if (view.kind === "focus" && i === view.node) return true;
    if (state.hiddenClasses[n.cls]) return false;
    if (!originShown(n.ext === 0, n.hasExt)) return false;
    if (state.asOf !== null && n.month !== null && n.month > state.asOf) return false;
    return true;
  }
  function edgeVisible(edge) {
    var e = edgeItems[parseInt(edge.id.slice(1), 10)];
    return originShown(e.cur, e.ext);
  }
  var nodeView = new vis.DataView(visNodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(visEdges, { filter: edgeVisible });

  function groupColour(c) {
    return { background: c, border: "#1c2833", highlight: { background: c, border: "#000" },
      hover: { background: c, border: "#000" } };
  }
  var groups = {};
  classes.forEach(function (c) { groups[c.name] = { shape: c.shape, color: groupColour(c.color) }; });
  var options = {
    autoResize: true,
    physics: false, // positions are computed by `kg build` (seeded) or here, so the layout is stable and instant
    layout: { improvedLayout: false },
    groups: groups,
    nodes: {
      borderWidth: 1, borderWidthSelected: 3,
      font: { size: FONT, face: "system-ui, sans-serif", color: "#1c2833", strokeWidth: 4, strokeColor: "#ffffff" },
      widthConstraint: { maximum: LANE - 20 },
      scaling: { label: { enabled: true, drawThreshold: THRESHOLD } },
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      color: { color: "#a6acaf", highlight: "#1c2833", hover: "#566573" },
      smooth: false, width: 1, selectionWidth: 2, hoverWidth: 1,
      // Edge labels only on the selected node's edges and the edge under the pointer.
      font: { size: 13, color: "rgba(0,0,0,0)", strokeWidth: 0, strokeColor: "#ffffff", align: "middle" },
      chosen: {
        label: function (values, id, selected, hovering) {
          if (selected || hovering) { values.color = "#424949"; values.strokeWidth = 4; }
        },
      },
    },
    interaction: { hover: !big, hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 250, keyboard: false },
  };
  var network = new vis.Network($("kg-network"), { nodes: nodeView, edges: edgeView }, options);
  window.network = network;
  network.once("afterDrawing", function () {
    window.kgTimings = { ready: performance.now() };
    window.kgReady = true;
  });

  // ---------------------------------------------------------------- layouts of the small views
  function byKind(list) {
    return list.slice().sort(function (a, b) {
      return items[a].cls - items[b].cls || items[a].label.localeCompare(items[b].label) || a - b;
    });
  }

  // Columns of node indices → positions. A column too tall for one lane alternates between
  // two lanes; one longer than maxRows is split into several. Returns the positions and the
  // extent of the drawing (labels included).
  function columnLayout(columns, maxRows) {
    var tallest = 1;
    columns.forEach(function (c) { tallest = Math.max(tallest, Math.min(c.length, maxRows)); });
    var height = Math.max(tallest, 4) * ROW;
    var pos = {}, x = 0;
    columns.forEach(function (col) {
      for (var start = 0; start < col.length; start += maxRows) {
        var chunk = col.slice(start, start + maxRows);
        var zig = chunk.length * LANE_ROW > height + LANE_ROW / 2 && chunk.length > 1;
        var width = zig ? 2 * LANE : LANE;
        var step = Math.min(height / chunk.length, 2 * LANE_ROW);
        chunk.forEach(function (i, j) {
          var dx = zig ? (j % 2 ? LANE / 2 : -LANE / 2) : 0;
          pos[i] = { x: Math.round(x + width / 2 + dx), y: Math.round((j - (chunk.length - 1) / 2) * step) };
        });
        x += width + GAP;
      }
    });
    Object.keys(pos).forEach(function (i) { pos[i].x -= Math.round((x - GAP) / 2); });
    return { pos: pos, width: x - GAP, height: height };
  }

  // The column layout that can be shown at the largest scale on the canvas as it is now.
  function bestLayout(columns) {
    var canvas = $("kg-network");
    var w = Math.max(canvas.clientWidth, 200), h = Math.max(canvas.clientHeight, 200);
    var longest = 1, best = null, bestScale = -1;
    columns.forEach(function (c) { longest = Math.max(longest, c.length); });
    for (var rows = 4; rows <= Math.max(4, longest); rows++) {
      var layout = columnLayout(columns, rows);
      var scale = Math.min(w / (layout.width + 30), h / (layout.height + 140));
      if (scale > bestScale + 1e-9) { best = layout; bestScale = scale; }
    }
    return best.pos;
  }

  function place(pos) {
    var updates = [];
    items.forEach(function (n, i) {
      var p = pos && pos[i];
      updates.push(p ? { id: i, x: p.x, y: p.y, size: Math.min(n.size, SMALL_SIZE) } : { id: i, x: n.x, y: n.y, size: n.size });
    });
    visNodes.update(updates);
  }

  function memberSet(list) {
    var set = {};
    list.forEach(function (i) { set[i] = true; });
    return set;
  }

  function eventView(k) {
    var ev = events[k];
    return { kind: "event", event: k, members: memberSet(ev.core.concat(ev.left, ev.right)),
      pos: bestLayout([ev.left, ev.core, ev.right]) };
  }

  function focusView(i, back) {
    var outs = byKind(outNodes[i]);
    var ins = byKind(inNodes[i].filter(function (j) { return outNodes[i].indexOf(j) < 0; }));
    var pos = bestLayout([ins, [i], outs]);
    var centre = pos[i];
    Object.keys(pos).forEach(function (j) { pos[j] = { x: pos[j].x - centre.x, y: pos[j].y - centre.y }; });
    return { kind: "focus", node: i, members: memberSet(ins.concat([i], outs)), pos: pos, back: back };
  }

  // ---------------------------------------------------------------- camera
  function visibleIds() { return nodeView.getIds(); }

  function clampScale(s) { return Math.max(READABLE, Math.min(MAX_SCALE, s)); }

  // The scale at which every visible node of a small view, with its label, is on screen when
  // the view is centred on `centre`.
  function scaleAround(centre) {
    var canvas = $("kg-network");
    var w = canvas.clientWidth, h = canvas.clientHeight, dx = 1, dy = 1;
    visibleIds().forEach(function (j) {
      var p = network.getPosition(j);
      dx = Math.max(dx, Math.abs(p.x - centre.x) + LANE / 2 + 10);
      dy = Math.max(dy, Math.abs(p.y - centre.y) + (p.y >= centre.y ? 95 : 30));
    });
    return Math.min(w / (2 * dx), h / (2 * dy));
  }

  function fitView(animate) {
    var animation = animate ? { duration: 300 } : false;
    if (view.kind === "all") {
      network.fit({ nodes: visibleIds(), animation: animation });
      return;
    }
    var ids = visibleIds();
    if (!ids.length) return;
    var lo = { x: Infinity, y: Infinity }, hi = { x: -Infinity, y: -Infinity };
    ids.forEach(function (j) {
      var p = network.getPosition(j);
      lo.x = Math.min(lo.x, p.x); lo.y = Math.min(lo.y, p.y); hi.x = Math.max(hi.x, p.x); hi.y = Math.max(hi.y, p.y);
    });
    // Labels hang below their nodes, hence the centre a little below the middle of the nodes.
    var centre = { x: (lo.x + hi.x) / 2, y: (lo.y + hi.y) / 2 + 30 };
    network.moveTo({ position: centre, scale: clampScale(scaleAround(centre)), animation: animation });
  }

  // ---------------------------------------------------------------- views
  function setView(next, animate) {
    view = next;
    place(view.pos);
    refresh();
    fitView(animate);
    showViewBar();
  }

  function selectEvent(k) {
    $("kg-event").value = k === null ? "" : String(k);
    if (k === null) {
      setPanel(false);
      network.unselectAll();
      setView({ kind: "all" }, false);
      return;
    }
    // The event's own facts are one click away (its star); the canvas keeps its full width.
    setPanel(false);
    network.unselectAll();
    setView(eventView(k), false);
  }

  function focusNode(i) {
    var back = view.kind === "focus" ? view.back : view;
    showNode(i); // first, as opening the panel narrows the canvas
    setView(focusView(i, back), false);
    if (nodeView.get(i)) network.selectNodes([i]);
  }

  function leaveFocus() {
    if (view.kind !== "focus") return;
    var back = view.back;
    network.unselectAll();
    setView(back.kind === "event" ? eventView(back.event) : { kind: "all" }, false);
  }

  function showViewBar() {
    var where = $("kg-view-where");
    var backButton = $("kg-view-back");
    where.textContent = "";
    if (view.kind === "all") {
      where.textContent = "Whole graph";
      backButton.hidden = true;
      return;
    }
    var i = view.kind === "event" ? events[view.event].node : view.node;
    where.appendChild(document.createTextNode(view.kind === "event" ? "Event: " : "Neighbourhood of "));
    where.appendChild(el("strong", null, items[i].label));
    backButton.hidden = false;
    backButton.textContent = view.kind === "focus" && view.back.kind === "event" ? "back to the event" : "back to the whole graph";
  }
  $("kg-view-back").addEventListener("click", function () {
    if (view.kind === "focus") { setPanel(false); leaveFocus(); } else selectEvent(null);
  });

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    $("kg-visible").textContent = "showing " + nodeView.length + " of " + items.length + " nodes";
    updateCounts();
  }

  // ---------------------------------------------------------------- header
  var meta = data.meta;
  document.title = meta.name;
  $("kg-title").textContent = meta.name;
  var origins = Object.keys(meta.claims_by_origin || {}).sort().map(function (k) {
    return meta.claims_by_origin[k] + " " + k;
  });
  $("kg-counts").textContent = meta.nodes + " nodes · " + meta.edges + " relations · " + meta.claims + " claims" +
    (origins.length ? " (" + origins.join(", ") + ")" : "") +
    (meta.total_nodes > meta.nodes ? " · the " + meta.nodes + " most connected of " + meta.total_nodes +
      " entities (kg export writes them all)" : "");
  $("kg-built").textContent = meta.build_date ? "built from sources as of " + meta.build_date : "";

  // ---------------------------------------------------------------- legend of kinds (a filter)
  var legend = $("kg-legend");
  var countCells = [];
  classes.forEach(function (c, i) {
    var li = el("li");
    var button = el("button", "kg-depth-" + (c.depth || 0));
    button.type = "button";
    button.setAttribute("aria-pressed", "true");
    button.setAttribute("data-class", c.name);
    button.title = c.comment;
    var swatch = el("span", "kg-swatch kg-shape-" + c.shape);
    swatch.style.background = c.color;
    button.appendChild(swatch);
    button.appendChild(el("span", "kg-class-label", c.label));
    var count = el("span", "kg-count", c.count);
    countCells.push(count);
    button.appendChild(count);
    button.addEventListener("click", function () {
      state.hiddenClasses[i] = !state.hiddenClasses[i];
      button.setAttribute("aria-pressed", state.hiddenClasses[i] ? "false" : "true");
      refresh();
      fitView(true);
    });
    li.appendChild(button);
    legend.appendChild(li);
  });
  $("kg-all-kinds").addEventListener("click", function () {
    state.hiddenClasses = {};
    Array.prototype.forEach.call(legend.querySelectorAll("button"), function (b) { b.setAttribute("aria-pressed", "true"); });
    refresh();
    fitView(true);
  });
  $("kg-fit").addEventListener("click", function () { fitView(true); });

  // Legend counts are of the nodes on screen (the class's total is in the tooltip).
  function updateCounts() {
    var shown = classes.map(function () { return 0; });
    var colourShown = {};
    nodeView.getIds().forEach(function (i) {
      shown[items[i].cls] += 1;
      var g = colourGroup(i);
      colourShown[g] = (colourShown[g] || 0) + 1;
    });
    countCells.forEach(function (cell, k) {
      cell.textContent = shown[k] === classes[k].count ? String(shown[k]) : shown[k] + " / " + classes[k].count;
      cell.title = shown[k] + " shown of " + classes[k].count;
    });
    Array.prototype.forEach.call($("kg-colour-key").querySelectorAll("[data-group]"), function (b) {
      b.querySelector(".kg-count").textContent = colourShown[b.getAttribute("data-group")] || 0;
    });
  }

  // ---------------------------------------------------------------- colour by kind, country or event
  var primaryEvent = items.map(function () { return -1; });
  events.forEach(function (ev, k) {
    ev.core.forEach(function (i) { if (primaryEvent[i] < 0) primaryEvent[i] = k; });
  });
  events.forEach(function (ev, k) {
    ev.left.concat(ev.right).forEach(function (i) { if (primaryEvent[i] < 0) primaryEvent[i] = k; });
  });

  function colourGroup(i) {
    if (state.colour === "country") {
      var c = items[i].country;
      return c < 0 ? "none" : c < PALETTE.length - 1 ? String(c) : "other";
    }
    if (state.colour === "event") {
      var k = primaryEvent[i];
      return k < 0 ? "none" : k < PALETTE.length ? String(k) : "other";
    }
    return String(items[i].cls);
  }
  function groupColourOf(g) {
    if (g === "none") return "#eef0f1";
    if (g === "other") return OTHER;
    return PALETTE[parseInt(g, 10) % PALETTE.length];
  }

  function setColour(mode) {
    state.colour = mode;
    $("kg-colour").value = mode;
    visNodes.update(items.map(function (n, i) {
      return { id: i, color: mode === "kind" ? null : groupColour(groupColourOf(colourGroup(i))) };
    }));
    buildColourKey();
    updateCounts();
  }

  function buildColourKey() {
    var key = $("kg-colour-key");
    key.textContent = "";
    if (state.colour === "kind") { key.hidden = true; return; }
    key.hidden = false;
    var entries = [];
    if (state.colour === "country") {
      countries.slice(0, PALETTE.length - 1).forEach(function (node, k) { entries.push([String(k), items[node].label, node]); });
      if (countries.length >= PALETTE.length) entries.push(["other", "other countries", -1]);
    } else {
      events.slice(0, PALETTE.length).forEach(function (ev, k) { entries.push([String(k), items[ev.node].label, k]); });
      if (events.length > PALETTE.length) entries.push(["other", "other events", -1]);
    }
    entries.push(["none", state.colour === "country" ? "no country" : "in no event", -1]);
    entries.forEach(function (entry) {
      var li = el("li");
      var button = el("button");
      button.type = "button";
      button.setAttribute("data-group", entry[0]);
      button.title = entry[1];
      var swatch = el("span", "kg-swatch kg-shape-dot");
      swatch.style.background = groupColourOf(entry[0]);
      button.appendChild(swatch);
      button.appendChild(el("span", "kg-class-label", shortLabel(entry[1])));
      button.appendChild(el("span", "kg-count", ""));
      if (entry[2] >= 0) {
        button.addEventListener("click", function () {
          if (state.colour === "event") selectEvent(entry[2]); else focusNode(entry[2]);
        });
      } else {
        button.disabled = true;
      }
      li.appendChild(button);
      key.appendChild(li);
    });
  }
  $("kg-colour").addEventListener("change", function (e) { setColour(e.target.value); });

  // ---------------------------------------------------------------- event selector
  var picker = $("kg-event");
  events.forEach(function (ev, k) {
    var n = items[ev.node];
    var option = el("option", null, shortLabel(n.label) + (n.date ? " · " + n.date.slice(0, 4) : ""));
    option.value = String(k);
    option.title = n.label;
    picker.appendChild(option);
  });
  if (!events.length) picker.disabled = true;
  picker.addEventListener("change", function () {
    selectEvent(picker.value === "" ? null : parseInt(picker.value, 10));
  });

  // ---------------------------------------------------------------- origin filter
  function onOrigin() {
    state.curated = $("kg-show-curated").checked;
    state.extracted = $("kg-show-extracted").checked;
    refresh();
    if (view.kind === "focus" && !panel.hidden) showNode(view.node);
    fitView(true);
  }
  $("kg-show-curated").addEventListener("change", onOrigin);
  $("kg-show-extracted").addEventListener("change", onOrigin);

  // ---------------------------------------------------------------- "as of" date
  var months = [];
  items.forEach(function (n) {
    [n.month, n.startMonth, n.endMonth].forEach(function (m) { if (m !== null) months.push(m); });
  });
  var slider = $("kg-asof");
  var asOfLabel = $("kg-asof-label");

  // Restrictions in force at the end of month v: begun (startDate, else date) by then and
  // not ended (endDate) by then. They get a halo and are listed under the slider.
  function showInForce(v) {
    var list = $("kg-inforce");
    list.textContent = "";
    var inForce = {};
    if (v !== null) {
      items.forEach(function (n, i) {
        if (classes[n.cls].restriction && n.startMonth !== null && n.startMonth <= v &&
            !(n.endMonth !== null && n.endMonth <= v)) inForce[i] = true;
      });
      var keys = Object.keys(inForce);
      list.appendChild(el("div", "kg-note", keys.length + " restriction" + (keys.length === 1 ? "" : "s") + " in force"));
      keys.forEach(function (i) {
        var li = el("div", "kg-inforce-item");
        li.appendChild(nodeButton(parseInt(i, 10), true));
        list.appendChild(li);
      });
    }
    var updates = [];
    items.forEach(function (n, i) {
      if (!!inForce[i] !== !!state.inForce[i]) {
        updates.push({ id: i, shadow: inForce[i] ? { enabled: true, color: "rgba(241,196,15,0.95)", size: 18, x: 0, y: 0 } : { enabled: false } });
      }
    });
    state.inForce = inForce;
    if (updates.length) visNodes.update(updates);
  }

  if (months.length) {
    var lo = Math.min.apply(null, months) - 1, hi = Math.max.apply(null, months) + 1;
    slider.min = String(lo);
    slider.max = String(hi);
    slider.value = String(hi);
    var onSlide = function (e) {
      var v = parseInt(slider.value, 10);
      state.asOf = v >= hi ? null : v;
      asOfLabel.textContent = state.asOf === null ? "all dates" : "end of " + monthText(v) + " (later actions hidden)";
      showInForce(state.asOf);
      refresh();
      if (e.type === "change") fitView(true);
    };
    slider.addEventListener("input", onSlide);
    slider.addEventListener("change", onSlide);
    asOfLabel.textContent = "all dates";
  } else {
    slider.disabled = true;
    asOfLabel.textContent = "no dated events";
  }

  // ---------------------------------------------------------------- search
  var names = [];
  items.forEach(function (n, i) {
    names.push([n.label, i, n.label]);
    n.aliases.forEach(function (a) { names.push([a, i, n.label]); });
  });
  names.sort(function (a, b) { return a[0].localeCompare(b[0]); });
  var datalist = $("kg-names");
  var seen = {};
  names.slice(0, 5000).forEach(function (entry) {
    if (seen[entry[0]]) return;
    seen[entry[0]] = true;
    var option = document.createElement("option");
    option.value = entry[0];
    if (entry[0] !== entry[2]) option.label = entry[0] + " → " + entry[2];
    datalist.appendChild(option);
  });

  function findNode(query) {
    var q = query.trim().toLowerCase();
    if (!q) return -1;
    var tests = [
      function (t) { return t === q; },
      function (t) { return t.indexOf(q) === 0; },
      function (t) { return t.indexOf(q) >= 0; },
    ];
    for (var k = 0; k < tests.length; k++) {
      for (var j = 0; j < names.length; j++) {
        if (tests[k](names[j][0].toLowerCase())) return names[j][1];
      }
    }
    return -1;
  }

  // Runs once per Enter, Find or choice from the list; never on blur, so a later click on
  // the canvas selects what it hits instead of searching again.
  var searches = 0;
  function search() {
    searches += 1;
    var query = $("kg-search").value;
    var status = $("kg-search-status");
    var i = findNode(query);
    if (i < 0) {
      status.textContent = query.trim() ? "no name or alias matches" : "";
      return;
    }
    var hidden = !nodeVisible({ id: i }) && view.kind !== "focus";
    status.textContent = items[i].label + (hidden ? " — hidden by a filter" : "");
    focusNode(i);
  }
  $("kg-search").addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); search(); }
  });
  $("kg-search").addEventListener("input", function (e) {
    // A choice from the datalist arrives as an input event without typing.
    if (e.inputType === undefined || e.inputType === "insertReplacementText") search();
  });
  $("kg-search-go").addEventListener("click", search);

  // ---------------------------------------------------------------- side panel
  var panel = $("kg-panel");
  var body = $("kg-panel-body");
  $("kg-panel-close").addEventListener("click", function () { setPanel(false); network.unselectAll(); });

  function nodeButton(i, short) {
    var b = el("button", "kg-ref", short ? shortLabel(items[i].label) : items[i].label);
    b.type = "button";
    if (short) b.title = items[i].label;
    b.addEventListener("click", function () { focusNode(i); });
    return b;
  }

  function kindBadge(n) {
    var c = classes[n.cls];
    var span = el("span", "kg-kind");
    var swatch = el("span", "kg-swatch kg-shape-" + c.shape);
    swatch.style.background = c.color;
    span.appendChild(swatch);
    span.appendChild(document.createTextNode(c.label));
    return span;
  }

  // Facts cite their sources by number ([1], [2] …); each source is listed once below them,
  // with the file lines (curated) or the confidence (extracted) of the claims that cite it.
  function Sources() {
    this.list = [];
    this.byKey = {};
  }
  Sources.prototype.cite = function (c) {
    var extracted = c[0] === 1;
    var key = [c[0], c[1], c[2], c[3], c[4], extracted ? c[6] : "", c[7]].join("|");
    var entry = this.byKey[key];
    if (!entry) {
      entry = this.byKey[key] = { n: this.list.length + 1, claim: c, lines: [] };
      this.list.push(entry);
    }
    if (c[4] >= 0 && entry.lines.indexOf(c[5]) < 0) entry.lines.push(c[5]);
    var chip = el("span", "kg-cite " + (extracted ? "kg-cite-extracted" : "kg-cite-curated"),
      "[" + entry.n + (c[4] >= 0 ? " · line " + c[5] : "") + (extracted && c[6] >= 0 ? " · " + Number(c[6]).toFixed(2) : "") + "]");
    chip.title = extracted ? "extracted by " + str(c[7]) : "curated";
    return chip;
  };
  Sources.prototype.render = function () {
    var list = el("ol", "kg-sources");
    this.list.forEach(function (entry) { list.appendChild(sourceItem(entry)); });
    return list;
  };

  function sourceItem(entry) {
    var c = entry.claim;
    var li = el("li");
    li.value = entry.n;
    var extracted = c[0] === 1;
    li.appendChild(el("span", "kg-badge " + (extracted ? "kg-badge-extracted" : "kg-badge-curated"),
      extracted ? "extracted" + (c[6] >= 0 ? " · confidence " + Number(c[6]).toFixed(2) : "") : "curated"));
    if (c[1] >= 0) li.appendChild(el("span", "kg-badge kg-badge-certainty", str(c[1])));
    var doc = c[2] >= 0 ? docs[c[2]] : null;
    if (doc) {
      var line = el("div", "kg-doc");
      var href = safeHttpUrl(doc.url);
      if (href) {
        var a = el("a", null, doc.title);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        line.appendChild(a);
      } else {
        line.appendChild(el("span", null, doc.title));
        if (doc.url) line.appendChild(el("span", "kg-where", " " + doc.url));
      }
      var bits = [doc.publisher, doc.published].filter(Boolean).join(", ");
      if (bits) line.appendChild(document.createTextNode(" — " + bits));
      li.appendChild(line);
    }
    if (c[3] >= 0) li.appendChild(el("div", "kg-quote", "“" + str(c[3]) + "”"));
    if (c[4] >= 0) {
      var lines = entry.lines.slice().sort(function (x, y) { return x - y; });
      li.appendChild(el("div", "kg-where", str(c[4]) + " line" + (lines.length > 1 ? "s " : " ") + lines.join(", ")));
    }
    if (extracted && c[7] >= 0) li.appendChild(el("div", "kg-where", "method: " + str(c[7])));
    return li;
  }

  // The claims of a fact that the origin filter lets through.
  function shownClaims(f) {
    return f[3].filter(function (c) { return c[0] === 1 ? state.extracted : state.curated; });
  }

  function factRow(head, claims, sources) {
    var div = el("div", "kg-fact");
    div.appendChild(head);
    claims.forEach(function (c) {
      div.appendChild(document.createTextNode(" "));
      div.appendChild(sources.cite(c));
    });
    return div;
  }

  function outgoingFact(f, sources) {
    var head = el("span", "kg-fact-head");
    head.appendChild(el("span", "kg-pred", str(f[0]) + ": "));
    if (f[1] >= 0) head.appendChild(nodeButton(f[1]));
    else head.appendChild(el("span", "kg-value", f[2]));
    return factRow(head, shownClaims(f), sources);
  }

  function incomingFact(from, f, sources) {
    var head = el("span", "kg-fact-head");
    head.appendChild(nodeButton(from));
    head.appendChild(el("span", "kg-pred", " — " + str(f[0]) + " → this"));
    return factRow(head, shownClaims(f), sources);
  }

  // The panel takes room from the canvas; vis must learn its new size at once.
  function setPanel(open) {
    if (panel.hidden === !open) return;
    panel.hidden = !open;
    network.setSize("100%", "100%");
    network.redraw();
  }

  function openPanel(title, n) {
    body.textContent = "";
    body.appendChild(el("h2", null, title));
    if (n) body.appendChild(kindBadge(n));
    setPanel(true);
    panel.scrollTop = 0;
  }

  function filterNote() {
    if (state.curated && state.extracted) return null;
    return el("div", "kg-note", "Only " + (state.curated ? "curated" : state.extracted ? "extracted" : "no") +
      " facts are listed (see “Origin of facts”).");
  }

  // Wikidata, GLEIF and the website: [text, address] pairs, opened in a new tab (the page
  // itself still makes no request).
  function externalLinks(links) {
    var row = el("div", "kg-desc kg-links");
    links.forEach(function (link, k) {
      var href = safeHttpUrl(link[1]);
      if (!href) return;
      if (k) row.appendChild(document.createTextNode(" · "));
      var a = el("a", null, link[0]);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      row.appendChild(a);
    });
    return row;
  }

  function showNode(i) {
    var n = items[i];
    var sources = new Sources();
    openPanel(n.label, n);
    if (n.ext) body.appendChild(el("span", "kg-badge kg-badge-extracted", "known only from extraction"));
    if (n.aliases.length) body.appendChild(el("div", "kg-desc", "also: " + n.aliases.join(", ")));
    if (n.desc) body.appendChild(el("p", "kg-desc", n.desc));
    if (n.date || n.end) body.appendChild(el("div", "kg-desc", [n.date, n.end].filter(Boolean).join(" – ")));
    if (n.links && n.links.length) body.appendChild(externalLinks(n.links));
    var note = filterNote();
    if (note) body.appendChild(note);
    var facts = n.facts.filter(function (f) { return shownClaims(f).length; });
    body.appendChild(el("h3", null, "Facts (" + facts.length + ")"));
    facts.forEach(function (f) { body.appendChild(outgoingFact(f, sources)); });
    var refs = incoming[i].filter(function (pair) { return shownClaims(pair[1]).length; });
    if (refs.length) {
      body.appendChild(el("h3", null, "Referred to by (" + refs.length + ")"));
      refs.forEach(function (pair) { body.appendChild(incomingFact(pair[0], pair[1], sources)); });
    }
    body.appendChild(el("h3", null, "Sources (" + sources.list.length + ")"));
    body.appendChild(sources.render());
  }

  function showEdge(id) {
    var e = edgeItems[parseInt(String(id).slice(1), 10)];
    var sources = new Sources();
    openPanel(items[e.from].label + " → " + items[e.to].label, null);
    var ends = el("div", "kg-row");
    ends.appendChild(nodeButton(e.from));
    ends.appendChild(el("span", "kg-pred", "→"));
    ends.appendChild(nodeButton(e.to));
    body.appendChild(ends);
    var facts = e.facts.filter(function (f) { return shownClaims(f).length; });
    body.appendChild(el("h3", null, "Facts (" + facts.length + ")"));
    facts.forEach(function (f) { body.appendChild(outgoingFact(f, sources)); });
    body.appendChild(el("h3", null, "Sources (" + sources.list.length + ")"));
    body.appendChild(sources.render());
  }

  network.on("click", function (params) {
    if (params.nodes.length) focusNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else if (view.kind === "focus") { setPanel(false); leaveFocus(); }
    else setPanel(false);
  });

  window.kgPage = {
    data: data, nodes: nodeView, edges: edgeView, state: state, refresh: refresh, focusNode: focusNode,
    selectEvent: selectEvent, setColour: setColour, fit: fitView,
    view: function () { return { kind: view.kind, node: view.node, event: view.event }; },
    searches: function () { return searches; },
    labelThreshold: THRESHOLD / FONT, readableScale: READABLE,
  };
  refresh();
  showViewBar();
  network.fit();
})();
