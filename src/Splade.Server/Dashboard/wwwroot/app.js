// The dashboard's shell: tabs (with the URL hash), the API key dialog and the shared list of collection names.
import { api, apiKey, onKeyNeeded, setApiKey } from './api.js';
import { h, replace, showMessage } from './dom.js';
import { initSearch } from './search.js';
import { initVectors } from './vectors.js';
import { initSimilarity } from './similarity.js';
import { initCollections } from './collections.js';

const panels = ['search', 'vectors', 'similarity', 'collections'];
const shown = new Set();
const hooks = {};

export async function refreshCollectionNames() {
  const result = await api('GET', '/collections');
  const names = result.collections.map((c) => c.name).sort();
  replace(document.getElementById('collection-names'), names.map((name) => h('option', { value: name })));
  return names;
}

export function showPanel(name, focus = false) {
  if (!panels.includes(name)) name = 'search';
  for (const panel of panels) {
    const tab = document.getElementById(`tab-${panel}`);
    const selected = panel === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    document.getElementById(`panel-${panel}`).hidden = !selected;
  }
  if (focus) document.getElementById(`tab-${name}`).focus();
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  hooks[name]?.(!shown.has(name));
  shown.add(name);
}

function initTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => showPanel(tab.dataset.panel));
    tab.addEventListener('keydown', (event) => {
      const index = tabs.indexOf(tab);
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      showPanel(tabs[(moves[event.key] + tabs.length) % tabs.length].dataset.panel, true);
    });
  }
  window.addEventListener('hashchange', () => showPanel(location.hash.slice(1)));
}

function updateKeyButton() {
  const button = document.getElementById('key-button');
  button.textContent = apiKey() ? 'API key ✓' : 'API key';
  button.setAttribute('aria-label', apiKey() ? 'API key set; change or forget it' : 'Set an API key');
}

function initKeyDialog() {
  const dialog = document.getElementById('key-dialog');
  const form = document.getElementById('key-form');
  const open = (error) => {
    showMessage(form, error && apiKey() ? error : null);
    if (!dialog.open) dialog.showModal();
    form.key.focus();
  };
  onKeyNeeded(open);
  document.getElementById('key-button').addEventListener('click', () => open(null));
  form.querySelector('[data-cancel]').addEventListener('click', () => dialog.close());
  form.querySelector('[data-forget]').addEventListener('click', () => {
    setApiKey(null);
    form.key.value = '';
    updateKeyButton();
    dialog.close();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setApiKey(form.key.value.trim());
    updateKeyButton();
    try {
      await refreshCollectionNames();
      form.key.value = '';
      dialog.close();
      shown.clear();
      showPanel(location.hash.slice(1));
    } catch (error) {
      showMessage(form, error);
    }
  });
}

async function start() {
  hooks.search = initSearch(document.getElementById('panel-search'));
  hooks.vectors = initVectors(document.getElementById('panel-vectors'));
  hooks.similarity = initSimilarity(document.getElementById('panel-similarity'));
  hooks.collections = initCollections(document.getElementById('panel-collections'), showPanel);
  initTabs();
  initKeyDialog();
  updateKeyButton();
  try {
    await refreshCollectionNames();
  } catch (error) {
    if (error.status !== 401) showMessage(document.getElementById('panel-search'), error);
  }
  showPanel(location.hash.slice(1) || 'search');
  document.body.dataset.ready = 'true';
}

start();
