// report_tests.js KGRAPH NODE_MODULES SHOTS - kgraph report in a real
// browser: Debian's Chromium driven by playwright-core (make test installs
// both where missing; without them, a visible skip).  The page is loaded
// from file:// with every other request refused and recorded; it must
// make none, log no error, find "Dhkissi", open a relation's quote, sort
// and filter its tables, zoom, print without its controls, and keep every
// hostile name as text.  Screenshots go to SHOTS.  Ends with
// "report: N passed, N failed".
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const kgraph = path.resolve(process.argv[2]);
module.paths.unshift(path.resolve(process.argv[3] || 'build/npm/node_modules'));
const shots = path.resolve(process.argv[4] || 'build/report-shots');
const root = path.join(__dirname, '..');
let passed = 0, failed = 0;

function assert(cond, what) {
  if (!cond) throw new Error(what);
}

async function check(name, fn) {
  try {
    await fn();
    console.log('ok   ' + name);
    passed++;
  } catch (e) {
    console.log('FAIL ' + name + ': ' + String(e.stack || e).slice(0, 600));
    failed++;
  }
}

// The page's data block as objects, read as report.js reads it: each
// kind's fields named once, a row's fields past its end empty.  Runs in
// the page (page.evaluate).
function pageData() {
  const d = JSON.parse(document.getElementById('kg-data').textContent);
  const empty = { aliases: [], attrs: [], href: null };
  const objects = (b) => b.rows.map((row) => Object.fromEntries(b.fields.map((f, k) =>
    [f, k < row.length ? row[k] : f in empty ? empty[f] : ''])));
  return { entities: objects(d.entities), relations: objects(d.relations) };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kgraph-report-'));
fs.mkdirSync(shots, { recursive: true });

function report(args, out) {
  execFileSync(kgraph, ['report', ...args, '-q', '--max-warnings', '0', '-o', out],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } });
  return out;
}

// Names built to break out of HTML text, attributes, the JSON block and
// the script: none may run, each must read back exactly.
const hostile = {
  s1: '<script>window.__pwned=1</script>',
  s2: '<img src=x onerror="window.__pwned=1">',
  s3: '</script><script>window.__pwned=1</script>',
  s4: 'line\u2028sep\u2029para & "quotes" \'apos\'',
  s5: '"]}); window.__pwned=1; ({"',
  s6: 'Mohammed \u0639\u0628\u062f \u{1F642} <b>bold</b>',
};
const tricky = path.join(work, 'tricky');
fs.mkdirSync(tricky);
const q = (s) => '"' + s.replace(/"/g, '""') + '"';
fs.writeFileSync(path.join(tricky, 'entities.csv'), 'id,name,type,description\n' +
  Object.entries(hostile).map(([k, v]) => [k, q(v), 'person', q(v)].join(',')).join('\n') + '\n');
fs.writeFileSync(path.join(tricky, 'relations.csv'),
  'source,target,relation,evidence,citation\n' +
  's1,s2,knows,' + q(hostile.s3) + ',"javascript:window.__pwned=1"\n' +
  's2,s3,pays,' + q(hostile.s4) + ',https://example.org/a?b=<c>\n' +
  's3,s4,calls,,\ns5,s6,meets,,\n');

// A graph too large to draw whole: 5,000 entities, 10,000 relations.
const big = path.join(work, 'big');
fs.mkdirSync(big);
require('./big_graph.js').write(big);

async function open(browser, file) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const seen = { requests: [], errors: [] };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url !== 'file://' + file) {
      seen.requests.push(url);
      return route.abort();
    }
    return route.continue();
  });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') seen.errors.push(m.text()); });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  await page.addInitScript(() => { window.__pwned = 0; });
  await page.goto('file://' + file);
  return { page, seen };
}

