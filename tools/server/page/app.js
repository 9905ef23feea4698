// The translator's workbench: matches as you type (differences highlighted, targets in their own
// direction), a translation box with one-key insertion of a match, a check of the pair with the
// findings marked in place, saving the pair into the TM, and a concordance search; filters by
// document and date; the interface in English, Russian or Arabic (right to left) from the CLI's
// message catalogs. Talks only to the JSON API of docs/api.md on the same origin; no framework,
// no build step. Each panel is set up by one function of PANELS.
'use strict';

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb']);
const primary = (tag) => tag.split('-')[0].toLowerCase();
const directionOf = (tag) => (RTL_LANGUAGES.has(primary(tag)) ? 'rtl' : 'ltr');
const $ = (id) => document.getElementById(id);

// ---- Messages: the msgids of tools/po/LANG.po (the CLI's catalogs), served as /LANG.po ----

let catalog = new Map();
let uiLang = 'en';
// The translation of an English message; {1}, {2} … are replaced by the arguments.
function t(english, ...args) {
  const text = catalog.get(english) || english;
  return text.replace(/\{(\d)\}/g, (_, n) => String(args[Number(n) - 1]));
}

// msgid/msgstr pairs of a gettext .po file (strings may continue on following lines).
function parsePo(text) {
  const messages = new Map();
  const unquote = (s) => JSON.parse(s.replace(/\\(?!["\\nt])/g, '\\\\'));
  let id = null, str = null, current = null;
  const flush = () => { if (id && str) messages.set(id, str); id = str = current = null; };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('msgid ')) { flush(); id = unquote(line.slice(6)); current = 'id'; }
    else if (line.startsWith('msgstr ')) { str = unquote(line.slice(7)); current = 'str'; }
    else if (line.startsWith('"') && current === 'id') id += unquote(line);
    else if (line.startsWith('"') && current === 'str') str += unquote(line);
    else if (line === '' || line.startsWith('#')) { if (current === 'str') flush(); }
  }
  flush();
  return messages;
}

async function setInterfaceLanguage(lang) {
  uiLang = lang;
  catalog = new Map();
  if (lang !== 'en') {
    const response = await fetch('/' + lang + '.po');
    if (response.ok) catalog = parsePo(await response.text());
  }
  document.documentElement.lang = lang;
  document.documentElement.dir = directionOf(lang);
  for (const node of document.querySelectorAll('[data-i18n]')) {
    if (!node.dataset.msgid) node.dataset.msgid = node.textContent.trim();
    node.textContent = t(node.dataset.msgid);
  }
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  }
  document.title = t('tmkit workbench');
  try { localStorage.setItem('tmkit-ui-lang', lang); } catch (e) { /* private mode */ }
  rerender();
}

// ---- Small helpers ----

function element(name, attributes = {}, children = []) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'className') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// Fetches JSON from the API; a non-2xx answer becomes an Error carrying the API's message.
async function api(path, params, signal, init = {}) {
  const url = path + (params ? '?' + new URLSearchParams(params).toString() : '');
  const response = await fetch(url, { signal, ...init, headers: { Accept: 'application/json', ...(init.headers || {}) } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
    throw Object.assign(new Error(message), { code: body && body.error ? body.error.code : '' });
  }
  return body;
}

function setStatus(id, text, isError = false) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle('error', isError);
}

// Bidirectional controls are invisible and reorder what follows: U+202E made a stored "0001 $"
// show as "$ 1000". Each is shown as a visible badge in its place instead of being obeyed.
const BIDI_CONTROLS = {
  '\u061C': 'ALM', '\u200E': 'LRM', '\u200F': 'RLM', '\u202A': 'LRE', '\u202B': 'RLE', '\u202C': 'PDF',
  '\u202D': 'LRO', '\u202E': 'RLO', '\u2066': 'LRI', '\u2067': 'RLI', '\u2068': 'FSI', '\u2069': 'PDI',
};
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

