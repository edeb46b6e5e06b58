// Similarity: the pairwise similarity of a few texts' SPLADE vectors as a heatmap with every value written in its cell.
import { api, apiBlob } from './api.js';
import { busy, h, number, replace, submitOnCtrlEnter } from './dom.js';

// Viridis-like stops: dark blue (low) to yellow (high), readable for most colour-blind viewers.
const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

function colour(t) {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return stops[i].map((c, k) => Math.round(c + f * (stops[i + 1][k] - c)));
}

function texts(form) {
  return form.texts.value.split('\n').map((t) => t.trim()).filter(Boolean);
}

export function initSimilarity(panel) {
  const form = panel.querySelector('#similarity-form');
  const results = panel.querySelector('#similarity-results');
  submitOnCtrlEnter(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(panel, form, async () => {
      const answer = await api('POST', '/splade/similarity', { texts: texts(form), metric: form.metric.value });
      replace(results, renderHeatmap(answer));
    });
  });
  form.querySelector('[data-png]').addEventListener('click', () => busy(panel, null, async () => {
    const blob = await apiBlob('POST', '/splade/similarity', { texts: texts(form), metric: form.metric.value, format: 'png' });
    const image = h('img', { class: 'png', alt: 'Similarity heatmap drawn by the server' });
    image.src = URL.createObjectURL(blob);
    replace(results, image);
  }));
  return () => {};
}

function renderHeatmap(answer) {
  const { texts, matrix, metric } = answer;
  const all = matrix.flat();
  const low = metric === 'cosine' ? 0 : Math.min(...all);
  const high = metric === 'cosine' ? 1 : Math.max(...all);
  const scale = (v) => (high > low ? (v - low) / (high - low) : 1);
  const cell = (value, row, column) => {
    const [r, g, b] = colour(scale(value));
    const light = 0.299 * r + 0.587 * g + 0.114 * b > 140;
    return h('td', {
      class: light ? 'cell light' : 'cell', style: `background-color:rgb(${r},${g},${b})`,
      title: `${row + 1} × ${column + 1}: ${number(value)}`, dataset: { value: String(value) },
    }, Number(value).toFixed(2));
  };
  return h('figure', { class: 'heatmap card' },
    h('div', { class: 'scroll' }, h('table', { class: 'heatmap-grid' },
      h('caption', {}, `${metric === 'cosine' ? 'Cosine similarity' : 'Dot product'} of ${texts.length} texts' SPLADE vectors`),
      h('thead', {}, h('tr', {}, h('td', {}), texts.map((t, i) => h('th', { scope: 'col', title: t }, String(i + 1))))),
      h('tbody', {}, matrix.map((row, i) => h('tr', {}, h('th', { scope: 'row', title: texts[i] }, String(i + 1)),
        row.map((v, j) => cell(v, i, j))))))),
    h('figcaption', {}, h('ol', { class: 'labels' }, texts.map((t) => h('li', {}, t)))));
}