(async () => {
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    console.log('skip the report in a browser: no playwright-core (make test installs it)');
    console.log('report: 0 passed, 0 failed');
    return;
  }
  const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((f) => fs.existsSync(f));
  if (!exe) {
    console.log('skip the report in a browser: no Chromium (Debian chromium; make test installs it)');
    console.log('report: 0 passed, 0 failed');
    return;
  }
  const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox'] });
  const example = execFileSync('make', ['-s', '--no-print-directory', '-C', root, 'print-example'],
    { encoding: 'utf8' }).trim();
  const bundled = report(['input', '--cluster-by', 'country', '--title',
    'Interpol and the MENA police chiefs, Marrakesh'].map((a) => a === 'input' ? path.join(root, 'input') : a),
  path.join(work, 'bundled.html'));
  void example;

  let b;
  await check('the bundled report loads from file:// with no request, no error, under 1 MB', async () => {
    b = await open(browser, bundled);
    assert(b.seen.requests.length === 0, 'requests: ' + b.seen.requests.join(' '));
    assert(b.seen.errors.length === 0, 'console: ' + b.seen.errors.join(' | '));
    const csp = await b.page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert(/default-src 'none'/.test(csp) && /script-src 'sha256-/.test(csp), 'CSP: ' + csp);
    assert(await b.page.$$eval('script', (s) => s.length) === 2, 'two scripts');
    assert(await b.page.$$eval('#viewport svg .node', (n) => n.length) === 41, '41 nodes drawn');
    assert(fs.statSync(bundled).size < 1 << 20, 'size ' + fs.statSync(bundled).size);
    const head = await b.page.$eval('header', (h) => h.textContent);
    assert(/kgraph 0\.\d+\.\d+ on 2026-01-01 00:00 UTC/.test(head), 'version and date: ' + head);
    assert(/41 entities, 62 relations/.test(head), 'counts');
    assert(/relations\.csv\s*12695\s*[0-9a-f]{64}/.test(head.replace(/\s+/g, ' ')), 'inputs with size and SHA-256');
    await b.page.screenshot({ path: path.join(shots, 'report.png') });
  });

  await check('"Dhkissi" in the search box finds Mohammed Dkhissi and lights his neighbours', async () => {
    const p = b.page;
    await p.fill('#search', 'Dhkissi');
    const hits = await p.$$eval('#viewport .node.hit', (n) => n.map((x) => x.id));
    assert(JSON.stringify(hits) === '["n-mohammed_5Fdkhissi"]', 'hits ' + hits);
    const near = await p.$$eval('#viewport .node.near', (n) => n.map((x) => x.id));
    assert(near.includes('n-moroccan_5Fjudicial_5Fpolice') && near.includes('n-joint_5Fpress_5Fconference'),
      'near ' + near);
    assert(!near.includes('n-cyberjihad'), 'Cyberjihad is not his neighbour');
    assert(await p.$eval('#viewport svg', (s) => s.classList.contains('dim')), 'the rest dimmed');
    assert(/Mohammed Dkhissi/.test(await p.textContent('#hits')), 'count names him');
    const dimmed = await p.$eval('#n-cyberjihad', (n) => getComputedStyle(n).opacity);
    assert(+dimmed < 0.5, 'Cyberjihad dimmed: ' + dimmed);
    await p.fill('#search', 'JÜRGEN  stock');
    assert(await p.$$eval('#viewport .node.hit', (n) => n.map((x) => x.id).join()) === 'n-jurgen_5Fstock',
      'case, accents and spaces folded');
    await p.keyboard.press('Escape');
    assert(await p.$$eval('#viewport .hit', (n) => n.length) === 0, 'Escape clears');
  });

  await check('clicking a relation opens its quote, date, confidence and citation in the panel', async () => {
    const p = b.page;
    const d = await p.evaluate(pageData);
    const drawn = await p.$$eval('#viewport .edge[data-r]', (e) => e.map((x) => +x.getAttribute('data-r')));
    const i = d.relations.findIndex((r, k) => r.quote && drawn.includes(k));
    const want = { i, quote: i >= 0 && d.relations[i].quote, relation: i >= 0 && d.relations[i].relation };
    assert(want.i >= 0, 'a drawn relation with a quote');
    await p.locator('#viewport .edge[data-r="' + want.i + '"]').dispatchEvent('click');
    assert(await p.isVisible('#panel'), 'panel open');
    assert(await p.textContent('#panel blockquote') === want.quote, 'the quote');
    assert(await p.textContent('#panel h3') === want.relation, 'the relation');
    assert(/Citation/.test(await p.textContent('#panel')), 'a citation');
    await p.screenshot({ path: path.join(shots, 'report-panel.png') });
    await p.click('#close');
    assert(!(await p.isVisible('#panel')), 'closed');
    await p.locator('#viewport #n-mohammed_5Fdkhissi').dispatchEvent('click');
    assert(await p.textContent('#panel h3') === 'Mohammed Dkhissi', 'an entity');
    assert(/Dhkissi/.test(await p.textContent('#panel')), 'with its aliases');
  });

  await check('the relations table sorts by date, both ways; a filter hides rows', async () => {
    const p = b.page;
    const col = await p.$$eval('#t-relations thead th', (th) => th.findIndex((h) => h.textContent === 'Date'));
    const dates = () => p.$$eval('#t-relations tbody tr', (rows, c) => rows.map((r) => r.cells[c].textContent), col);
    await p.click('#t-relations thead th:nth-child(' + (col + 1) + ')');
    let d = await dates();
    const given = d.filter((x) => x);
    assert(given.length > 0, 'some dates');
    assert(JSON.stringify(given) === JSON.stringify([...given].sort()), 'ascending: ' + given.slice(0, 5));
    assert(d.slice(given.length).every((x) => x === ''), 'undated last');
    await p.click('#t-relations thead th:nth-child(' + (col + 1) + ')');
    d = (await dates()).filter((x) => x);
    assert(JSON.stringify(d) === JSON.stringify([...given].sort().reverse()), 'descending');
    assert(await p.$eval('#t-relations thead th:nth-child(' + (col + 1) + ')', (h) => h.getAttribute('aria-sort')) === 'descending', 'aria-sort');
    await p.fill('input.filter[data-table="t-entities"]', 'morocc');
    const shown = await p.$$eval('#t-entities tbody tr', (r) => r.filter((x) => !x.hidden).length);
    assert(shown > 0 && shown < 41, 'filtered to ' + shown);
  });

  await check('zoom with the buttons and the keyboard, and fit', async () => {
    const p = b.page;
    const width = () => p.$eval('#viewport svg', (s) => s.viewBox.baseVal.width);
    const w0 = await width();
    await p.click('#zoom-in');
    assert(await width() < w0, 'zoomed in');
    await p.focus('#viewport');
    await p.keyboard.press('-');
    await p.keyboard.press('-');
    assert(await width() > w0, 'zoomed out');
    await p.click('#fit');
    assert(Math.abs(await width() - w0) < 1e-6, 'fit');
  });

  await check('printed, the report has no controls and the figure has a page of its own', async () => {
    const p = b.page;
    await p.emulateMedia({ media: 'print' });
    const hidden = await p.$$eval('.toolbar, input.filter, #panel', (e) => e.every((x) => getComputedStyle(x).display === 'none'));
    assert(hidden, 'controls hidden');
    assert(await p.$eval('#figure', (f) => getComputedStyle(f).breakAfter) === 'page', 'page break after the figure');
    await p.emulateMedia({ media: 'screen' });
    const pdf = await p.pdf({ format: 'A4' });
    assert(pdf.slice(0, 5).toString() === '%PDF-' && pdf.length > 20000, 'a PDF');
  });
  await b.page.close();

  await check('hostile names stay text: no script runs, each reads back exactly', async () => {
    const file = report([tricky], path.join(work, 'tricky.html'));
    const t = await open(browser, file);
    const p = t.page;
    assert(t.seen.requests.length === 0, 'requests: ' + t.seen.requests.join(' '));
    assert(t.seen.errors.length === 0, 'console: ' + t.seen.errors.join(' | '));
    assert(await p.evaluate(() => window.__pwned) === 0, 'a name ran as script');
    assert(await p.$$eval('script', (s) => s.length) === 2, 'no script element added');
    assert(await p.$$eval('img, b, iframe, object', (s) => s.length) === 0, 'no element from a name');
    const names = await p.$$eval('#t-entities tbody tr', (rows) => rows.map((r) => r.cells[0].textContent));
    for (const v of Object.values(hostile))
      assert(names.includes(v.replace(/\n/g, '')), 'name not kept: ' + JSON.stringify(v));
    await p.fill('#search', 'sep');
    assert(await p.$$eval('#viewport .node.hit', (n) => n.map((x) => x.id).join()) === 'n-s4', 'U+2028 name found');
    await p.locator('#viewport #n-s3').dispatchEvent('click');
    assert(await p.textContent('#panel h3') === hostile.s3, 'panel title is the name');
    const rel = (await p.evaluate(pageData)).relations[0];
    assert(rel.quote === hostile.s3 && rel.href === null, 'a javascript: citation is no link');
    const links = await p.$$eval('a[href]', (a) => a.map((x) => x.getAttribute('href')));
    assert(links.every((h) => /^https:\/\//.test(h)), 'links: ' + links);
    assert(await p.evaluate(() => window.__pwned) === 0, 'nothing ran after clicks');
    await p.close();
  });

  await check('rows cut short read as empty: an entity with no aliases or attributes, a relation with nothing but its ends (issue 28)', async () => {
    const dir = path.join(work, 'short');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'entities.csv'), 'id,name,type\na,Ann,person\nb b,Bob,\n');
    fs.writeFileSync(path.join(dir, 'relations.csv'), 'source,target,relation\na,b b,\n');
    const t = await open(browser, report([dir], path.join(work, 'short.html')));
    const p = t.page;
    const rows = await p.evaluate(() => JSON.parse(document.getElementById('kg-data').textContent));
    assert(rows.entities.rows[1].length === 5 && rows.relations.rows[0].length <= 5, 'rows cut short: ' + JSON.stringify(rows));
    await p.locator('#viewport #n-b_20b').dispatchEvent('click');
    assert(await p.textContent('#panel h3') === 'Bob', 'the entity: ' + await p.textContent('#panel'));
    const panel = await p.textContent('#panel dl');
    assert(/^Type\(none given\)Idb bDegree1Betweenness0Relations1 \(← Ann\)$/.test(panel) && !/Aliases/.test(panel), 'its fields: ' + panel);
    await p.locator('#viewport .edge[data-r="0"]').dispatchEvent('click');
    assert(/^FromAnnToBob$/.test(await p.textContent('#panel dl')), 'the relation: ' + await p.textContent('#panel dl'));
    assert(t.seen.requests.length === 0 && t.seen.errors.length === 0, 'requests or errors: ' + t.seen.errors.join(' | '));
    await p.close();
  });

  await check('a citation link keeps its "&": in the panel, and in the rows the script builds past 2,000 (issue 24 item 17)', async () => {
    const dir = path.join(work, 'cited');
    fs.mkdirSync(dir);
    let e = 'id,name\n', r = 'source,target,relation,citation\n';
    for (let i = 0; i < 50; i++) e += `p${i},Person ${i}\n`;
    for (let i = 0; i < 2001; i++)
      r += `p${i % 50},p${(i * 7 + 1) % 50},cites,https://example.org/doc?id=${i}&page=2\n`;
    fs.writeFileSync(path.join(dir, 'entities.csv'), e);
    fs.writeFileSync(path.join(dir, 'relations.csv'), r);
    const t = await open(browser, report([dir], path.join(work, 'cited.html')));
    const p = t.page;
    await p.locator('#relations').scrollIntoViewIfNeeded();
    await p.waitForSelector('#t-relations tbody[data-ready]', { state: 'attached', timeout: 20000 });
    const links = await p.$$eval('#t-relations tbody a', (a) => a.map((x) => x.href));
    await p.click('#t-relations tbody tr[data-r="2000"] td:first-child');
    const panel = await p.$eval('#panel a', (a) => a.href);
    const want = (i) => 'https://example.org/doc?id=' + i + '&page=2';
    assert(panel === want(2000), 'panel: ' + panel + '; row 0: ' + links[0]);
    assert(links.length === 2001, links.length + ' links');
    links.forEach((h, i) => assert(h === want(i), 'row ' + i + ': ' + h));
    assert(t.seen.requests.length === 0 && t.seen.errors.length === 0, 'requests or errors');
    await p.close();
  });

  await check('a 5,000-entity graph: an overview figure, every entity in the tables, search answers', async () => {
    const file = report([big], path.join(work, 'big.html'));
    const t0 = Date.now();
    const t = await open(browser, file);
    const p = t.page;
    const answer = await p.evaluate(() => new Promise((done) => {
      const t1 = performance.now(), s = document.getElementById('search');
      s.value = 'Person 4999';
      s.dispatchEvent(new Event('input'));
      requestAnimationFrame(() => setTimeout(() => done({ ms: performance.now() - t1,
        hits: document.getElementById('hits').textContent }), 0));
    }));
    const took = Date.now() - t0;
    assert(t.seen.errors.length === 0, 'console: ' + t.seen.errors.join(' | '));
    assert(/^1 entity: Person 4999$/.test(answer.hits), 'found: ' + answer.hits);
    assert(/an overview/.test(await p.textContent('#figure')), 'an overview figure');
    assert(took < 30000, 'interactive after ' + took + ' ms');
    console.log('     5,000 entities: open in ' + took + ' ms, a search painted in ' +
      Math.round(answer.ms) + ' ms (make bench measures it)');
    await p.locator('#entities').scrollIntoViewIfNeeded();
    await p.waitForSelector('#t-entities tbody[data-ready]', { state: 'attached', timeout: 20000 });
    assert(await p.$$eval('#t-entities tbody tr', (r) => r.length) === 5000, '5,000 rows');
    await p.fill('input.filter[data-table="t-relations"]', 'knows');
    assert(await p.$$eval('#t-relations tbody tr', (r) => r.length) === 10000, '10,000 relations');
    await p.close();
  });

  await browser.close();
  fs.rmSync(work, { recursive: true, force: true });
  console.log('report: ' + passed + ' passed, ' + failed + ' failed');
})().catch((e) => {
  console.log('FAIL the report tests stopped: ' + String(e.stack || e).slice(0, 600));
  console.log('report: ' + passed + ' passed, ' + (failed + 1) + ' failed');
});
