// The XLIFF panel of the workbench: a file dropped (or chosen) is sent to POST /api/xliff, its
// analysis by match band is shown as `tmkit analyze` counts it, and the pre-translated file is
// offered for download. Loaded before app.js, whose helpers ($, t, element, api, setStatus,
// fillLanguages, languagesHeld) it uses once the page is set up; app.js's PANELS.xliff calls
// setUpXliffPanel.
'use strict';

// The bands in the order of the CLI's table, with its labels (the msgids of tools/po).
const XLIFF_ROWS = [
  ['101', 'Context (101)'], ['100', '100'], ['95-99', '95-99'], ['85-94', '85-94'], ['75-84', '75-84'],
  ['50-74', '50-74'], ['no-match', 'No match'],
];

let lastXliff = null;         // the last answer of /api/xliff
let xliffDownloadUrl = null;  // its pre-translated file as an object URL

function renderXliff(result) {
  lastXliff = result;
  const table = $('xliff-analysis');
  const head = element('tr', {}, ['band', 'segments', 'words', 'characters'].map((h) => element('th', { text: t(h) })));
  const row = (label, counts, attributes) => element('tr', attributes, [
    element('th', { text: label }),
    ...['segments', 'words', 'characters'].map((k) => element('td', { text: String(counts[k]) })),
  ]);
  const a = result.analysis;
  const rows = [
    row(t('Repetitions'), a.repetitions.internal, { className: 'repetitions' }),
    ...XLIFF_ROWS.map(([key, label]) => row(t(label), a.bands[key], { className: 'band', 'data-band': key })),
    row(t('Total'), a.all, { className: 'total' }),
  ];
  table.replaceChildren(element('thead', {}, [head]), element('tbody', {}, rows));
  table.hidden = false;
  const p = result.pretranslated;
  setStatus('xliff-status', t('{1}: XLIFF {2}, {3} → {4}', result.file, result.version, result.src, result.tgt) + ' · ' +
            t('{1} exact and {2} in-context matches filled, {3} fuzzy candidates', p.exact, p.context, p.candidates));
  const link = $('xliff-download');
  link.textContent = t('Download the pre-translated file');
  link.hidden = false;
}

function pretranslatedName(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) + '.pretranslated' + name.slice(dot) : name + '.pretranslated.xlf';
}

async function sendXliff(file) {
  if (!file) return;
  $('xliff-analysis').hidden = true;
  $('xliff-download').hidden = true;
  lastXliff = null;
  setStatus('xliff-status', t('Analysing {1}…', file.name));
  try {
    const params = { name: file.name, min: $('xliff-min').value, all: $('xliff-all').checked ? '1' : '0' };
    if ($('xliff-tgt').value) params.tgt = $('xliff-tgt').value;
    const result = await api('/api/xliff', params, undefined,
                             { method: 'POST', body: await file.arrayBuffer(), headers: { 'Content-Type': 'application/xliff+xml' } });
    if (xliffDownloadUrl) URL.revokeObjectURL(xliffDownloadUrl);
    xliffDownloadUrl = URL.createObjectURL(new Blob([result.xliff], { type: 'application/xliff+xml' }));
    const link = $('xliff-download');
    link.href = xliffDownloadUrl;
    link.download = pretranslatedName(result.file);
    renderXliff(result);
  } catch (error) {
    setStatus('xliff-status', error.message, true);
  }
}

function setUpXliffPanel() {
  const zone = $('xliff-drop');
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    sendXliff(event.dataTransfer && event.dataTransfer.files[0]);
  });
  $('xliff-file').addEventListener('change', () => sendXliff($('xliff-file').files[0]));
  // The target languages the TM holds, once app.js has read them; the analysis in the interface's
  // language once its catalog is loaded (setInterfaceLanguage sets <html lang> last).
  new MutationObserver(() => {
    if ($('xliff-tgt').options.length <= 1 && languagesHeld.length) {
      $('xliff-tgt').append(...languagesHeld.map((lang) => element('option', { value: lang, text: lang })));
    }
    if (lastXliff) renderXliff(lastXliff);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}
