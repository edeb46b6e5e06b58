// Vectors: a text's SPLADE vector as weighted tokens, expansion terms marked, and two texts compared with their overlap.
import { api } from './api.js';
import { busy, h, number, replace, submitOnCtrlEnter } from './dom.js';

export function initVectors(panel) {
  const form = panel.querySelector('#vectors-form');
  const results = panel.querySelector('#vectors-results');
  submitOnCtrlEnter(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(panel, form, async () => {
      const texts = [form.a.value, form.b.value].filter((t, i) => i === 0 || t.trim() !== '');
      const model = form.model.value.trim() || 'splade';
      const answer = await api('POST', '/splade/encode', { texts, model, side: form.side.value });
      const top = Math.max(1, Number(form.top.value) || 40);
      const columns = answer.vectors.map((vector, i) => renderVector(vector, i === 0 ? 'A' : 'B', top));
      replace(results,
        h('p', { class: 'summary' }, `${answer.model}, ${answer.side} side`),
        h('div', { class: columns.length > 1 ? 'side-by-side' : '' }, columns),
        answer.vectors.length > 1 ? renderOverlap(answer.vectors[0], answer.vectors[1]) : null);
    });
  });
  return () => {};
}

function renderVector(vector, label, top) {
  const terms = vector.terms;
  const expansions = terms.filter((t) => t.expansion).length;
  const max = terms.length ? terms[0].weight : 1;
  const list = h('ol', { class: 'tokens' });
  const show = (count) => replace(list, terms.slice(0, count).map((t) => h('li', {
    class: t.expansion ? 'token-chip expansion' : 'token-chip',
    dataset: { token: t.token ?? String(t.index), expansion: String(t.expansion) },
    title: t.expansion ? 'expansion: the text does not contain this term' : 'from the text',
  },
  h('span', { class: 'bar', style: `width:${(100 * t.weight) / max}%` }),
  h('span', { class: 'token' }, t.expansion ? `+ ${t.token ?? `#${t.index}`}` : t.token ?? `#${t.index}`),
  h('span', { class: 'weight' }, number(t.weight, 2)))));
  show(top);
  const more = terms.length > top
    ? h('button', { type: 'button', onclick: (event) => { show(terms.length); event.target.remove(); } }, `Show all ${terms.length} terms`)
    : null;
  return h('section', { class: 'vector card', dataset: { label } },
    h('h3', {}, `Text ${label}`),
    h('p', { class: 'quote' }, vector.text),
    h('p', { class: 'hint' }, `${terms.length} non-zero terms, ${expansions} of them expansion terms (marked +, dashed).`),
    list, more);
}

function renderOverlap(a, b) {
  const weightsB = new Map(b.indices.map((index, i) => [index, b.values[i]]));
  const tokens = new Map([...a.terms, ...b.terms].map((t) => [t.index, t]));
  const shared = [];
  let dot = 0;
  let normA = 0;
  let normB = 0;
  a.values.forEach((v) => { normA += v * v; });
  b.values.forEach((v) => { normB += v * v; });
  a.indices.forEach((index, i) => {
    const other = weightsB.get(index);
    if (other === undefined) return;
    const product = a.values[i] * other;
    dot += product;
    shared.push({ index, a: a.values[i], b: other, product });
  });
  shared.sort((x, y) => y.product - x.product);
  const cosine = normA && normB ? dot / Math.sqrt(normA * normB) : 0;
  const max = shared.length ? shared[0].product : 1;
  return h('section', { class: 'overlap card' },
    h('h3', {}, 'Overlap'),
    h('p', { class: 'summary', dataset: { shared: String(shared.length) } },
      `${shared.length} shared terms · only in A ${a.indices.length - shared.length} · only in B ${b.indices.length - shared.length}`
      + ` · dot ${number(dot)} · cosine ${number(cosine)}`),
    shared.length === 0 ? h('p', { class: 'empty' }, 'The two vectors share no term.') : h('div', { class: 'scroll' }, h('table', { class: 'terms' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Term'), h('th', { scope: 'col', class: 'num' }, 'Weight in A'),
        h('th', { scope: 'col', class: 'num' }, 'Weight in B'), h('th', { scope: 'col', class: 'num' }, 'Product'),
        h('th', { scope: 'col', class: 'bar-col' }, h('span', { class: 'sr' }, 'Share')))),
      h('tbody', {}, shared.map((s) => {
        const term = tokens.get(s.index);
        return h('tr', { class: 'shared', dataset: { token: term?.token ?? String(s.index) } },
          h('th', { scope: 'row' }, term?.token ?? `#${s.index}`),
          h('td', { class: 'num' }, number(s.a)), h('td', { class: 'num' }, number(s.b)), h('td', { class: 'num' }, number(s.product)),
          h('td', { class: 'bar-col' }, h('span', { class: 'bar', style: `width:${(100 * s.product) / max}%` })));
      })))));
}
