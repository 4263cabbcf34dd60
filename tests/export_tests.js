// export_tests.js KGRAPH NODE_MODULES - kgraph's exports, read by the
// JavaScript libraries web tools use: graphology with graphology-graphml
// and graphology-gexf (what Gephi Lite and sigma.js read with), and
// Cytoscape.js (headless).  The reference is the Cytoscape.js export
// parsed by JSON.parse and the fixture's own names.  A library that is
// not installed is a visible skip.  Ends with "jsexports: N passed, N
// failed".
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const kgraph = path.resolve(process.argv[2]);
module.paths.unshift(path.resolve(process.argv[3] || 'build/npm/node_modules'));
let passed = 0, failed = 0;

function check(name, fn) {
  try {
    fn();
    console.log('ok   ' + name);
    passed++;
  } catch (e) {
    if (e.code === 'MODULE_NOT_FOUND') {
      console.log('skip ' + name + ': ' + e.message.split('\n')[0]);
      return;
    }
    console.log('FAIL ' + name + ': ' + String(e.stack || e).slice(0, 400));
    failed++;
  }
}

function assert(cond, what) {
  if (!cond) throw new Error(what);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kgraph-js-'));
const tricky = path.join(work, 'tricky');
fs.mkdirSync(tricky);
const names = {
  'a<&>': 'Arabic \u0639\u0628\u062f \u0627\u0644\u0644\u0647 \u{1F642}',
  'b\\c': 'quote " backslash \\ and <b>bold</b>',
  "d'e": "line one\nline two & 'apostrophe'",
};
const q = (s) => '"' + s.replace(/"/g, '""') + '"';
fs.writeFileSync(path.join(tricky, 'entities.csv'),
  'id,name,type\n' + Object.entries(names)
    .map(([k, v]) => [q(k), q(v), 'person'].join(',')).join('\n') + '\n');
fs.writeFileSync(path.join(tricky, 'relations.csv'),
  'source,target,relation\n"a<&>","b\\c",knows\n"a<&>","b\\c",knows\n' +
  '"b\\c","a<&>",knows\n');
const cases = { bundled: path.join(__dirname, '..', 'input'), tricky };

function build(dir, out) {
  execFileSync(kgraph, ['build', dir, '-q', '--max-warnings', '0', '-o', out],
    { stdio: ['ignore', 'ignore', 'ignore'] });
  return fs.readFileSync(out, 'utf8');
}

function reference(c) {
  const el = JSON.parse(build(cases[c], path.join(work, c + '.cyjs'))).elements;
  return {
    nodes: new Map(el.nodes.map((n) => [n.data.id, n.data])),
    edges: el.edges.map((e) => [e.data.source, e.data.target,
      e.data.type || '', e.data.directed].join('\u0000')).sort(),
  };
}

function sameGraph(c, g, what) {
  const ref = reference(c);
  assert(g.order === ref.nodes.size, what + ': ' + g.order + ' nodes');
  assert(g.size === ref.edges.length, what + ': ' + g.size + ' edges');
  for (const [id, d] of ref.nodes) {
    assert(g.hasNode(id), what + ': no node ' + id);
    assert(g.getNodeAttribute(id, 'label') === d.label, what + ': label of ' + id);
  }
  const edges = [];
  g.forEachEdge((e, a, s, t) => edges.push([s, t, a.type || '',
    a.directed === true || a.directed === 'true'].join('\u0000')));
  assert(JSON.stringify(edges.sort()) === JSON.stringify(ref.edges), what + ': edges');
  if (c === 'tricky')
    for (const [k, v] of Object.entries(names))
      assert(g.getNodeAttribute(k, 'label') === v, what + ': ' + k);
}

for (const c of Object.keys(cases)) {
  check('GraphML of the ' + c + ' graph, read by graphology-graphml', () => {
    const Graph = require('graphology');
    const graphml = require('graphology-graphml');
    const g = graphml.parse(Graph, build(cases[c], path.join(work, c + '.graphml')));
    assert(g.multi && g.type === 'directed', 'a directed multigraph');
    sameGraph(c, g, 'graphml');
  });
  check('GEXF 1.3 of the ' + c + ' graph, read by graphology-gexf', () => {
    const Graph = require('graphology');
    const gexf = require('graphology-gexf');
    const g = gexf.parse(Graph, build(cases[c], path.join(work, c + '.gexf')));
    sameGraph(c, g, 'gexf');
    g.forEachNode((n, a) => assert(/^rgb\(/.test(a.color || 'rgb('), 'colour without alpha'));
  });
  check('Cytoscape.js JSON of the ' + c + ' graph, added to a headless cytoscape', () => {
    const cytoscape = require('cytoscape');
    const json = JSON.parse(build(cases[c], path.join(work, c + '.cyjs')));
    const cy = cytoscape({ headless: true });
    cy.add(json.elements);
    const ref = reference(c);
    assert(cy.nodes().length === ref.nodes.size, 'nodes');
    assert(cy.edges().length === ref.edges.length, 'edges');
    for (const [id, d] of ref.nodes)
      assert(cy.getElementById(id).data('label') === d.label, 'label of ' + id);
    if (c === 'tricky')
      for (const [k, v] of Object.entries(names))
        assert(cy.getElementById(k).data('label') === v, k);
  });
}

check('Cytoscape.js JSON with --cluster-by: clusters are compound parents, nested', () => {
  const cytoscape = require('cytoscape');
  const dir = path.join(work, 'clusters');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'e.csv'),
    'id,name,region\na,A,MENA/North Africa\nb,B,MENA\nc,C,\n');
  const out = path.join(dir, 'c.cyjs');
  execFileSync(kgraph, ['build', dir, '--cluster-by', 'region', '-q', '-o', out]);
  const cy = cytoscape({ headless: true });
  cy.add(JSON.parse(fs.readFileSync(out, 'utf8')).elements);
  assert(cy.getElementById('a').parent().id() === 'c:MENA/North Africa', 'a');
  assert(cy.getElementById('c:MENA/North Africa').parent().id() === 'c:MENA', 'nested');
  assert(cy.getElementById('b').parent().id() === 'c:MENA', 'b');
  assert(cy.getElementById('c').parent().length === 0, 'c has none');
});

// Issue 25 (item 8): the node ids are the entity ids, so that
// cy.getElementById('jurgen_stock') finds Jurgen Stock; what kgraph adds
// (cluster parents, edges) is namespaced, in a way no entity id can meet.
check('Cytoscape.js node ids are the entity ids; cluster and edge ids meet none of them', () => {
  const cytoscape = require('cytoscape');
  const dir = path.join(work, 'ids');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'e.csv'),
    'id,name,region\njurgen_stock,Jurgen Stock,MENA\nc:MENA,Cluster-like,MENA\n' +
    'c::x,Colons,\ne:r1,Edge-like,\n');
  fs.writeFileSync(path.join(dir, 'r.csv'),
    'source,target,relation\njurgen_stock,c:MENA,knows\ne:r1,c::x,knows\n');
  const out = path.join(dir, 'ids.cyjs');
  execFileSync(kgraph, ['build', dir, '--cluster-by', 'region', '-q', '-o', out]);
  const cy = cytoscape({ headless: true });
  cy.add(JSON.parse(fs.readFileSync(out, 'utf8')).elements);
  assert(cy.getElementById('jurgen_stock').data('label') === 'Jurgen Stock', 'found by its id');
  assert(cy.getElementById('c:MENA').data('label') === 'Cluster-like', 'an entity c:MENA');
  assert(cy.getElementById('e:r1').data('label') === 'Edge-like', 'an entity e:r1');
  assert(cy.getElementById('c::x').isNode(), 'c::x');
  const parent = cy.getElementById('jurgen_stock').parent();
  assert(parent.length === 1 && parent.data('label') === 'MENA' && parent.hasClass('cluster'), 'the cluster');
  assert(cy.getElementById('c:MENA').parent().id() === parent.id(), 'both in one cluster');
  assert(cy.nodes().length === 5 && cy.edges().length === 2, 'every element, none merged');
  assert(cy.edges().every((e) => e.source().data('label') && e.target().data('label')), 'ends are entities');
});

