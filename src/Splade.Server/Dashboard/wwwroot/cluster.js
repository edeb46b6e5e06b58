// The cluster view of the Collections panel: the members of a `splade serve --cluster` (GET /cluster) and, for each sharded
// collection, every shard's primary and replicas with their state (GET /collections/{name}, splade.shards). A single server has no
// members and no shards: the view is empty there.
import { h } from './dom.js';

/** A silo's Orleans address (S127.0.0.1:11111:398374982) as host:port; the full address stays in the element's title. */
export function siloName(silo) {
  const match = /^S?(.*:\d+):\d+$/.exec(silo ?? '');
  return match ? match[1] : String(silo);
}

/** Whether the answer of GET /cluster is a cluster's. */
export const isCluster = (cluster) => cluster?.status === 'enabled';

/** Whether members are coming or going (the list then refreshes itself as often as while a collection is yellow). */
export const clusterChanging = (cluster) => isCluster(cluster) && cluster.members.some((m) => m.status !== 'active' && m.status !== 'dead');

/** The members card: the cluster id, the node that answered, every member of the membership table with its state. */
export function membersCard(cluster) {
  if (!isCluster(cluster)) return null;
  // Active members first, then the others; dead ones (kept by the membership table) last.
  const order = (m) => (m.status === 'active' ? 0 : m.status === 'dead' ? 2 : 1);
  const members = [...cluster.members].sort((a, b) => order(a) - order(b));
  const counts = {};
  for (const m of members) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const summary = Object.entries(counts).map(([status, n]) => `${n} ${status.replace('_', ' ')}`).join(' · ');
  return h('section', { class: 'card cluster', id: 'cluster-members', dataset: { clusterId: cluster.cluster_id } },
    h('h2', {}, 'Cluster ', h('code', {}, cluster.cluster_id)),
    h('p', { class: 'summary' }, `${summary}; this page is served by the node of silo ${siloName(cluster.silo)}.`),
    h('ul', { class: 'members' }, members.map((m) => h('li', {
      class: `member ${m.status}`, title: m.silo, dataset: { silo: m.silo, status: m.status, self: String(m.silo === cluster.silo) },
    }, h('span', { class: 'silo' }, siloName(m.silo)), h('span', { class: 'state' }, m.status.replace('_', ' ')),
    m.silo === cluster.silo ? h('span', { class: 'mark' }, 'this node') : null))),
    h('p', { class: 'legend' }, 'Replicas below: ★ primary · ', Object.entries(stateText).map(([s, text], i) => [i ? ' · ' : null,
      h('span', { class: `replica-key ${s}` }, text)])));
}

/** A replica's state, in the words the page shows: in sync, recovering (being built), leaving (being moved), out of sync, or on a
 * silo that is not active. */
function replicaState(replica) {
  if (!replica.silo_active) return 'silo-down';
  if (replica.recovering) return 'recovering';
  if (replica.leaving) return 'leaving';
  return replica.in_sync ? 'in-sync' : 'out-of-sync';
}

const stateText = {
  'in-sync': 'in sync', recovering: 'recovering', leaving: 'leaving', 'out-of-sync': 'out of sync', 'silo-down': 'silo not active',
};

/** The cell of a collection's shards: "N shards × R replicas", then one line per shard with its term and each replica's silo and
 * state, the primary first and marked. Null for a collection without shards (a single server's). */
export function shardsCell(info, cluster) {
  const shards = info.splade?.shards;
  if (!shards) return null;
  const params = info.config.params;
  const self = isCluster(cluster) ? cluster.silo : null;
  return h('div', { class: 'shards' },
    h('div', { class: 'summary' }, `${shards.length} shard${shards.length === 1 ? '' : 's'} × ${params.replication_factor} `
      + `replica${params.replication_factor === 1 ? '' : 's'}`),
    h('ul', { class: 'shard-list' }, shards.map((shard) => {
      const replicas = [...shard.replicas].sort((a, b) => Number(b.primary) - Number(a.primary) || a.replica - b.replica);
      const healthy = replicas.filter((r) => replicaState(r) === 'in-sync').length;
      const state = healthy === 0 ? 'missing' : healthy < params.replication_factor || healthy < replicas.length ? 'degraded' : 'ok';
      return h('li', { class: `shard ${state}`, dataset: { shard: String(shard.shard), state, term: String(shard.term) } },
        h('span', { class: 'shard-name', title: `term ${shard.term}` }, `#${shard.shard}`),
        h('span', { class: 'replicas' }, replicas.map((r) => {
          const s = replicaState(r);
          return h('span', {
            class: `replica ${s}${r.primary ? ' primary' : ''}`,
            title: `replica ${r.replica} on ${r.silo}${r.primary ? ', primary' : ''}: ${stateText[s]}`,
            dataset: { replica: String(r.replica), silo: r.silo, state: s, primary: String(r.primary) },
          }, r.primary ? h('span', { class: 'crown', 'aria-hidden': 'true' }, '★') : null, siloName(r.silo),
          r.primary ? h('span', { class: 'sr' }, ' (primary)') : null,
          r.silo === self ? h('span', { class: 'sr' }, ' (this node)') : null,
          s === 'in-sync' ? null : h('span', { class: 'state' }, stateText[s]));
        })));
    })));
}