// Text as nodes, its bidi controls replaced by badges naming them.
function visibleText(text) {
  const nodes = [];
  let rest = text;
  for (let at = rest.search(BIDI_CONTROL); at >= 0; at = rest.search(BIDI_CONTROL)) {
    if (at > 0) nodes.push(rest.slice(0, at));
    const name = BIDI_CONTROLS[rest[at]];
    const code = 'U+' + rest.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
    nodes.push(element('span', { className: 'bidi-control', text: name, title: `${code}, an invisible bidirectional control` }));
    rest = rest.slice(at + 1);
  }
  if (rest) nodes.push(rest);
  return nodes;
}

// "20121208T120000Z" (TMX) as a date the reader's language writes.
function tmxDate(value) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value || '');
  return m ? new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}
function readableDate(date) {
  return new Intl.DateTimeFormat(uiLang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC';
}

// Byte ranges of a UTF-8 text (the API's spans) as runs [{text, flagged, title}].
function runsOf(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const sorted = [...spans].sort((a, b) => a.begin - b.begin);
  const runs = [];
  let at = 0;
  for (const span of sorted) {
    if (span.begin < at) continue;
    if (span.begin > at) runs.push({ text: decode(at, span.begin) });
    runs.push({ text: decode(span.begin, span.end), flagged: true, title: span.title, severity: span.severity });
    at = span.end;
  }
  if (at < bytes.length) runs.push({ text: decode(at, bytes.length) });
  return runs;
}

// A segment as a block in its language and direction; `parts` ([{text, <flag>: bool}]) become
// <mark> where flagged.
function segment(variant, parts, flag, markClass, extraClass) {
  const block = element('div', { className: 'seg ' + extraClass, lang: variant.lang, dir: directionOf(variant.lang) });
  block.append(element('span', { className: 'lang', text: variant.lang }));
  const text = element('span', { className: 'text' });
  for (const part of parts || [{ text: variant.text }]) {
    if (part[flag]) text.append(element('mark', { className: markClass }, visibleText(part.text)));
    else text.append(...visibleText(part.text));
  }
  block.append(text);
  return block;
}

function metaLine(unit) {
  const date = tmxDate(unit.changed || unit.created);
  return [unit.document, date ? readableDate(date) : '', unit.changed_by || unit.created_by].filter(Boolean).join(' · ');
}

// ---- Filters: by document and by date, over what the API returned ----

const seenDocuments = new Set();
function noteDocuments(units) {
  let added = false;
  for (const unit of units) {
    if (unit.document && !seenDocuments.has(unit.document)) {
      seenDocuments.add(unit.document);
      added = true;
    }
  }
  if (!added) return;
  const select = $('filter-doc');
  const chosen = select.value;
  const all = select.options[0];
  select.replaceChildren(all, ...[...seenDocuments].sort().map((d) => element('option', { value: d, text: d })));
  select.value = chosen;
}
function passesFilters(unit) {
  const doc = $('filter-doc').value;
  if (doc && unit.document !== doc) return false;
  const since = $('filter-since').value;
  if (since) {
    const date = tmxDate(unit.changed || unit.created);
    if (!date || date < new Date(since + 'T00:00:00Z')) return false;
  }
  return true;
}

// ---- Matches ----

let lastLookup = null;
let shownMatches = [];

function renderMatches(result) {
  lastLookup = result;
  noteDocuments(result.matches.map((m) => m.unit));
  const list = $('matches');
  list.replaceChildren();
  shownMatches = result.matches.filter((m) => passesFilters(m.unit));
  shownMatches.forEach((match, i) => {
    const p = match.penalties;
    const score = element('div', {
      className: 'score' + (match.score >= 100 ? ' exact' : match.score < 75 ? ' low' : ''),
      text: match.score + '%',
      title: t('words {1}%, minus: case {2}, punctuation {3}, numbers {4}, codes {5}', match.base, p.case, p.punctuation, p.numbers, p.codes),
    });
    const source = { lang: match.source_lang, text: match.source };
    const target = { lang: match.target_lang, text: match.carried_target || match.target };
    const key = i < 9 ? String(i + 1) : '';
    const actions = element('div', { className: 'actions' });
    if (key) {
      const insert = element('button', { type: 'button', className: 'small insert', title: 'Alt+' + key }, [t('Insert'), ' ', element('kbd', { text: 'Alt+' + key })]);
      insert.addEventListener('click', () => insertMatch(i));
      const copy = element('button', { type: 'button', className: 'small secondary copy', title: 'Alt+Shift+' + key, text: t('Copy') });
      copy.addEventListener('click', () => copyMatch(i));
      actions.append(insert, copy);
    }
    const item = element('li', { className: 'match', 'data-score': String(match.score) }, [
      score,
      segment(source, match.source_parts, 'differs', 'diff', 'source'),
      segment({ lang: match.target_lang, text: match.target }, null, '', '', 'target'),
    ]);
    if (match.carried_target) {
      item.append(segment({ lang: match.target_lang, text: match.carried_target }, null, '', '', 'target carried'));
    }
    if (match.via) {
      item.append(element('div', { className: 'missing', text: `via ${match.via.lang}: the ${match.target_lang} comes from unit ${match.via.target_unit.id}, which holds the same ${match.via.lang}` }));
    }
    for (const other of match.others || []) item.append(segment(other, null, '', '', 'other'));
    if (match.missing.length > 0) {
      item.append(element('div', { className: 'missing', text: t('not in this match: {1}', match.missing.join(', ')) }));
    }
    const meta = metaLine(match.unit);
    const footer = element('div', { className: 'meta' }, [actions]);
    if (meta) footer.append(element('span', { text: meta }));
    item.append(footer);
    list.append(item);
  });
  const n = shownMatches.length, hidden = result.matches.length - n;
  let status = n === 0 ? t('no match at {1}% or more', result.min) : t('{1} matches', n);
  if (hidden > 0) status += ' · ' + t('{1} hidden by the filters', hidden);
  setStatus('lookup-status', status);
}

function matchTarget(i) {
  const m = shownMatches[i];
  return m ? m.carried_target || m.target : null;
}
function insertMatch(i) {
  const text = matchTarget(i);
  if (text === null) return;
  const box = $('translation');
  box.value = text;
  box.lang = shownMatches[i].target_lang;
  box.focus();
  setStatus('editor-status', t('match {1} inserted', i + 1));
}
async function copyMatch(i) {
  const text = matchTarget(i);
  if (text === null) return;
  try {
    await navigator.clipboard.writeText(text);
    setStatus('editor-status', t('match {1} copied', i + 1));
  } catch (error) {
    setStatus('editor-status', error.message, true);
  }
}

// The glossary terms found in the query, each with the target forms: the one to use in bold,
// admitted ones plain, deprecated ones struck through.
function renderTerms(result) {
  const list = $('terms');
  list.replaceChildren();
  for (const term of result.terms) {
    const item = element('li', { className: 'term' }, [
      element('span', { className: 'term-source', lang: result.src, dir: directionOf(result.src), text: term.text }),
      ' → ',
    ]);
    const forms = element('span', { className: 'term-targets', lang: result.tgt, dir: directionOf(result.tgt) });
    term.targets.forEach((target, i) => {
      if (i > 0) forms.append(' · ');
      const className = target.preferred ? 'preferred' : target.status === 'deprecated' || target.status === 'superseded' ? 'deprecated' : 'admitted';
      forms.append(element('span', { className, title: target.status, text: target.term }));
    });
    if (term.targets.length === 0) forms.append(element('span', { className: 'muted', text: t('no {1} form in the glossary', result.tgt) }));
    item.append(forms);
    list.append(item);
  }
  $('terms-panel').hidden = result.terms.length === 0;
}

let glossaryLanguages = [];
let lookupController = null;
let lookupTimer = null;

function scheduleLookup() {
  clearTimeout(lookupTimer);
  lookupTimer = setTimeout(runLookup, 200);
}

async function runLookup() {
  const q = $('query').value.trim();
  if (lookupController) lookupController.abort();
  if (!q) {
    $('terms-panel').hidden = true;
    $('matches').replaceChildren();
    shownMatches = [];
    lastLookup = null;
    setStatus('lookup-status', '');
    return;
  }
  $('query').lang = $('src').value;
  $('translation').lang = $('tgt').value;
  lookupController = new AbortController();
  const src = $('src').value;
  const tgt = $('tgt').value;
  const inGlossary = (lang) => glossaryLanguages.some((g) => primary(g) === lang);
  if (inGlossary(src) && inGlossary(tgt)) {
    api('/api/terms', { q, src, tgt }, lookupController.signal).then(renderTerms, () => { $('terms-panel').hidden = true; });
  } else {
    $('terms-panel').hidden = true;
  }
  try {
    const result = await api('/api/lookup', { q, src, tgt, min: $('min').value, limit: $('limit').value }, lookupController.signal);
    renderMatches(result);
  } catch (error) {
    if (error.name !== 'AbortError') {
      $('matches').replaceChildren();
      setStatus('lookup-status', error.message, true);
    }
  }
}

// ---- Check and save ----

async function runCheck() {
  const source = $('query').value.trim();
  const target = $('translation').value;
  if (!source) {
    setStatus('editor-status', t('type the source sentence first'), true);
    return;
  }
  const src = $('src').value, tgt = $('tgt').value;
  try {
    const result = await api('/api/check', null, undefined, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ source, target, src, tgt }),
    });
    renderFindings(source, target, src, tgt, result.findings);
  } catch (error) {
    setStatus('editor-status', error.message, true);
  }
}

