// report.js KGRAPH NODE_MODULES - how fast a large report opens (make
// bench): 5,000 entities and 10,000 relations, kgraph report, then five
// loads in headless Chromium: the time until the page is interactive
// (domInteractive) and until a search is painted.  Target: under 2 s.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
module.paths.unshift(path.resolve(process.argv[3]));
const { chromium } = require('playwright-core');

(async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kgraph-bench-report-'));
  require('../big_graph.js').write(work);
  const html = path.join(work, 'report.html');
  const t0 = Date.now();
  execFileSync(path.resolve(process.argv[2]), ['report', work, '-q', '-o', html]);
  const make = Date.now() - t0;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const runs = [];
  for (let k = 0; k < 5; k++) {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await p.goto('file://' + html);
    runs.push(await p.evaluate(() => new Promise((done) => {
      const t = performance.now(), s = document.getElementById('search');
      s.value = 'Person 4999';
      s.dispatchEvent(new Event('input'));
      requestAnimationFrame(() => setTimeout(() => done({
        open: performance.getEntriesByType('navigation')[0].domInteractive,
        search: performance.now() - t }), 0));
    })));
    await p.close();
  }
  await browser.close();
  const med = (k) => runs.map((v) => v[k]).sort((a, b) => a - b)[2];
  const open = med('open'), search = med('search');
  console.log(`report of 5,000 entities, 10,000 relations: made in ${make} ms, ` +
    `${(fs.statSync(html).size / 1e6).toFixed(1)} MB; in Chromium (median of 5) ` +
    `interactive after ${Math.round(open)} ms, a search painted in ${Math.round(search)} ms; ` +
    `target: interactive + search under 2000 ms: ${open + search < 2000 ? 'met' : 'MISSED'}`);
  fs.rmSync(work, { recursive: true, force: true });
  if (open + search >= 2000) process.exitCode = 1;
})();
