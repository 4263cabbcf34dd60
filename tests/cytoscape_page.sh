#!/bin/sh
# cytoscape_page.sh CYJS CYTOSCAPE_JS OUT_DIR - writes OUT_DIR/page.html, a
# page that draws kgraph's Cytoscape.js export with Cytoscape.js itself
# (positions from kgraph's layout, looks from its kg_* data), for
# `make screenshot`.  The export is loaded as a script of its own, never
# pasted into the HTML.
set -eu
cyjs=$1 lib=$2 out=$3
{ printf 'var kgraph = '; cat "$cyjs"; printf ';\n'; } >"$out/data.js"
cat >"$out/page.html" <<HTML
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>kgraph in Cytoscape.js</title>
<style>html,body,#cy{margin:0;width:100%;height:100%;background:#fff}</style>
<script src="file://$lib"></script><script src="file://$out/data.js"></script>
</head><body><div id="cy"></div><script>
cytoscape({
  container: document.getElementById('cy'),
  elements: kgraph.elements,
  layout: { name: 'preset', fit: true, padding: 20 },
  style: [
    { selector: 'node[kg_width]', style: {
      'background-color': 'data(kg_fill)', 'border-color': 'data(kg_border)',
      'border-width': 1, 'shape': 'data(kg_shape)', 'label': 'data(label)',
      'text-valign': 'center', 'text-wrap': 'wrap', 'text-max-width': 'data(kg_width)',
      'font-family': 'DejaVu Sans', 'font-size': 11,
      'width': 'data(kg_width)', 'height': 'data(kg_height)' } },
    { selector: 'edge', style: {
      'line-color': 'data(kg_color)', 'line-style': 'data(kg_line)',
      'target-arrow-color': 'data(kg_color)', 'target-arrow-shape': 'triangle',
      'curve-style': 'bezier', 'width': 1, 'arrow-scale': 0.7 } },
    { selector: 'edge[!directed]', style: { 'target-arrow-shape': 'none' } },
    { selector: '.cluster', style: {
      'background-color': '#f4f4f4', 'border-color': '#bbbbbb',
      'shape': 'round-rectangle', 'label': 'data(label)',
      'text-valign': 'top', 'font-size': 12, 'padding': 10 } }
  ]
});
</script></body></html>
HTML
