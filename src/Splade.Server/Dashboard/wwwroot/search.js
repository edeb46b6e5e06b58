// Search: one query by SPLADE, BM25, dense or hybrid fusion, with each hit's term-by-term explanation.
import { api, collectionPath } from './api.js';
import { busy, h, json, number, replace, showMessage } from './dom.js';
import { renderExplanation } from './explain.js';

const methods = ['splade', 'bm25', 'dense'];
const labels = { splade: 'SPLADE', bm25: 'BM25', dense: 'Dense' };

/** The vector names of a collection, sparse and dense, from its info. */
export function vectorNames(info) {
  const params = info.config.params;
  const sparse = Object.entries(params.sparse_vectors ?? {}).map(([name, config]) => ({ name, idf: config?.modifier === 'idf' }));
  const vectors = params.vectors ?? {};
  const dense = typeof vectors.size === 'number' ? [{ name: '' }] : Object.keys(vectors).map((name) => ({ name }));
  return { sparse, dense };
}

function fillSelect(select, names, preferred) {
  const previous = select.value;
  replace(select, names.map((name) => h('option', { value: name }, name === '' ? '(unnamed)' : name)));
  const pick = names.includes(previous) ? previous : names.find(preferred) ?? names[0];
  if (pick !== undefined) select.value = pick;
  select.disabled = names.length === 0;
}

export function initSearch(panel) {
  const form = panel.querySelector('#search-form');
  const results = panel.querySelector('#search-results');
  let loadedFor = null;

  async function loadVectors() {
    const name = form.collection.value.trim();
    if (!name || name === loadedFor) return;
    loadedFor = name;
    try {
      const { sparse, dense } = vectorNames(await api('GET', collectionPath(name)));
      const sparseNames = sparse.map((v) => v.name);
      fillSelect(form['splade-using'], sparseNames, (n) => /splade/i.test(n));
      fillSelect(form['bm25-using'], sparseNames, (n) => /bm25/i.test(n) || sparse.find((v) => v.name === n)?.idf);
      fillSelect(form['dense-using'], dense.map((v) => v.name), () => true);
      showMessage(panel, null);
    } catch (error) {
      loadedFor = null;
      showMessage(panel, error);
    }
  }

  function updateMethod() {
    const hybrid = form.method.value === 'hybrid';
    form.querySelector('[data-hybrid]').hidden = !hybrid;
    for (const label of form.querySelectorAll('[data-rrf]')) label.hidden = form.fusion.value !== 'rrf';
  }

  form.addEventListener('change', (event) => {
    if (event.target.name === 'collection') loadVectors();
    updateMethod();
  });
  form.collection.addEventListener('input', () => {
    if (document.querySelector(`#collection-names option[value="${CSS.escape(form.collection.value)}"]`)) loadVectors();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(panel, form, async () => {
      await loadVectors();
      const request = buildRequest(form);
      const started = performance.now();
      const answer = await api('POST', `${collectionPath(form.collection.value.trim())}/points/query`, request);
      renderResults(results, request, answer.points, performance.now() - started);
    });
  });
  updateMethod();

  return async (first) => {
    if (first && !form.collection.value) {
      const names = [...document.querySelectorAll('#collection-names option')].map((o) => o.value);
      form.collection.value = names.includes('medline') ? 'medline' : names[0] ?? '';
    }
    await loadVectors();
  };
}

/** Selects a collection in the search form (from the collections panel). */
export function searchCollection(name) {
  const form = document.getElementById('search-form');
  form.collection.value = name;
  form.collection.dispatchEvent(new Event('change', { bubbles: true }));
}

function nearest(form, method) {
  const text = form.query.value;
  const model = method === 'bm25' ? 'bm25' : form[`${method}-model`].value.trim();
  const using = form[`${method}-using`].value;
  if (form[`${method}-using`].disabled) throw new Error(`The collection has no vector for ${labels[method]}.`);
  return { query: { text, model }, ...(using === '' ? {} : { using }) };
}