function renderFindings(source, target, src, tgt, findings) {
  const spans = (side) => findings.filter((f) => f[side]).map((f) => ({
    begin: f[side].begin, end: f[side].end, title: f.message, severity: f.severity,
  }));
  const marked = (node, lang, text, side) => {
    node.replaceChildren(element('span', { className: 'lang', text: lang }));
    node.lang = lang;
    node.dir = directionOf(lang);
    const body = element('span', { className: 'text' });
    for (const run of runsOf(text, spans(side))) {
      body.append(run.flagged ? element('mark', { className: 'finding ' + run.severity, title: run.title, text: run.text }) : run.text);
    }
    node.append(body);
  };
  marked($('checked-source'), src, source, 'source_span');
  marked($('checked-target'), tgt, target, 'target_span');
  const list = $('findings');
  list.replaceChildren();
  for (const f of findings) {
    const item = element('li', { className: 'finding-item ' + f.severity }, [
      element('span', { className: 'severity', text: t(f.severity) }), ' ',
      element('span', { className: 'message', text: f.message }),
    ]);
    if (f.suggestion) {
      const use = element('button', { type: 'button', className: 'small secondary', text: t('use «{1}»', f.suggestion) });
      use.addEventListener('click', () => applySuggestion(f));
      item.append(' ', use);
    }
    list.append(item);
  }
  $('check-result').hidden = false;
  setStatus('editor-status', findings.length === 0 ? t('no findings') : t('{1} findings', findings.length));
}

