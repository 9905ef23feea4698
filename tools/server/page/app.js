// The translators' page: matches as you type, differences highlighted, targets in their own
// direction (Arabic right to left), and a concordance search. Talks only to the JSON API of
// docs/api.md on the same origin; no framework, no build step.
'use strict';

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb']);
const primary = (tag) => tag.split('-')[0].toLowerCase();
const directionOf = (tag) => (RTL_LANGUAGES.has(primary(tag)) ? 'rtl' : 'ltr');
const $ = (id) => document.getElementById(id);

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
async function api(path, params, signal) {
  const url = path + '?' + new URLSearchParams(params).toString();
  const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
    throw new Error(message);
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

function renderMatches(result) {
  const list = $('matches');
  list.replaceChildren();
  for (const match of result.matches) {
    const p = match.penalties;
    const score = element('div', {
      className: 'score' + (match.score >= 100 ? ' exact' : match.score < 75 ? ' low' : ''),
      text: match.score + '%',
      title: `words ${match.base}%, minus: case ${p.case}, punctuation ${p.punctuation}, numbers ${p.numbers}, codes ${p.codes}`,
    });
    const source = { lang: match.source_lang, text: match.source };
    const target = { lang: match.target_lang, text: match.target };
    const item = element('li', { className: 'match', 'data-score': String(match.score) }, [
      score,
      segment(source, match.source_parts, 'differs', 'diff', 'source'),
      segment(target, null, '', '', 'target'),
    ]);
    if (match.carried_target) {
      item.append(segment({ lang: match.target_lang, text: match.carried_target }, null, '', '', 'target carried'));
    }
    if (match.via) {
      item.append(element('div', { className: 'missing', text: `via ${match.via.lang}: the ${match.target_lang} comes from unit ${match.via.target_unit.id}, which holds the same ${match.via.lang}` }));
    }
    for (const other of match.others || []) item.append(segment(other, null, '', '', 'other'));
    if (match.missing.length > 0) {
      item.append(element('div', { className: 'missing', text: 'not in this match: ' + match.missing.join(', ') }));
    }
    const unit = match.unit;
    const meta = [unit.document, unit.changed || unit.created, unit.changed_by || unit.created_by].filter(Boolean).join(' · ');
    if (meta) item.append(element('div', { className: 'meta', text: meta }));
    list.append(item);
  }
  const n = result.matches.length;
  setStatus('lookup-status', n === 0 ? `no match at ${result.min}% or more` : `${n} match${n === 1 ? '' : 'es'}`);
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
    if (term.targets.length === 0) forms.append(element('span', { className: 'muted', text: 'no ' + result.tgt + ' form in the glossary' }));
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
    setStatus('lookup-status', '');
    return;
  }
  $('query').lang = $('src').value;
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
    const result = await api('/api/lookup', { q, src, tgt, min: $('min').value, limit: 5 }, lookupController.signal);
    renderMatches(result);
  } catch (error) {
    if (error.name !== 'AbortError') {
      $('matches').replaceChildren();
      setStatus('lookup-status', error.message, true);
    }
  }
}

async function runConcordance(event) {
  event.preventDefault();
  const q = $('phrase').value.trim();
  if (!q) return;
  try {
    const result = await api('/api/concordance', { q, lang: $('conc-lang').value, limit: 20 });
    const list = $('hits');
    list.replaceChildren();
    for (const hit of result.hits) {
      const item = element('li', { className: 'hit' }, [segment(hit, hit.parts, 'hit', 'found', 'source')]);
      for (const variant of hit.variants) {
        if (variant.lang !== hit.lang || variant.text !== hit.text) item.append(segment(variant, null, '', '', 'target'));
      }
      list.append(item);
    }
    const n = result.hits.length;
    setStatus('concordance-status', n === 0 ? 'not found' : `${n}${result.more ? '+' : ''} segment${n === 1 ? '' : 's'}`);
  } catch (error) {
    setStatus('concordance-status', error.message, true);
  }
}

function fillLanguages(select, languages, preferred) {
  select.replaceChildren(...languages.map((lang) => element('option', { value: lang, text: lang })));
  const chosen = languages.find((lang) => lang === preferred) || languages[0];
  if (chosen) select.value = chosen;
}

async function start() {
  try {
    glossaryLanguages = (await api('/healthz', {})).glossary_languages;
    const stats = await api('/api/stats', {});
    const languages = [...new Set(Object.keys(stats.variants).map(primary))].sort();
    fillLanguages($('src'), languages, 'en');
    fillLanguages($('tgt'), languages, languages.find((lang) => lang !== $('src').value));
    fillLanguages($('conc-lang'), languages, 'en');
    setStatus('tm-status', `${stats.units.toLocaleString('en')} units · ${languages.join(', ')}`);
  } catch (error) {
    setStatus('tm-status', error.message, true);
  }
  $('query').addEventListener('input', scheduleLookup);
  for (const id of ['src', 'tgt', 'min']) $(id).addEventListener('change', scheduleLookup);
  $('lookup-form').addEventListener('submit', (event) => { event.preventDefault(); runLookup(); });
  $('concordance-form').addEventListener('submit', runConcordance);
  document.body.dataset.ready = 'true';
}

start();
