/* kg graph page. Reads the JSON block #kg-data and draws it with vis-network.
 * Every text that comes from the data is put on screen with textContent or a text node,
 * never as HTML; links are made only for http(s) URLs. */
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
  var state = { hiddenClasses: {}, curated: true, extracted: true, asOf: null };

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

  function shortLabel(text) {
    return text.length > 60 ? text.slice(0, 57).replace(/\s+\S*$/, "") + "…" : text;
  }

  // ---------------------------------------------------------------- the network
  var edgesByPair = {};
  var edgeItems = [];
  var incoming = items.map(function () { return []; });
  items.forEach(function (n, i) {
    n.month = month(n.date);
    n.facts.forEach(function (f) {
      if (f[1] < 0) return;
      incoming[f[1]].push([i, f]);
      var key = i + ">" + f[1];
      var edge = edgesByPair[key];
      if (!edge) {
        edge = edgesByPair[key] = { id: "e" + edgeItems.length, from: i, to: f[1], facts: [], labels: [], ext: true };
        edgeItems.push(edge);
      }
      edge.facts.push(f);
      if (edge.labels.indexOf(str(f[0])) < 0) edge.labels.push(str(f[0]));
      if (f[3].some(function (c) { return c[0] === 0; })) edge.ext = false;
    });
  });
  var big = items.length > 1500;
  var visEdges = new vis.DataSet(edgeItems.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, label: e.labels.join(", "), dashes: e.ext };
  }));
  var visNodes = new vis.DataSet(items.map(function (n, i) {
    return {
      id: i, label: shortLabel(n.label), group: classes[n.cls].name, x: n.x, y: n.y, size: n.size,
      shapeProperties: { borderDashes: n.ext ? [4, 3] : false },
    };
  }));

  function nodeVisible(node) {
    var n = items[node.id];
    if (state.hiddenClasses[n.cls]) return false;
    if (n.ext ? !state.extracted : !state.curated) return false;
    if (state.asOf !== null && n.month !== null && n.month > state.asOf) return false;
    return true;
  }
  function edgeVisible(edge) {
    var e = edgeItems[parseInt(edge.id.slice(1), 10)];
    return e.ext ? state.extracted : state.curated;
  }
  var nodeView = new vis.DataView(visNodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(visEdges, { filter: edgeVisible });

  var groups = {};
  classes.forEach(function (c) {
    groups[c.name] = { shape: c.shape, color: { background: c.color, border: "#1c2833",
      highlight: { background: c.color, border: "#000" }, hover: { background: c.color, border: "#000" } } };
  });
  var options = {
    autoResize: true,
    physics: false, // positions are computed by `kg build` (seeded), so the layout is stable and instant
    layout: { improvedLayout: false },
    groups: groups,
    nodes: {
      borderWidth: 1, borderWidthSelected: 3,
      font: { size: 17, face: "system-ui, sans-serif", color: "#1c2833", strokeWidth: 4, strokeColor: "#ffffff" },
      widthConstraint: { maximum: 190 },
      scaling: { label: { enabled: true, drawThreshold: 7 } },
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      color: { color: "#a6acaf", highlight: "#1c2833", hover: "#566573" },
      smooth: false, width: 1, selectionWidth: 2, hoverWidth: 1,
      font: { size: 12, color: "#616a6b", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
    },
    interaction: { hover: !big, hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 3600000, keyboard: false },
  };
  var network = new vis.Network($("kg-network"), { nodes: nodeView, edges: edgeView }, options);
  window.network = network;
  window.kgPage = { data: data, nodes: nodeView, edges: edgeView, state: state, refresh: refresh, focusNode: focusNode };
  network.once("afterDrawing", function () {
    window.kgTimings = { ready: performance.now() };
    window.kgReady = true;
  });
  network.fit();

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    $("kg-visible").textContent = "showing " + nodeView.length + " of " + items.length + " nodes";
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

  // ---------------------------------------------------------------- legend (a filter)
  var legend = $("kg-legend");
  classes.forEach(function (c, i) {
    var li = el("li");
    var button = el("button");
    button.type = "button";
    button.setAttribute("aria-pressed", "true");
    button.setAttribute("data-class", c.name);
    button.title = c.comment;
    var swatch = el("span", "kg-swatch kg-shape-" + c.shape);
    swatch.style.background = c.color;
    button.appendChild(swatch);
    button.appendChild(el("span", "kg-class-label", c.label));
    button.appendChild(el("span", "kg-count", c.count));
    button.addEventListener("click", function () {
      state.hiddenClasses[i] = !state.hiddenClasses[i];
      button.setAttribute("aria-pressed", state.hiddenClasses[i] ? "false" : "true");
      refresh();
    });
    li.appendChild(button);
    legend.appendChild(li);
  });
  $("kg-all-kinds").addEventListener("click", function () {
    state.hiddenClasses = {};
    Array.prototype.forEach.call(legend.querySelectorAll("button"), function (b) { b.setAttribute("aria-pressed", "true"); });
    refresh();
  });
  $("kg-fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });

  // ---------------------------------------------------------------- origin filter
  $("kg-show-curated").addEventListener("change", function (e) { state.curated = e.target.checked; refresh(); });
  $("kg-show-extracted").addEventListener("change", function (e) { state.extracted = e.target.checked; refresh(); });

  // ---------------------------------------------------------------- "as of" date
  var months = items.map(function (n) { return n.month; }).filter(function (m) { return m !== null; });
  var slider = $("kg-asof");
  var asOfLabel = $("kg-asof-label");
  if (months.length) {
    var lo = Math.min.apply(null, months) - 1, hi = Math.max.apply(null, months) + 1;
    slider.min = String(lo);
    slider.max = String(hi);
    slider.value = String(hi);
    var onSlide = function () {
      var v = parseInt(slider.value, 10);
      state.asOf = v >= hi ? null : v;
      asOfLabel.textContent = state.asOf === null ? "all dates" : "end of " + monthText(v) + " (later events hidden)";
      refresh();
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

  function search() {
    var query = $("kg-search").value;
    var status = $("kg-search-status");
    var i = findNode(query);
    if (i < 0) {
      status.textContent = query.trim() ? "no name or alias matches" : "";
      return;
    }
    var hidden = !nodeVisible({ id: i });
    status.textContent = items[i].label + (hidden ? " — hidden by a filter above" : "");
    focusNode(i);
  }
  $("kg-search").addEventListener("change", search);
  $("kg-search").addEventListener("keydown", function (e) { if (e.key === "Enter") search(); });
  $("kg-search-go").addEventListener("click", search);

  function focusNode(i) {
    showNode(i); // first, as opening the panel narrows the canvas
    if (nodeView.get(i)) {
      network.selectNodes([i]);
      network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
    }
  }

  // ---------------------------------------------------------------- side panel
  var panel = $("kg-panel");
  var body = $("kg-panel-body");
  $("kg-panel-close").addEventListener("click", function () { setPanel(false); network.unselectAll(); });

  function nodeButton(i) {
    var b = el("button", "kg-ref", items[i].label);
    b.type = "button";
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
    return factRow(head, f[3], sources);
  }

  function incomingFact(from, f, sources) {
    var head = el("span", "kg-fact-head");
    head.appendChild(nodeButton(from));
    head.appendChild(el("span", "kg-pred", " — " + str(f[0]) + " → this"));
    return factRow(head, f[3], sources);
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

  function showNode(i) {
    var n = items[i];
    var sources = new Sources();
    openPanel(n.label, n);
    if (n.ext) body.appendChild(el("span", "kg-badge kg-badge-extracted", "known only from extraction"));
    if (n.aliases.length) body.appendChild(el("div", "kg-desc", "also: " + n.aliases.join(", ")));
    if (n.desc) body.appendChild(el("p", "kg-desc", n.desc));
    if (n.date || n.end) body.appendChild(el("div", "kg-desc", [n.date, n.end].filter(Boolean).join(" – ")));
    body.appendChild(el("h3", null, "Facts (" + n.facts.length + ")"));
    n.facts.forEach(function (f) { body.appendChild(outgoingFact(f, sources)); });
    if (incoming[i].length) {
      body.appendChild(el("h3", null, "Referred to by (" + incoming[i].length + ")"));
      incoming[i].forEach(function (pair) { body.appendChild(incomingFact(pair[0], pair[1], sources)); });
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
    body.appendChild(el("h3", null, "Facts (" + e.facts.length + ")"));
    e.facts.forEach(function (f) { body.appendChild(outgoingFact(f, sources)); });
    body.appendChild(el("h3", null, "Sources (" + sources.list.length + ")"));
    body.appendChild(sources.render());
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else setPanel(false);
  });

  refresh();
})();