// Replaces the flagged target span by the suggestion, byte offsets converted to the text's own.
function applySuggestion(finding) {
  const box = $('translation');
  if (!finding.target_span) return;
  const bytes = new TextEncoder().encode(box.value);
  const before = new TextDecoder().decode(bytes.subarray(0, finding.target_span.begin));
  const after = new TextDecoder().decode(bytes.subarray(finding.target_span.end));
  box.value = before + finding.suggestion + after;
  runCheck();
}

async function saveTranslation() {
  const source = $('query').value.trim();
  const target = $('translation').value.trim();
  if (!source || !target) {
    setStatus('editor-status', t('a source sentence and its translation are needed'), true);
    return;
  }
  const token = $('token').value.trim();
  if (!token) {
    $('save-settings').open = true;
    $('token').focus();
    setStatus('editor-status', t('the write token is needed to save'), true);
    return;
  }
  try { sessionStorage.setItem('tmkit-token', token); } catch (e) { /* private mode */ }
  const body = { variants: [{ lang: $('src').value, text: source }, { lang: $('tgt').value, text: target }] };
  if ($('save-doc').value.trim()) body.document = $('save-doc').value.trim();
  if ($('author').value.trim()) body.author = $('author').value.trim();
  try {
    const result = await api('/api/units', null, undefined, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
      body: JSON.stringify(body),
    });
    setStatus('editor-status', t('saved as unit {1} ({2})', result.id, t(result.outcome)));
    refreshStats();
    scheduleLookup();
  } catch (error) {
    setStatus('editor-status', error.message, true);
  }
}

