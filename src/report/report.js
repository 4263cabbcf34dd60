/* report.js - the HTML report's behaviour (kg_write_report): pan and zoom,
 * search with neighbours highlighted, a panel for what is clicked, tables
 * sorted and filtered.  Plain JavaScript, no library; every value from the
 * data is set as text (textContent), never as markup. */
(function () {
  "use strict";
  /* The data gives each kind of item as its fields, named once, and its
   * rows (kg_write_report); a row ends at its last field that is not
   * empty, and a field past its end is empty: "", a list or no link. */
  function records(block, empty) {
    var fields = block.fields;
    return block.rows.map(function (row) {
      var o = {};
      for (var k = 0; k < fields.length; k++) {
        var f = fields[k];
        o[f] = k < row.length ? row[k] : f in empty ? empty[f] : "";
      }
      return o;
    });
  }
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var ents = records(data.entities, { aliases: [], attrs: [] });
  var rels = records(data.relations, { attrs: [], href: null });
  var svg = document.querySelector("#viewport svg");
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");

  /* ---- Matching names as kgraph does: NFC, case and space folded; loose
   * also without accents, punctuation and spaces ---- */
  function exact(s) {
    return s.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function loose(s) {
    return exact(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, "");
  }

  /* ---- The figure's elements: ids as kgraph writes them ---- */
  function svgPart(id) {
    var bytes = new TextEncoder().encode(id), out = "";
    for (var i = 0; i < bytes.length; i++) {
      var c = bytes[i];
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))
        out += String.fromCharCode(c);
      else
        out += "_" + (c < 16 ? "0" : "") + c.toString(16).toUpperCase();
    }
    return out;
  }
  var nodeEl = [], edgeEl = [], nearRels = ents.map(function () { return []; });
  var pairs = Object.create(null);
  ents.forEach(function (e, i) {
    e.keys = [e.name, e.id].concat(e.aliases).map(function (k) {
      return [exact(k), loose(k)];
    });
    nodeEl[i] = svg ? document.getElementById("n-" + svgPart(e.id)) : null;
    if (nodeEl[i]) nodeEl[i].setAttribute("data-e", i);
  });
  rels.forEach(function (r, i) {
    var key = r.s + " " + r.t;
    pairs[key] = (pairs[key] || 0) + 1;
    var id = "e-" + svgPart(ents[r.s].id) + "-" + svgPart(ents[r.t].id) + "-" + pairs[key];
    edgeEl[i] = svg ? document.getElementById(id) : null;
    if (edgeEl[i]) edgeEl[i].setAttribute("data-r", i);
    nearRels[r.s].push(i);
    nearRels[r.t].push(i);
  });

  /* ---- Pan and zoom, on the SVG's viewBox ---- */
  var view = null, home = null;
  if (svg) {
    var vb = svg.viewBox.baseVal;
    home = vb && vb.width ? [vb.x, vb.y, vb.width, vb.height]
      : [0, 0, svg.width.baseVal.value, svg.height.baseVal.value];
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    setView(home.slice());
  }
  function setView(v) {
    view = v;
    svg.setAttribute("viewBox", v.join(" "));
  }
  function zoom(f, cx, cy) {
    if (!svg) return;
    if (cx === undefined) { cx = view[0] + view[2] / 2; cy = view[1] + view[3] / 2; }
    var w = view[2] / f, h = view[3] / f;
    if (w < home[2] / 40 || w > home[2] * 8) return;
    setView([cx - (cx - view[0]) / f, cy - (cy - view[1]) / f, w, h]);
  }
  function toSvg(ev) {
    var p = svg.createSVGPoint();
    p.x = ev.clientX;
    p.y = ev.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  var port = document.getElementById("viewport"), drag = null, moved = false;
  if (svg) {
    port.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = toSvg(ev);
      zoom(ev.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
    }, { passive: false });
    port.addEventListener("pointerdown", function (ev) {
      drag = { x: ev.clientX, y: ev.clientY, v: view.slice() };
      moved = false;
    });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) { moved = true; port.classList.add("dragging"); }
      var s = view[2] / port.clientWidth;
      setView([drag.v[0] - dx * s, drag.v[1] - dy * s, view[2], view[3]]);
    });
    window.addEventListener("pointerup", function () {
      drag = null;
      port.classList.remove("dragging");
    });
    port.addEventListener("keydown", function (ev) {
      var step = view[2] / 10, k = ev.key;
      if (k === "+" || k === "=") zoom(1.2);
      else if (k === "-") zoom(1 / 1.2);
      else if (k === "0") setView(home.slice());
      else if (k === "ArrowLeft") setView([view[0] - step, view[1], view[2], view[3]]);
      else if (k === "ArrowRight") setView([view[0] + step, view[1], view[2], view[3]]);
      else if (k === "ArrowUp") setView([view[0], view[1] - step, view[2], view[3]]);
      else if (k === "ArrowDown") setView([view[0], view[1] + step, view[2], view[3]]);
      else return;
      ev.preventDefault();
    });
    /* a click picks what it is on; links inside the figure open from the
     * panel, never by accident */
    svg.addEventListener("click", function (ev) {
      ev.preventDefault();
      if (moved) return;
      var g = ev.target.closest("g.node, g.edge");
      if (g && g.hasAttribute("data-e")) showEntity(+g.getAttribute("data-e"));
      else if (g && g.hasAttribute("data-r")) showRelation(+g.getAttribute("data-r"));
    });
  }
  /* Brings elements into view, the zoom kept: their box's centre becomes
   * the view's, unless they are in view already. */
  function centerOn(els) {
    var r = null, pr = port.getBoundingClientRect();
    els.forEach(function (e) {
      if (!e) return;
      var b = e.getBoundingClientRect();
      r = r ? { l: Math.min(r.l, b.left), t: Math.min(r.t, b.top), r: Math.max(r.r, b.right), b: Math.max(r.b, b.bottom) }
        : { l: b.left, t: b.top, r: b.right, b: b.bottom };
    });
    if (!r || (r.l >= pr.left && r.r <= pr.right && r.t >= pr.top && r.b <= pr.bottom)) return;
    var m = svg.getScreenCTM().inverse(), p = svg.createSVGPoint();
    p.x = (r.l + r.r) / 2;
    p.y = (r.t + r.b) / 2;
    var c = p.matrixTransform(m);
    setView([c.x - view[2] / 2, c.y - view[3] / 2, view[2], view[3]]);
  }
  /* On paper, the whole figure, whatever the screen showed. */
  var kept = null;
  function forPrint(printing) {
    if (!svg) return;
    if (printing && !kept) { kept = view; setView(home.slice()); }
    else if (!printing && kept) { setView(kept); kept = null; }
  }
  window.addEventListener("beforeprint", function () { forPrint(true); });
  window.addEventListener("afterprint", function () { forPrint(false); });
  if (window.matchMedia) {
    var mq = window.matchMedia("print");
    if (mq.addEventListener) mq.addEventListener("change", function (e) { forPrint(e.matches); });
  }
  function on(id, f) {
    var el = document.getElementById(id);
    if (el) el.addEventListener("click", f);
  }
  on("zoom-in", function () { zoom(1.25); });
  on("zoom-out", function () { zoom(1 / 1.25); });
  on("fit", function () { if (svg) setView(home.slice()); });

  /* ---- Search: hits and their neighbours highlighted, the rest dimmed ---- */
  function clearMarks() {
    if (!svg) return;
    svg.classList.remove("dim");
    svg.querySelectorAll(".hit, .near").forEach(function (el) {
      el.classList.remove("hit", "near");
    });
  }
  function mark(el, cls) {
    if (el) el.classList.add(cls);
  }
  function find(q) {
    var e = exact(q), l = loose(q), hits = [];
    if (!e) return hits;
    ents.forEach(function (x, i) {
      for (var k = 0; k < x.keys.length; k++)
        if (x.keys[k][0].indexOf(e) >= 0 || (l && x.keys[k][1].indexOf(l) >= 0)) {
          hits.push(i);
          return;
        }
    });
    return hits;
  }
  function highlight(hits) {
    clearMarks();
    if (!svg || !hits.length) return;
    svg.classList.add("dim");
    hits.forEach(function (i) {
      mark(nodeEl[i], "hit");
      mark(nodeEl[i], "near");
      nearRels[i].forEach(function (r) {
        mark(edgeEl[r], "near");
        mark(nodeEl[rels[r].s], "near");
        mark(nodeEl[rels[r].t], "near");
      });
    });
  }
  var search = document.getElementById("search"), count = document.getElementById("hits");
  if (search) search.addEventListener("input", function () {
    var hits = find(search.value);
    highlight(hits);
    if (svg && hits.length) centerOn(hits.map(function (i) { return nodeEl[i]; }));
    count.textContent = search.value.trim() === "" ? "" :
      hits.length + (hits.length === 1 ? " entity: " : " entities") +
      (hits.length === 1 ? ents[hits[0]].name : "");
  });

  /* ---- The panel: built from text nodes ---- */
  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = text;
    if (cls) x.className = cls;
    return x;
  }
  function field(dl, name, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", name));
    var dd = el("dd");
    if (typeof value === "string") dd.textContent = value;
    else dd.appendChild(value);
    dl.appendChild(dd);
  }
  function pickOnly(x) {
    document.querySelectorAll(".picked").forEach(function (p) { p.classList.remove("picked"); });
    if (x) x.classList.add("picked");
  }
  function open(title, dl, figureEl, row) {
    body.textContent = "";
    body.appendChild(el("h3", title));
    body.appendChild(dl);
    panel.hidden = false;
    pickOnly(figureEl);
    if (row) row.classList.add("picked");
  }
  function showEntity(i) {
    var e = ents[i], dl = el("dl");
    field(dl, "Type", e.type || "(none given)");
    field(dl, "Id", e.id);
    field(dl, "Aliases", e.aliases.join("; "));
    field(dl, "Degree", String(e.degree));
    field(dl, "Betweenness", String(e.betweenness));
    e.attrs.forEach(function (a) { field(dl, a[0], a[1]); });
    var n = nearRels[i].length;
    field(dl, "Relations", n + " (" + nearRels[i].map(function (r) {
      var x = rels[r];
      return (x.s === i ? "→ " + ents[x.t].name : "← " + ents[x.s].name);
    }).slice(0, 12).join(", ") + (n > 12 ? ", …" : "") + ")");
    open(e.name, dl, nodeEl[i], document.querySelector('#t-entities tr[data-e="' + i + '"]'));
  }
  function showRelation(i) {
    var r = rels[i], dl = el("dl");
    field(dl, "From", ents[r.s].name);
    field(dl, "To", ents[r.t].name);
    if (r.n) field(dl, "Source number", String(r.n));
    if (r.quote) field(dl, "Evidence", el("blockquote", r.quote));
    field(dl, "Date", r.date);
    field(dl, "Confidence", r.confidence);
    if (r.href) {
      var a = el("a", r.citation);
      a.href = r.href;
      a.rel = "noopener noreferrer";
      field(dl, "Citation", a);
    } else {
      field(dl, "Citation", r.citation);
    }
    r.attrs.forEach(function (x) { field(dl, x[0], x[1]); }); /* the others */
    open(r.relation || "(relation)", dl, edgeEl[i], document.querySelector('#t-relations tr[data-r="' + i + '"]'));
  }
  on("close", function () { panel.hidden = true; pickOnly(null); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    panel.hidden = true;
    pickOnly(null);
    if (search) { search.value = ""; highlight([]); count.textContent = ""; }
  });

  /* ---- Long tables: rows made from the data, a few hundred at a time ---- */
  function cell(tr, text, cls) {
    var td = tr.insertCell();
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }
  var rowOf = {
    entities: function (e, i) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-e", i);
      cell(tr, e.name);
      cell(tr, e.type);
      cell(tr, e.aliases.join("; "));
      cell(tr, String(e.degree), "num");
      cell(tr, e.betweenness.toFixed(1), "num");
      return tr;
    },
    relations: function (r, i) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-r", i);
      cell(tr, r.n ? String(r.n) : "", "num");
      cell(tr, ents[r.s].name);
      cell(tr, ents[r.t].name);
      cell(tr, r.relation);
      cell(tr, r.date);
      cell(tr, r.confidence);
      cell(tr, r.quote, "quote");
      var td = cell(tr, r.href ? "" : r.citation);
      if (r.href) {
        var a = el("a", r.citation);
        a.href = r.href;
        a.rel = "noopener noreferrer";
        td.appendChild(a);
      }
      return tr;
    }
  };
  /* A long table fills when it comes near the screen (8 ms at a time, so
   * that a key press waits for no more), or at once before it is printed,
   * sorted or filtered. */
  var later = window.requestIdleCallback || function (f) { return setTimeout(f, 0); };
  function filler(tb) {
    var kind = tb.getAttribute("data-lazy"), list = kind === "entities" ? ents : rels, next = 0;
    function add(budget) {
      var stop = performance.now() + budget, frag = document.createDocumentFragment();
      while (next < list.length && performance.now() < stop)
        for (var k = 0; k < 50 && next < list.length; k++, next++)
          frag.appendChild(rowOf[kind](list[next], next));
      tb.appendChild(frag);
      if (next >= list.length) tb.setAttribute("data-ready", "");
      return next < list.length;
    }
    tb.fillAll = function () { add(Infinity); };
    tb.fillSoon = function () {
      if (tb.started) return;
      tb.started = true;
      (function more() { if (add(8)) later(more); })();
    };
  }
  var lazy = document.querySelectorAll("tbody[data-lazy]");
  lazy.forEach(filler);
  if (lazy.length && "IntersectionObserver" in window) {
    var io = new IntersectionObserver(function (seen) {
      seen.forEach(function (s) { if (s.isIntersecting) s.target.tBodies[0].fillSoon(); });
    }, { rootMargin: "100px" });
    lazy.forEach(function (tb) { io.observe(tb.parentNode); });
  } else {
    lazy.forEach(function (tb) { tb.fillSoon(); });
  }
  window.addEventListener("beforeprint", function () {
    lazy.forEach(function (tb) { tb.fillAll(); });
  });
  function filled(t) {
    var tb = t.tBodies[0];
    if (tb.fillAll && !tb.hasAttribute("data-ready")) tb.fillAll();
  }

  /* ---- Tables: a row opens the panel; sort by a column; filter ---- */
  document.querySelectorAll("table.data").forEach(function (t) {
    var tb = t.tBodies[0];
    tb.addEventListener("click", function (ev) {
      var tr = ev.target.closest("tr");
      if (!tr || ev.target.closest("a")) return;
      if (tr.hasAttribute("data-e")) showEntity(+tr.getAttribute("data-e"));
      else if (tr.hasAttribute("data-r")) showRelation(+tr.getAttribute("data-r"));
      else return;
      document.getElementById("figure").scrollIntoView({ block: "start" });
    });
    t.tHead.querySelectorAll("th").forEach(function (th, col) {
      th.addEventListener("click", function () {
        filled(t);
        var up = th.getAttribute("aria-sort") !== "ascending";
        var num = th.classList.contains("num");
        t.tHead.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(tb.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent, y = b.cells[col].textContent, d;
          if (num) d = (x === "" ? Infinity : +x) - (y === "" ? Infinity : +y);
          else d = x === "" ? (y === "" ? 0 : 1) : y === "" ? -1 : x.localeCompare(y);
          return up ? d : -d;
        });
        rows.forEach(function (r) { tb.appendChild(r); });
      });
    });
  });
  document.querySelectorAll("input.filter").forEach(function (box) {
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase(), t = document.getElementById(box.getAttribute("data-table"));
      filled(t);
      Array.prototype.forEach.call(t.tBodies[0].rows, function (r) {
        r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
})();
