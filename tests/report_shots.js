// report_shots.js REPORT NODE_MODULES OUTDIR - the README's pictures of a
// report (make screenshot): the page as it opens, with "Dhkissi" searched
// and a relation's panel open, and its first printed page.
'use strict';
const path = require('path');
module.paths.unshift(path.resolve(process.argv[3]));
const { chromium } = require('playwright-core');

(async () => {
  const file = path.resolve(process.argv[2]), out = path.resolve(process.argv[4]);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.route('**/*', (r) => (r.request().url() === 'file://' + file ? r.continue() : r.abort()));
  await page.goto('file://' + file);
  await page.fill('#search', 'Dhkissi');
  const i = await page.evaluate(() => {
    const rel = JSON.parse(document.getElementById('kg-data').textContent).relations;
    const quote = rel.fields.indexOf('quote'); /* past a row's end: "" */
    return rel.rows.findIndex((r) => r[quote] && /Dkhissi/.test(r[quote]));
  });
  await page.locator('#viewport .edge[data-r="' + i + '"]').dispatchEvent('click');
  await page.screenshot({ path: path.join(out, 'report-screen.png') });
  await page.emulateMedia({ media: 'print' });
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: path.join(out, 'report-print.png') });
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