// ---- Concordance ----

let lastConcordance = null;

function renderHits(result) {
  lastConcordance = result;
  noteDocuments(result.hits.map((h) => h.unit));
  const list = $('hits');
  list.replaceChildren();
  const shown = result.hits.filter((h) => passesFilters(h.unit));
  for (const hit of shown) {
    const item = element('li', { className: 'hit' }, [segment(hit, hit.parts, 'hit', 'found', 'source')]);
    for (const variant of hit.variants) {
      if (variant.lang !== hit.lang || variant.text !== hit.text) item.append(segment(variant, null, '', '', 'target'));
    }
    const meta = metaLine(hit.unit);
    if (meta) item.append(element('div', { className: 'meta', text: meta }));
    list.append(item);
  }
  const n = shown.length, hidden = result.hits.length - n;
  let status = n === 0 && hidden === 0 ? t('not found') : t('{1} segments', `${n}${result.more ? '+' : ''}`);
  if (hidden > 0) status += ' · ' + t('{1} hidden by the filters', hidden);
  setStatus('concordance-status', status);
}

async function runConcordance(event) {
  if (event) event.preventDefault();
  const q = $('phrase').value.trim();
  if (!q) return;
  try {
    const params = { q, lang: $('conc-lang').value, limit: $('conc-limit').value };
    if ($('exact').checked) params.exact = 1;
    renderHits(await api('/api/concordance', params));
  } catch (error) {
    setStatus('concordance-status', error.message, true);
  }
}

// ---- Names: how the archive renders a name (GET /api/names) ----

let lastNames = null;
let namesRetry = null;

// The English name marked in its sample sentence, when it is there as written.
function markedSource(text, name) {
  const at = text.indexOf(name);
  if (at < 0) return null;
  return [{ text: text.slice(0, at) }, { text: name, found: true }, { text: text.slice(at + name.length) }].filter((p) => p.text);
}

function renderNames(result) {
  lastNames = result;
  const list = $('names-list');
  list.replaceChildren();
  for (const name of result.names) {
    const head = element('div', { className: 'name-head' }, [
      element('span', { className: 'english', lang: 'en', dir: 'ltr', text: name.english }),
      ' → ',
      element('span', { className: 'rendering', lang: name.tgt, dir: directionOf(name.tgt), text: name.target }),
      ' ',
      element('span', { className: 'name-status ' + name.status, text: t(name.status) }),
      ' ',
      element('span', { className: 'muted', text: t('{1} of {2} mentions rendered', name.count, name.mentions) + ' · ' + t(name.kind) }),
    ]);
    const variants = element('ul', { className: 'variants' });
    for (const variant of name.variants) {
      const dates = [variant.first_seen, variant.last_seen].filter(Boolean);
      const meta = [t('{1} units', variant.count)];
      if (dates.length) meta.push(dates[0] === dates[dates.length - 1] ? dates[0] : dates[0] + ' – ' + dates[dates.length - 1]);
      if (variant.units.length) meta.push(t('e.g. unit {1}', variant.units.join(', ')));
      const item = element('li', { className: 'variant' }, [
        element('span', { className: 'form', lang: name.tgt, dir: directionOf(name.tgt), text: variant.form }),
        ' ',
        element('span', { className: 'variant-meta muted', text: meta.join(' · ') }),
      ]);
      if (variant.sample && variant.sample.source) {
        item.append(segment({ lang: 'en', text: variant.sample.source }, markedSource(variant.sample.source, name.english), 'found', 'found', 'source'));
        item.append(segment({ lang: name.tgt, text: variant.sample.target }, null, '', '', 'target'));
      }
      variants.append(item);
    }
    list.append(element('li', { className: 'name', 'data-tgt': name.tgt, 'data-status': name.status }, [head, variants]));
  }
  setStatus('names-status', result.names.length === 0 ? t('not found') : t('{1} names', result.names.length));
}