// Columns named like what an export or its reader keeps for itself
// (issue 24): each value read back, as it is or as data_NAME where the
// format keeps the name for itself.
const hostile = path.join(work, 'hostile');
fs.mkdirSync(hostile);
const nodeCols = ['color', 'size', 'x', 'y', 'kg_fill', 'kg_shape', 'parent', 'data_x'];
const edgeCols = ['kind', 'color', 'weight', 'kg_color', 'kg_line', 'id'];
fs.writeFileSync(path.join(hostile, 'e.csv'), 'id,name,' + nodeCols.join(',') + '\n' +
  ['a', 'b'].map((n) => [n, n.toUpperCase(), ...nodeCols.map((k) => n + '-' + k)].join(',')).join('\n') + '\n');
fs.writeFileSync(path.join(hostile, 'r.csv'), 'source,target,relation,' + edgeCols.join(',') + '\n' +
  [0, 1].map((i) => ['a', 'b', 'knows', ...edgeCols.map((k) => i + '-' + k)].join(',')).join('\n') + '\n');
function valueOf(attrs, k) {
  if (k === 'data_x') return attrs.data_data_x;
  return 'data_' + k in attrs ? attrs['data_' + k] : attrs[k];
}
function hostileValues(nodeAttrs, edgeAttrs, what) {
  for (const n of ['a', 'b'])
    for (const k of nodeCols)
      assert(valueOf(nodeAttrs(n), k) === n + '-' + k, what + ': ' + n + ' ' + k + ' is ' + valueOf(nodeAttrs(n), k));
  const edges = edgeAttrs().sort((p, q) => String(valueOf(p, 'kind')).localeCompare(valueOf(q, 'kind')));
  assert(edges.length === 2, what + ': parallel edges');
  edges.forEach((e, i) => {
    for (const k of edgeCols)
      assert(String(valueOf(e, k)) === i + '-' + k, what + ': edge ' + i + ' ' + k + ' is ' + valueOf(e, k));
  });
}
check('GEXF with columns named color, size, x, y, kind: graphology-gexf reads every value back (issue 24)', () => {
  const Graph = require('graphology');
  const gexf = require('graphology-gexf');
  const g = gexf.parse(Graph, build(hostile, path.join(work, 'hostile.gexf')));
  hostileValues((n) => g.getNodeAttributes(n), () => g.mapEdges((e, a) => a), 'gexf');
  assert(/^rgb/.test(g.getNodeAttribute('a', 'color')), 'the colour is kgraph\'s');
});
check('GraphML with those columns: graphology-graphml reads every value back', () => {
  const Graph = require('graphology');
  const graphml = require('graphology-graphml');
  const g = graphml.parse(Graph, build(hostile, path.join(work, 'hostile.graphml')));
  hostileValues((n) => g.getNodeAttributes(n), () => g.mapEdges((e, a) => a), 'graphml');
});
check('Cytoscape.js with columns named kg_fill, parent, id...: each key once, every value back (issue 24 item 13)', () => {
  const cytoscape = require('cytoscape');
  const text = build(hostile, path.join(work, 'hostile.cyjs'));
  const cy = cytoscape({ headless: true });
  cy.add(JSON.parse(text).elements);
  hostileValues((n) => cy.getElementById(n).data(), () => cy.edges().map((e) => e.data()), 'cyjs');
  assert(/^#/.test(cy.getElementById('a').data('kg_fill')), 'the look is kgraph\'s');
  assert(cy.getElementById('a').parent().length === 0, 'a data column makes no parent');
  for (const obj of text.match(/\{"data": \{[^{}]*\}/g)) {
    const keys = obj.match(/"[^"]*":/g);
    assert(new Set(keys).size === keys.length, 'a key twice in ' + obj);
  }
});

for (const c of Object.keys(cases)) {
  check('FollowTheMoney lines of the ' + c + ' graph, checked against the FtM model', () => {
    const FTM = require('@alephdata/followthemoney');
    const model = new FTM.Model(FTM.defaultModel);
    const lines = build(cases[c], path.join(work, c + '.jsonl')).split('\n').filter(Boolean);
    const ids = new Set();
    const entities = lines.map((l) => JSON.parse(l));
    const idPattern = /^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$/; // FtM's
    for (const e of entities) {
      assert(idPattern.test(e.id), 'id ' + e.id);
      assert(!ids.has(e.id), 'id twice: ' + e.id);
      ids.add(e.id);
    }
    let edges = 0;
    for (const e of entities) {
      const schema = model.getSchema(e.schema);
      assert(schema && !schema.abstract, 'schema ' + e.schema);
      for (const [prop, values] of Object.entries(e.properties)) {
        assert(schema.hasProperty(prop), e.schema + ' has no ' + prop);
        assert(Array.isArray(values) && values.every((v) => typeof v === 'string'),
          prop + ': a list of strings');
      }
      if (schema.isEdge) {
        edges++;
        for (const end of [schema.edge.source, schema.edge.target])
          assert(ids.has(e.properties[end][0]), e.id + ': ' + end + ' names no entity');
      }
    }
    assert(edges > 0, 'relations are there');
    if (c === 'tricky') {
      const byName = new Map(entities.filter((e) => e.properties.name)
        .map((e) => [e.properties.name[0], e]));
      for (const v of Object.values(names))
        assert(byName.has(v), 'name ' + JSON.stringify(v));
    }
  });
}

console.log('jsexports: ' + passed + ' passed, ' + failed + ' failed');
process.exit(failed ? 1 : 0);
