// Collections: each collection's status, counts, configuration and background work; browse a collection's points page by page.
// On a cluster, its members and each collection's shards and replicas (cluster.js).
import { api, collectionPath } from './api.js';
import { clusterChanging, isCluster, membersCard, shardsCell } from './cluster.js';
import { busy, h, json, number, replace, showMessage } from './dom.js';
import { searchCollection, vectorNames } from './search.js';

const pageSize = 20;

export function initCollections(panel, showPanel) {
  const list = panel.querySelector('#collections-list');
  const members = panel.querySelector('#cluster-view');
  const detail = panel.querySelector('#collection-detail');
  let timer = null;
  let generation = 0;

  // While the panel is shown the list refreshes itself: every 2 s while a collection has background work (yellow), so that its
  // progress moves, and every 15 s otherwise, so that counts stay current and work that starts later is seen. On a cluster a red
  // collection (a shard with no replica that answers) and members joining or leaving are watched every 2 s too.
  async function refresh() {
    clearTimeout(timer);
    const mine = ++generation;
    try {
      const [listed, cluster] = await Promise.all([api('GET', '/collections'), api('GET', '/cluster')]);
      const names = listed.collections.map((c) => c.name).sort();
      const infos = await Promise.all(names.map(async (name) => {
        try {
          return { name, info: await api('GET', collectionPath(name)) };
        } catch (error) {
          return { name, error };
        }
      }));
      if (mine !== generation) return;
      // A refresh keeps the reader's place: the focused button and how far the table is scrolled sideways.
      const focused = list.contains(document.activeElement) ? document.activeElement : null;
      const focusRow = focused?.closest('tr')?.dataset.name;
      const focusText = focused?.textContent;
      const scrolled = list.querySelector('.scroll')?.scrollLeft ?? 0;
      const sharded = isCluster(cluster);
      const columns = ['Name', 'Status', 'Points', 'Vectors', ...(sharded ? ['Shards and replicas'] : []), 'Background work', ''];
      replace(members, membersCard(cluster));
      replace(list, infos.length === 0
        ? h('p', { class: 'empty' }, 'No collection yet. Create one with PUT /collections/{name} (docs/SERVER.md).')
        : h('div', { class: 'scroll' }, h('table', { class: `collections${sharded ? ' sharded' : ''}` },
          h('thead', {}, h('tr', {}, columns.map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, infos.map((c) => row(c, sharded ? cluster : null))))));
      const scroller = list.querySelector('.scroll');
      if (scroller) scroller.scrollLeft = scrolled;
      if (focusRow !== undefined) {
        const buttons = list.querySelectorAll(`tr[data-name="${CSS.escape(focusRow)}"] button`);
        [...buttons].find((b) => b.textContent === focusText)?.focus();
      }
      const changing = infos.some((c) => c.info?.status === 'yellow' || (c.info?.splade?.shards && c.info.status === 'red'));
      schedule(changing || clusterChanging(cluster) ? 2000 : 15000);
    } catch (error) {
      if (mine === generation) schedule(15000);
      throw error;
    }
  }

  function schedule(delay) {
    clearTimeout(timer);
    if (panel.hidden) return;
    timer = setTimeout(() => {
      if (!panel.hidden) refresh().catch((error) => showMessage(panel, error));
    }, delay);
  }

  function row({ name, info, error }, cluster) {
    if (error) {
      return h('tr', { dataset: { name } }, h('th', { scope: 'row' }, name), h('td', { colspan: cluster ? 6 : 5, class: 'error' }, error.message));
    }
    const { sparse, dense } = vectorNames(info);
    const params = info.config.params.vectors ?? {};
    const denseText = dense.map((v) => {
      const p = v.name === '' ? params : params[v.name];
      return `${v.name || '(unnamed)'}: dense ${p.size}, ${p.distance}`;
    });
    const sparseText = sparse.map((v) => `${v.name}: sparse${v.idf ? ', idf' : ''}`);
    const tasks = Object.entries(info.splade?.background_tasks ?? {});
    return h('tr', { dataset: { name, status: info.status } },
      h('th', { scope: 'row' }, name),
      h('td', { 'data-label': 'Status' }, h('span', { class: `status ${info.status}` }, info.status),
        info.splade?.error ? h('div', { class: 'error' }, info.splade.error) : null,
        (info.warnings ?? []).map((w) => h('div', { class: 'warning' }, w.message))),
      h('td', { class: 'num', 'data-label': 'Points' }, number(info.points_count)),
      h('td', { 'data-label': 'Vectors' }, h('ul', { class: 'plain' }, [...denseText, ...sparseText].map((t) => h('li', {}, t)))),
      cluster ? h('td', { class: 'shards-cell', 'data-label': 'Shards' }, shardsCell(info, cluster) ?? 'not sharded') : null,
      h('td', { 'data-label': 'Background work' }, tasks.length === 0 ? 'none' : tasks.map(([task, p]) => h('div', { class: 'task', dataset: { task } },
        h('label', {}, `${task}: ${number(p.done)} / ${number(p.total)}`, h('progress', { max: p.total, value: p.done })),
        p.error ? h('div', { class: 'error' }, p.error) : null))),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', onclick: () => busy(panel, null, () => browse(name, info, null)) }, 'Browse'),
        h('button', { type: 'button', onclick: () => { searchCollection(name); showPanel('search', true); } }, 'Search')));
  }

  async function browse(name, info, offset) {
    const page = await api('POST', `${collectionPath(name)}/points/scroll`,
      { limit: pageSize, with_payload: true, with_vector: false, ...(offset === null ? {} : { offset }) });
    const next = page.next_page_offset;
    replace(detail, h('section', { class: 'card browse', dataset: { name } },
      h('h2', {}, `${name}: points`),
      h('details', {}, h('summary', {}, 'Configuration'), h('pre', {}, json(info.config)),
        Object.keys(info.payload_schema ?? {}).length ? h('pre', {}, json(info.payload_schema)) : null),
      page.points.length === 0 ? h('p', { class: 'empty' }, 'No points.') : h('div', { class: 'scroll' }, h('table', { class: 'points' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Id'), h('th', { scope: 'col' }, 'Payload'))),
        h('tbody', {}, page.points.map((p) => h('tr', { dataset: { id: String(p.id) } },
          h('th', { scope: 'row' }, String(p.id)), h('td', {}, h('pre', {}, json(p.payload)))))))),
      h('div', { class: 'actions' },
        offset === null ? null : h('button', { type: 'button', onclick: () => busy(panel, null, () => browse(name, info, null)) }, 'First page'),
        next === null || next === undefined
          ? h('span', { class: 'hint' }, 'Last page.')
          : h('button', { type: 'button', 'data-next': true, onclick: () => busy(panel, null, () => browse(name, info, next)) }, 'Next page'))));
    detail.querySelector('h2').tabIndex = -1;
    detail.querySelector('h2').focus();
  }

  panel.querySelector('[data-refresh]').addEventListener('click', () => busy(panel, null, refresh));
  return () => busy(panel, null, refresh);
}