async function runNames(event) {
  if (event) event.preventDefault();
  clearTimeout(namesRetry);
  const q = $('name-query').value.trim();
  if (!q) return;
  try {
    renderNames(await api('/api/names', { q }));
  } catch (error) {
    // The first search of a TM starts mining its names: the answer is 503 until that is done.
    if (error.code === 'names_pending') {
      setStatus('names-status', t('reading the TM for its names…'));
      namesRetry = setTimeout(runNames, 1000);
    } else {
      setStatus('names-status', error.message, true);
    }
  }
}

// ---- Set-up ----

function rerender() {
  if (lastLookup) renderMatches(lastLookup);
  if (lastConcordance) renderHits(lastConcordance);
  if (lastNames) renderNames(lastNames);
  refreshStats();
}

function fillLanguages(select, languages, preferred) {
  select.replaceChildren(...languages.map((lang) => element('option', { value: lang, text: lang })));
  const chosen = languages.find((lang) => lang === preferred) || languages[0];
  if (chosen) select.value = chosen;
}

let languagesHeld = [];
async function refreshStats() {
  try {
    const stats = await api('/api/stats');
    languagesHeld = [...new Set(Object.keys(stats.variants).map(primary))].sort();
    setStatus('tm-status', t('{1} units', stats.units.toLocaleString(uiLang)) + ' · ' + languagesHeld.join(', '));
  } catch (error) {
    setStatus('tm-status', error.message, true);
  }
}

function onKey(event) {
  const digit = /^Digit([1-9])$/.exec(event.code);
  if (event.altKey && !event.ctrlKey && digit) {
    event.preventDefault();
    const i = Number(digit[1]) - 1;
    if (event.shiftKey) copyMatch(i); else insertMatch(i);
  } else if (event.ctrlKey && event.key === 'Enter') {
    event.preventDefault();
    runCheck();
  } else if (event.ctrlKey && !event.altKey && (event.key === 's' || event.key === 'S')) {
    event.preventDefault();
    saveTranslation();
  } else if (event.ctrlKey && !event.altKey && (event.key === 'k' || event.key === 'K')) {
    event.preventDefault();
    const selected = (window.getSelection() || '').toString().trim();
    if (selected) $('phrase').value = selected;
    runConcordance();
  }
}

const PANELS = {
  lookup() {
    $('query').addEventListener('input', scheduleLookup);
    for (const id of ['src', 'tgt', 'min', 'limit']) $(id).addEventListener('change', scheduleLookup);
    $('lookup-form').addEventListener('submit', (event) => { event.preventDefault(); runLookup(); });
  },
  editor() {
    $('check-button').addEventListener('click', runCheck);
    $('save-button').addEventListener('click', saveTranslation);
    try { $('token').value = sessionStorage.getItem('tmkit-token') || ''; } catch (e) { /* private mode */ }
  },
  concordance() {
    $('concordance-form').addEventListener('submit', runConcordance);
    $('exact').addEventListener('change', () => runConcordance());
  },
  names() {
    $('names-form').addEventListener('submit', runNames);
  },
  filters() {
    for (const id of ['filter-doc', 'filter-since']) $(id).addEventListener('change', rerender);
  },
  xliff() { setUpXliffPanel(); },  // xliff.js
};

async function start() {
  for (const setUp of Object.values(PANELS)) setUp();
  document.addEventListener('keydown', onKey);
  $('ui-lang').addEventListener('change', () => setInterfaceLanguage($('ui-lang').value));
  let saved = 'en';
  try { saved = localStorage.getItem('tmkit-ui-lang') || 'en'; } catch (e) { /* private mode */ }
  $('ui-lang').value = saved;
  try {
    glossaryLanguages = (await api('/healthz')).glossary_languages;
    await refreshStats();
    fillLanguages($('src'), languagesHeld, 'en');
    fillLanguages($('tgt'), languagesHeld, languagesHeld.find((lang) => lang !== $('src').value));
    fillLanguages($('conc-lang'), languagesHeld, 'en');
  } catch (error) {
    setStatus('tm-status', error.message, true);
  }
  await setInterfaceLanguage(saved);
  document.body.dataset.ready = 'true';
}

start();
