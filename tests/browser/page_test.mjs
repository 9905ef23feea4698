// Drives Debian's Chromium (headless, through playwright-core) against a running `tmkit serve`:
// types a query and checks that the best match, its highlighted difference, its Arabic target
// (rendered right to left) and the glossary terms appear, then runs a concordance search.
// Usage: node page_test.mjs BASE_URL SCREENSHOT.png   (exit 0 = pass)
import { chromium } from 'playwright-core';

const [baseUrl, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !screenshotPath) {
  console.error('usage: node page_test.mjs BASE_URL SCREENSHOT.png');
  process.exit(2);
}

const failures = [];
function check(condition, message) {
  if (!condition) failures.push(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // The flags known to work on these machines: no sandbox as root, no GPU, and none of the
  // background connections a closed network refuses. Playwright gives it a fresh empty profile.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(message.text()); });

  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
  await page.selectOption('#src', 'en');
  await page.selectOption('#tgt', 'ar');
  await page.fill('#min', '50');

  // One word changed against a stored segment: a fuzzy match with that word highlighted.
  await page.click('#query');
  await page.keyboard.type('U.S. Secretary of State Hillary Clinton meets with her Chinese counterpart', { delay: 5 });
  await page.waitForSelector('#matches li.match', { timeout: 10000 });

  const best = page.locator('#matches li.match').first();
  const score = Number(await best.getAttribute('data-score'));
  const source = await best.locator('.seg.source .text').textContent();
  const marked = await best.locator('.seg.source mark.diff').allTextContents();
  const target = best.locator('.seg.target').first();
  const targetText = await target.locator('.text').textContent();
  const targetDir = await target.getAttribute('dir');
  const targetLang = await target.getAttribute('lang');
  const computedDirection = await target.evaluate((node) => getComputedStyle(node).direction);
  // Right to left for real: the language badge, first in the block, sits at its right edge and the
  // Arabic text flows leftwards from it.
  const [blockBox, badgeBox, textBox] = [await target.boundingBox(), await target.locator('.lang').boundingBox(),
                                         await target.locator('.text').boundingBox()];

  check(score >= 80 && score < 100, `best match scores ${score}%, expected a fuzzy match in 80..99`);
  check(source === 'U.S. Secretary of State Hillary Clinton meets with her Russian counterpart',
        `best match source is "${source}"`);
  check(marked.length === 1 && marked[0] === 'Russian', `highlighted difference is ${JSON.stringify(marked)}, expected ["Russian"]`);
  check(/[\u0600-\u06FF]/.test(targetText || '') && (targetText || '').includes('كلينتون'),
        `target is not the Arabic segment: "${targetText}"`);
  check(targetDir === 'rtl' && targetLang === 'ar' && computedDirection === 'rtl',
        `target block has dir=${targetDir} lang=${targetLang} direction=${computedDirection}`);
  const rightAligned = blockBox && badgeBox && textBox && badgeBox.x > textBox.x &&
                       blockBox.x + blockBox.width - (badgeBox.x + badgeBox.width) < 12;
  check(rightAligned, `Arabic target is not laid out right to left (block ${JSON.stringify(blockBox)}, ` +
                      `badge ${JSON.stringify(badgeBox)}, text ${JSON.stringify(textBox)})`);

  // Glossary terms of the query, with the Arabic form to use.
  await page.waitForSelector('#terms-panel:not([hidden]) li.term', { timeout: 10000 });
  const terms = await page.locator('#terms li.term').allTextContents();
  const preferred = await page.locator('#terms li.term .preferred').allTextContents();
  check(terms.some((t) => t.includes('Hillary Clinton')), `terms panel lacks Hillary Clinton: ${JSON.stringify(terms)}`);
  check(preferred.some((t) => t.includes('كلينتون')), `no preferred Arabic form shown: ${JSON.stringify(preferred)}`);

  // Concordance: the phrase highlighted in its segment, translations beside it.
  await page.fill('#phrase', 'Geneva');
  await page.selectOption('#conc-lang', 'en');
  await page.click('#concordance-form button[type=submit]');
  await page.waitForSelector('#hits li.hit', { timeout: 10000 });
  const hitMarks = await page.locator('#hits li.hit mark.found').allTextContents();
  const rtlTranslations = await page.locator('#hits li.hit .seg.target[dir="rtl"]').count();
  check(hitMarks.length > 0 && hitMarks.every((t) => t.toLowerCase() === 'geneva'), `concordance marks: ${JSON.stringify(hitMarks)}`);
  check(rtlTranslations > 0, 'no right-to-left translation in the concordance hits');

  // A bidi override stored in a segment (serve_browser.sh adds one) is shown as a badge, not
  // obeyed: "0001 $" must not read "$ 1000" (issue 27 item 14).
  await page.fill('#phrase', 'retainer');
  await page.click('#concordance-form button[type=submit]');
  await page.waitForSelector('#hits li.hit .bidi-control', { timeout: 10000 }).catch(() => {});
  const badges = await page.locator('#hits li.hit .bidi-control').allTextContents();
  const shown = await page.locator('#hits li.hit .seg.source .text').first().innerText().catch(() => '');
  check(badges.includes('RLO'), `the bidi override is not shown as a badge: ${JSON.stringify(badges)}`);
  check(!shown.includes('\u202E'), 'the bidi override itself is still in the shown text');

  await page.screenshot({ path: screenshotPath, fullPage: true });
  check(pageErrors.length === 0, `errors in the page: ${pageErrors.join(' | ')}`);
} finally {
  await browser.close();
}

if (failures.length > 0) {
  for (const f of failures) console.error('FAIL: ' + f);
  process.exit(1);
}
console.log(`page test passed; screenshot: ${screenshotPath}`);
