// The page's Names view in Debian's Chromium (headless, through playwright-core) against a running
// `tmkit serve` over the seed TM: a name typed in English shows its Russian and Arabic renderings
// with counts, status and a sample pair each (Arabic right to left); a Russian case form finds the
// same name; the view in the Arabic interface. Screenshots beside SCREENSHOT.png (-ar.png).
// Usage: node names_test.mjs BASE_URL SCREENSHOT.png   (exit 0 = pass)
import { chromium } from 'playwright-core';

const [baseUrl, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !screenshotPath) {
  console.error('usage: node names_test.mjs BASE_URL SCREENSHOT.png');
  process.exit(2);
}
const failures = [];
const check = (condition, message) => { if (!condition) failures.push(message); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(message.text()); });
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });

  // English: one entry per target language, each with its variants and sample pairs.
  await page.fill('#name-query', 'Lavrov');
  await page.click('#names-form button[type=submit]');
  await page.waitForSelector('#names-list li.name[data-tgt="ar"]', { timeout: 15000 });
  const ru = page.locator('#names-list li.name[data-tgt="ru"]').first();
  const ar = page.locator('#names-list li.name[data-tgt="ar"]').first();
  check(/Lavrov/.test(await ru.locator('.english').textContent()), 'the Russian entry is not Lavrov');
  check(/Лавров/.test(await ru.locator('.rendering').textContent()), 'Lavrov is not rendered Лавров');
  check(/لافروف/.test(await ar.locator('.rendering').textContent()), 'Lavrov is not rendered لافروف');
  const status = await ru.getAttribute('data-status');
  check(['new', 'agrees', 'conflicts', 'inconsistent'].includes(status), `status ${status}`);
  check((await ru.locator('.name-status').textContent()) === status, 'the status is not shown');
  const variant = ru.locator('li.variant').first();
  check(/\d/.test(await variant.locator('.variant-meta').textContent()), 'the variant has no count');
  check(/Lavrov/.test(await variant.locator('.seg.source mark.found').first().textContent()), 'the name is not marked in its sample');
  check(/Лавров/.test(await variant.locator('.seg.target .text').textContent()), 'no Russian sample sentence');
  // Arabic renderings and samples right to left, the language badge at the right edge.
  const arForm = ar.locator('.rendering');
  check(await arForm.getAttribute('dir') === 'rtl' && await arForm.getAttribute('lang') === 'ar', 'the Arabic rendering is not marked rtl/ar');
  const arSample = ar.locator('li.variant .seg.target').first();
  const [box, badge] = [await arSample.boundingBox(), await arSample.locator('.lang').boundingBox()];
  check(await arSample.evaluate((n) => getComputedStyle(n).direction) === 'rtl' && badge.x > box.x + box.width / 2,
        'the Arabic sample is not laid out right to left');
  await page.locator('#names').screenshot({ path: screenshotPath });

  // A Russian case form finds the name through the model.
  await page.fill('#name-query', 'Лаврова');
  await page.click('#names-form button[type=submit]');
  await page.waitForFunction(() => {
    const first = document.querySelector('#names-list li.name');
    return first && first.dataset.tgt === 'ru' && /Lavrov/.test(first.querySelector('.english').textContent);
  }, null, { timeout: 10000 });

  // The Arabic interface: texts from the catalog, the view right to left.
  await page.fill('#name-query', 'Lavrov');
  await page.click('#names-form button[type=submit]');
  await page.waitForSelector('#names-list li.name[data-tgt="ar"]', { timeout: 10000 });
  await page.selectOption('#ui-lang', 'ar');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: 10000 });
  const title = await page.locator('#names-title').textContent();
  check(title === 'الأسماء', `Arabic title of the view: ${title}`);
  const shownStatus = await page.locator('#names-list li.name .name-status').first().textContent();
  check(/[\u0600-\u06FF]/.test(shownStatus), `the status is not in Arabic: ${shownStatus}`);
  const head = page.locator('#names-list li.name[data-tgt="ru"] .name-head').first();
  const [english, headBox] = [await head.locator('.english').boundingBox(), await head.boundingBox()];
  check(english.x + english.width > headBox.x + headBox.width / 2, 'the Arabic interface does not lay the view out right to left');
  await page.locator('#names').screenshot({ path: screenshotPath.replace(/\.png$/, '-ar.png') });
  await page.selectOption('#ui-lang', 'ru');
  await page.waitForFunction(() => document.getElementById('names-title').textContent === 'Имена', null, { timeout: 10000 });
  await page.selectOption('#ui-lang', 'en');

  check(pageErrors.length === 0, `errors in the page: ${pageErrors.join(' | ')}`);
} finally {
  await browser.close();
}
if (failures.length > 0) {
  for (const f of failures) console.error('FAIL: ' + f);
  process.exit(1);
}
console.log(`names view test passed; screenshot: ${screenshotPath}`);