export function buildRequest(form) {
  const limit = Number(form.limit.value) || 10;
  const filterText = form.filter.value.trim();
  let filter;
  if (filterText) {
    try {
      filter = JSON.parse(filterText);
    } catch (error) {
      throw new Error(`The filter is not valid JSON: ${error.message}`);
    }
  }
  const method = form.method.value;
  const common = { limit, with_payload: true, explain: true, ...(filter ? { filter } : {}) };
  if (method !== 'hybrid') return { ...nearest(form, method), ...common };

  const lists = methods.filter((m) => form[`list-${m}`].checked);
  if (lists.length < 2) throw new Error('Hybrid search fuses two lists or more: tick at least two.');
  const prefetchLimit = Number(form['prefetch-limit'].value) || 50;
  const prefetch = lists.map((m) => ({ ...nearest(form, m), limit: prefetchLimit }));
  let query = { fusion: 'dbsf' };
  if (form.fusion.value === 'rrf') {
    const rrf = { k: Number(form['rrf-k'].value) || 60 };
    const weightsText = form['rrf-weights'].value.trim();
    if (weightsText) {
      const all = weightsText.split(/[\s,;]+/).filter(Boolean).map(Number);
      if (all.length !== 3 || all.some((w) => !Number.isFinite(w) || w < 0)) {
        throw new Error('Weights: give three numbers (SPLADE, BM25, dense), zero or more.');
      }
      rrf.weights = lists.map((m) => all[methods.indexOf(m)]);
    }
    query = { rrf };
  }
  return { prefetch, query, ...common };
}

function listName(request, index) {
  const prefetch = request.prefetch?.[index] ?? request;
  const model = prefetch.query?.model;
  return `${model === 'bm25' ? 'BM25' : model ?? '?'} on ${prefetch.using ?? '(unnamed)'}`;
}

function title(payload) {
  if (!payload) return null;
  for (const key of ['title', 'name', 'doc_id']) if (typeof payload[key] === 'string' && payload[key]) return payload[key];
  return null;
}

function renderResults(container, request, points, elapsed) {
  const fused = Boolean(request.prefetch);
  const summary = h('p', { class: 'summary' },
    `${points.length} result${points.length === 1 ? '' : 's'} in ${number(elapsed / 1000, 3)} s`,
    fused ? ` · ${request.query.rrf ? `RRF (k = ${request.query.rrf.k})` : 'DBSF'} over ${request.prefetch.length} lists` : '');
  const list = h('ol', { class: 'hits' }, points.map((point, i) => renderHit(point, i + 1, request)));
  const requestView = h('details', { class: 'request' }, h('summary', {}, 'Request'), h('pre', {}, json(request)));
  replace(container, summary, points.length ? list : h('p', { class: 'empty' }, 'No point matched.'), requestView);
}

function renderHit(point, rank, request) {
  const payload = point.payload ?? {};
  const text = typeof payload.text === 'string' ? payload.text : null;
  const explanationBox = h('div', { class: 'explanation', hidden: true });
  const toggle = h('button', {
    type: 'button', class: 'explain', 'aria-expanded': 'false',
    onclick: () => {
      const open = explanationBox.hidden;
      if (open && !explanationBox.firstChild) renderExplanation(explanationBox, point, request, listName);
      explanationBox.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Hide why' : 'Why this match';
    },
  }, 'Why this match');
  return h('li', { class: 'hit', dataset: { id: String(point.id), score: String(point.score) } },
    h('div', { class: 'hit-head' },
      h('span', { class: 'rank' }, `#${rank}`),
      h('span', { class: 'id' }, `id ${point.id}`),
      h('span', { class: 'score', title: 'score' }, number(point.score)),
      h('strong', { class: 'title' }, title(payload) ?? ''),
      toggle),
    text ? h('p', { class: 'text' }, text) : null,
    h('details', { class: 'payload' }, h('summary', {}, 'Payload'), h('pre', {}, json(payload))),
    explanationBox);
}
