// The page's XLIFF panel in Debian's Chromium (headless, through playwright-core) against a running
// `tmkit serve` over the seed TM: an XLIFF 2.1 file dropped on the panel shows its analysis by band
// (an exact match, a fuzzy one, a repetition, a segment the TM does not have), the pre-translated
// file downloads with the Arabic translation in its target and the fuzzy match as a candidate, the
// rest of the file kept; the table follows the interface language; a broken file is refused with the
// reader's file:line:column message. Screenshots beside SCREENSHOT.png (-ar.png, -error.png).
// Usage: node xliff_page_test.mjs BASE_URL SCREENSHOT.png   (exit 0 = pass)
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const [baseUrl, screenshotPath] = process.argv.slice(2);
const shot = (state) => screenshotPath.replace(/\.png$/, `-${state}.png`);
if (!baseUrl || !screenshotPath) {
  console.error('usage: node xliff_page_test.mjs BASE_URL SCREENSHOT.png');
  process.exit(2);
}
const failures = [];
function check(condition, message) {
  if (!condition) failures.push(message);
}

const job = `<?xml version="1.0" encoding="UTF-8"?>
<!-- kept as it was -->
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ar">
 <file id="f1" original="wire-7.html">
  <unit id="u1"><segment id="s1"><source>U.S. Secretary of State Hillary Clinton meets with her Russian counterpart</source></segment></unit>
  <unit id="u2"><segment id="s2"><source>U.S. Secretary of State Hillary Clinton meets with her Chinese counterpart</source></segment></unit>
  <unit id="u3"><segment id="s3"><source>The newsroom cafeteria reopens on the third floor next week.</source></segment></unit>
  <unit id="u4"><segment id="s4"><source>U.S. Secretary of State Hillary Clinton meets with her Chinese counterpart</source></segment></unit>
 </file>
</xliff>
`;

// Drops `text` as a file named `name` on the panel's drop zone, as a user's drag and drop does.
async function drop(page, name, text) {
  const dataTransfer = await page.evaluateHandle(([n, t]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: 'application/xliff+xml' }));
    return dt;
  }, [name, text]);
  await page.dispatchEvent('#xliff-drop', 'drop', { dataTransfer });
}

const bandSegments = (page, band) =>
  page.locator(`#xliff-analysis tr[data-band="${band}"] td`).first().textContent().then(Number);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
  await drop(page, 'wire-7.xlf', job);
  await page.waitForSelector('#xliff-analysis:not([hidden])', { timeout: 15000 });

  const exact = (await bandSegments(page, '101')) + (await bandSegments(page, '100'));
  let fuzzy = 0;
  for (const band of ['95-99', '85-94', '75-84', '50-74']) fuzzy += await bandSegments(page, band);
  check(exact === 1, `exact/in-context segments: ${exact}, expected 1`);
  check(fuzzy === 1, `fuzzy segments: ${fuzzy}, expected 1`);
  check((await bandSegments(page, 'no-match')) === 1, 'the new sentence is not in "no match"');
  const repetitions = Number(await page.locator('#xliff-analysis tr.repetitions td').first().textContent());
  check(repetitions === 1, `repetitions: ${repetitions}, expected 1`);
  const total = Number(await page.locator('#xliff-analysis tr.total td').first().textContent());
  check(total === 4, `total segments: ${total}, expected 4`);
  const status = await page.locator('#xliff-status').textContent();
  check(status.includes('wire-7.xlf') && status.includes('en → ar'), `status: ${status}`);
  await page.screenshot({ path: screenshotPath, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#xliff-download')]);
  check(download.suggestedFilename() === 'wire-7.pretranslated.xlf', `download name: ${download.suggestedFilename()}`);
  const out = await readFile(await download.path(), 'utf8');
  check(out.includes('<!-- kept as it was -->') && out.includes('original="wire-7.html"'), 'the file around the segments changed');
  const target = /<segment id="s1"[^>]*state="translated"[^>]*>\s*<source>[^<]*<\/source><target>([^<]*)<\/target>/.exec(out);
  check(target && /[\u0600-\u06FF]/.test(target[1]) && target[1].includes('كلينتون'),
        `the exact match is not the Arabic target of s1: ${target ? target[1] : out}`);
  check(/<mtc:match ref="#s2" matchQuality="(8\d|9\d)"/.test(out), 'no fuzzy candidate for s2 in the file');

  // The table in the interface's language, once its catalog is loaded.
  await page.selectOption('#ui-lang', 'ar');
  await page.waitForFunction(() => document.querySelector('#xliff-analysis tr.total th').textContent === 'المجموع', null,
                             { timeout: 10000 });
  await page.screenshot({ path: shot('ar'), fullPage: true });
  await page.selectOption('#ui-lang', 'en');

  // A broken file: the reader's message, as an error, and no analysis or download left over.
  await drop(page, 'broken.xlf', job.replace('</unit>', '</segment>'));
  await page.waitForSelector('#xliff-status.error', { timeout: 10000 });
  const error = await page.locator('#xliff-status').textContent();
  check(/^broken\.xlf:5:\d+: /.test(error), `error message: ${error}`);
  check(await page.locator('#xliff-analysis').isHidden(), 'the previous analysis is still shown after an error');
  check(await page.locator('#xliff-download').isHidden(), 'the previous download is still offered after an error');
  await page.screenshot({ path: shot('error'), fullPage: true });

  check(pageErrors.length === 0, `errors in the page: ${pageErrors.join(' | ')}`);
} finally {
  await browser.close();
}

if (failures.length > 0) {
  for (const f of failures) console.error('FAIL: ' + f);
  process.exit(1);
}
console.log(`xliff page test passed; screenshot: ${screenshotPath}`);
