// A hit's explanation: per list its rank and score, and for sparse lists the matched terms with their weights and contributions.
import { h, number } from './dom.js';

export function renderExplanation(box, point, request, listName) {
  const queries = point.explanation?.queries ?? [];
  if (queries.length === 0) {
    box.append(h('p', {}, 'The server sent no explanation for this hit.'));
    return;
  }
  if (request.prefetch) {
    box.append(h('h3', {}, 'Rank and score in each list'),
      h('div', { class: 'scroll' }, h('table', { class: 'lists' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'List'), h('th', { scope: 'col', class: 'num' }, 'Rank'),
          h('th', { scope: 'col', class: 'num' }, 'Score'))),
        h('tbody', {}, queries.map((q, i) => h('tr', { class: 'list', dataset: { rank: q.rank ?? '' } },
          h('th', { scope: 'row' }, listName(request, i)),
          h('td', { class: 'num' }, q.rank ?? 'not in the list'),
          h('td', { class: 'num' }, q.score === null ? 'no vector' : number(q.score))))))),
    h('p', { class: 'hint' }, `Fused score ${number(point.score)}.`));
  }
  queries.forEach((q, i) => box.append(renderQuery(q, request.prefetch ? listName(request, i) : listName(request, 0))));
  box.append(h('p', { class: 'legend' },
    h('span', { class: 'mark q' }, 'Q+'), ' query expansion: the model added the term, the query text does not contain it. ',
    h('span', { class: 'mark d' }, 'D+'), ' document expansion: likewise for the stored text.'));
}

function renderQuery(query, name) {
  const section = h('section', { class: 'query-explanation' });
  section.append(h('h3', {}, name));
  if (!query.sparse) {
    section.append(h('p', {}, query.score === null
      ? 'This point has no vector for this list.'
      : `Dense similarity ${number(query.score)}: dense dimensions have no readable terms.`));
    return section;
  }
  const terms = query.terms ?? [];
  if (terms.length === 0) {
    section.append(h('p', {}, query.score === null ? 'This point has no vector for this list.' : 'No query term matched this point.'));
    return section;
  }
  const max = Math.max(...terms.map((t) => Math.abs(t.contribution)), 1e-9);
  section.append(h('div', { class: 'scroll' }, h('table', { class: 'terms' },
    h('caption', {}, `${terms.length} matched term${terms.length === 1 ? '' : 's'}, score ${number(query.score)}`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Term'), h('th', { scope: 'col', class: 'num' }, 'Query weight'),
      h('th', { scope: 'col', class: 'num' }, 'Document weight'), h('th', { scope: 'col', class: 'num' }, 'Contribution'),
      h('th', { scope: 'col', class: 'bar-col' }, h('span', { class: 'sr' }, 'Share')))),
    h('tbody', {}, terms.map((t) => h('tr', {
      class: 'term',
      dataset: { token: t.token ?? String(t.index), queryExpansion: String(Boolean(t.query_expansion)),
        documentExpansion: String(Boolean(t.document_expansion)) },
    },
    h('th', { scope: 'row' }, h('span', { class: 'token' }, t.token ?? `#${t.index}`),
      t.query_expansion ? h('span', { class: 'mark q', title: 'query expansion: not in the query text' }, 'Q+') : null,
      t.document_expansion ? h('span', { class: 'mark d', title: 'document expansion: not in the stored text' }, 'D+') : null),
    h('td', { class: 'num' }, number(t.query_weight)),
    h('td', { class: 'num' }, number(t.document_weight)),
    h('td', { class: 'num' }, number(t.contribution)),
    h('td', { class: 'bar-col' }, h('span', { class: 'bar', style: `width:${(100 * Math.abs(t.contribution)) / max}%` }))))))));
  return section;
}
