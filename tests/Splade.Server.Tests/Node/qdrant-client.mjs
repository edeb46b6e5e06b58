// Drives a running `splade serve` with Qdrant's own JavaScript REST client, as an application would, and checks every answer
// against a brute-force oracle computed here. Usage: node qdrant-client.mjs http://127.0.0.1:PORT
// Prints one line per step; exits 1 with the failing step's message on the first mismatch.
// Environment (all optional): SPLADE_API_KEY, the server's key; SPLADE_SHARD_NUMBER and SPLADE_REPLICATION_FACTOR, a node of
// `splade serve --cluster`: the collection is created with them and the steps a cluster refuses must be refused (below);
// SPLADE_CLIENT_SKIP, a JSON list of step titles not to run (to run a single server as far as a cluster goes);
// SPLADE_CLIENT_TRANSCRIPT, a file that receives every answer the steps read, by step, to compare two servers' answers.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { QdrantClient } from "@qdrant/js-client-rest";

const url = process.argv[2];
if (!url) {
  console.error("usage: node qdrant-client.mjs SERVER_URL");
  process.exit(2);
}

// The client warns (on the console) when the server's version is not compatible with its own: that is a failure here. Its warning
// about an API key sent over plain HTTP is expected on loopback.
const warnings = [];
console.warn = (...parts) => {
  const text = parts.join(" ");
  if (!/unsecure connection/.test(text)) warnings.push(text);
};
const apiKey = process.env.SPLADE_API_KEY;
const client = new QdrantClient({ url, apiKey, checkCompatibility: true });
const name = "js_client";
const steps = [];
const step = (title, run) => steps.push({ title, run });
const shardNumber = process.env.SPLADE_SHARD_NUMBER ? Number(process.env.SPLADE_SHARD_NUMBER) : undefined;
const replicationFactor = process.env.SPLADE_REPLICATION_FACTOR ? Number(process.env.SPLADE_REPLICATION_FACTOR) : undefined;
const cluster = shardNumber !== undefined || replicationFactor !== undefined;
const skipped = new Set(JSON.parse(process.env.SPLADE_CLIENT_SKIP || "[]"));

// The steps a cluster does not serve, with the operation its refusal names: on a cluster each must be answered 400 with that
// name, and one that a cluster answers fails the run, so that the list only shrinks. Empty: a cluster serves every step.
const refusedOnCluster = new Map();

// What the steps read, by step: the answers two servers are compared on.
const transcript = {};
let current = "";
const record = (what, value) => {
  (transcript[current] ??= {})[what] = value;
  return value;
};
// Hits as recorded: id, score and payload, points of equal score by id (a single server orders them by insertion, a cluster by id).
const hitsOf = (hits) => hits.map((h) => ({ id: h.id, score: h.score, ...(h.payload ? { payload: h.payload } : {}) }))
  .sort((x, y) => y.score - x.score || byId(x.id, y.id));

// Deterministic points: a sparse vector over 40 terms, a 4-dimensional dense vector, a payload with a group, a number and tags.
let seed = 12345;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const points = [];
for (let i = 1; i <= 60; i++) {
  const indices = [...new Set(Array.from({ length: 6 }, () => Math.floor(random() * 40)))];
  const values = indices.map(() => Math.round((0.05 + random()) * 1000) / 1000);
  const dense = Array.from({ length: 4 }, () => Math.round((random() - 0.3) * 1000) / 1000);
  points.push({
    id: i,
    vector: { splade: { indices, values }, dense },
    payload: { group: ["a", "b", "c"][i % 3], n: i, tags: i % 2 === 0 ? ["even"] : ["odd", "x"] },
  });
}
const uuid = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26";
const batch = { ids: [uuid, 100], vectors: { splade: [{ indices: [1, 2], values: [2, 1] }, { indices: [3], values: [0.5] }] },
  payloads: [{ group: "uuid", n: 1000 }, { group: "batch", n: 1001 }] };
// Every point the collection holds, for the oracle.
const corpus = [...points, ...batch.ids.map((id, k) => ({ id, vector: { splade: batch.vectors.splade[k] }, payload: batch.payloads[k] }))];
const byId = (x, y) => (typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : typeof x === "number" ? -1 : 1);

const sparseDot = (a, b) => {
  let sum = 0;
  a.indices.forEach((index, k) => {
    const j = b.indices.indexOf(index);
    if (j >= 0) sum += a.values[k] * b.values[j];
  });
  return sum;
};
const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a, b) => a.reduce((s, x, k) => s + x * b[k], 0) / (norm(a) * norm(b));
const ranked = (candidates, score, limit) => candidates
  .map((p) => ({ id: p.id, score: score(p) }))
  .filter((h) => h.score > 0)
  .sort((x, y) => y.score - x.score || byId(x.id, y.id))
  .slice(0, limit);
const assertHits = (hits, expected, what) => {
  assert.equal(hits.length, expected.length, `${what}: ${hits.length} hits, expected ${expected.length}`);
  hits.forEach((hit, k) => {
    assert.ok(Math.abs(hit.score - expected[k].score) <= 1e-4 * Math.max(1, Math.abs(expected[k].score)),
      `${what}: hit ${k} scores ${hit.score}, expected ${expected[k].score}`);
    const own = corpus.find((p) => p.id === hit.id);
    assert.ok(own, `${what}: unknown id ${hit.id}`);
  });
  // Ties may come in either order; otherwise the ids must be the oracle's.
  const distinct = expected.every((e, k) => k === 0 || Math.abs(expected[k - 1].score - e.score) > 1e-4);
  if (distinct) assert.deepEqual(hits.map((h) => h.id), expected.map((e) => e.id), `${what}: ids`);
};

const query = { indices: [1, 5, 9, 17, 30], values: [0.7, 1.3, 0.4, 2.0, 0.9] };
const denseQuery = [0.3, -0.2, 0.8, 0.1];
const inGroupA = (p) => p.payload.group === "a" && p.payload.n >= 10;

step("version and compatibility", async () => {
  const info = await client.versionInfo();
  assert.match(info.version, /^1\.\d+\.\d+$/);
  assert.match(info.title, /^splade\.net/);
});

if (apiKey) {
  step("a client without the API key is refused", async () => {
    const stranger = new QdrantClient({ url, checkCompatibility: false });
    await assert.rejects(stranger.getCollections(), (e) => e.status === 401 || /401/.test(e.message));
  });
}

step("create collection with a dense and two sparse vectors", async () => {
  if ((await client.collectionExists(name)).exists) await client.deleteCollection(name);
  const created = await client.createCollection(name, {
    vectors: { dense: { size: 4, distance: "Cosine" } },
    sparse_vectors: { splade: {}, bm25: { modifier: "idf" } },
    ...(shardNumber === undefined ? {} : { shard_number: shardNumber }),
    ...(replicationFactor === undefined ? {} : { replication_factor: replicationFactor }),
  });
  assert.equal(created, true);
  assert.equal((await client.collectionExists(name)).exists, true);
  if (cluster) {
    const { config } = await client.getCollection(name);
    assert.equal(config.params.shard_number, shardNumber ?? 1);
    if (replicationFactor !== undefined) assert.equal(config.params.replication_factor, replicationFactor);
  }
  const { collections } = await client.getCollections();
  assert.ok(collections.some((c) => c.name === name), "the collection is listed");
  const info = await client.getCollection(name);
  assert.equal(info.config.params.vectors.dense.size, 4);
  assert.equal(info.config.params.vectors.dense.distance, "Cosine");
  assert.equal(info.config.params.sparse_vectors.bm25.modifier, "idf");
});

step("a second create of the same collection is refused", async () => {
  await assert.rejects(client.createCollection(name, { sparse_vectors: { splade: {} } }), (e) => e.status === 409 || /409/.test(e.message));
});

step("upsert points with payloads (list and batch form)", async () => {
  const first = await client.upsert(name, { wait: true, points: points.slice(0, 30) });
  assert.equal(first.status, "completed");
  await client.upsert(name, { wait: true, points: points.slice(30) });
  const second = await client.upsert(name, { wait: true, batch });
  assert.equal(second.status, "completed");
  const info = await client.getCollection(name);
  assert.equal(record("points_count", info.points_count), 62);
  assert.equal(info.status, "green");
});

step("payload index creation is accepted", async () => {
  const result = await client.createPayloadIndex(name, { field_name: "group", field_schema: "keyword", wait: true });
  assert.equal(result.status, "completed");
});

step("sparse query with a filter matches the oracle", async () => {
  const { points: hits } = await client.query(name, {
    query, using: "splade", limit: 10, with_payload: true,
    filter: { must: [{ key: "group", match: { value: "a" } }, { key: "n", range: { gte: 10 } }] },
  });
  record("hits", hitsOf(hits));
  assertHits(hits, ranked(corpus.filter(inGroupA), (p) => sparseDot(query, p.vector.splade), 10), "sparse");
  hits.forEach((h) => assert.equal(h.payload.group, "a"));
});

step("sparse query with should, must_not and match any", async () => {
  const filter = { should: [{ key: "tags", match: { any: ["odd"] } }, { has_id: [2, 4] }], must_not: [{ key: "group", match: { value: "b" } }] };
  const keep = (p) => (p.payload.tags?.includes("odd") || p.id === 2 || p.id === 4) && p.payload.group !== "b";
  const { points: hits } = await client.query(name, { query, using: "splade", limit: 15, filter });
  record("hits", hitsOf(hits));
  assertHits(hits, ranked(corpus.filter(keep), (p) => sparseDot(query, p.vector.splade), 15), "should/must_not");
});

step("dense query matches the cosine oracle", async () => {
  const { points: hits } = await client.query(name, { query: denseQuery, using: "dense", limit: 7 });
  record("hits", hitsOf(hits));
  const expected = points.map((p) => ({ id: p.id, score: cosine(denseQuery, p.vector.dense) }))
    .sort((x, y) => y.score - x.score || byId(x.id, y.id)).slice(0, 7);
  assertHits(hits, expected, "dense");
});

step("hybrid query: prefetch sparse and dense, fused by RRF", async () => {
  const { points: hits } = await client.query(name, {
    prefetch: [{ query, using: "splade", limit: 20 }, { query: denseQuery, using: "dense", limit: 20 }],
    query: { fusion: "rrf" }, limit: 10, with_payload: ["n"],
  });
  record("hits", hitsOf(hits));
  const sparse = ranked(corpus, (p) => sparseDot(query, p.vector.splade), 20);
  const dense = points.map((p) => ({ id: p.id, score: cosine(denseQuery, p.vector.dense) }))
    .sort((x, y) => y.score - x.score || byId(x.id, y.id)).slice(0, 20);
  const fused = new Map();
  for (const list of [sparse, dense]) list.forEach((h, rank) => fused.set(h.id, (fused.get(h.id) ?? 0) + 1 / (rank + 2)));
  const expected = [...fused].map(([id, score]) => ({ id, score })).sort((x, y) => y.score - x.score || byId(x.id, y.id)).slice(0, 10);
  assertHits(hits, expected, "rrf");
  hits.forEach((h) => assert.deepEqual(Object.keys(h.payload), ["n"]));
});

step("hybrid query with RRF's k and a score threshold", async () => {
  const { points: hits } = await client.query(name, {
    prefetch: [{ query, using: "splade", limit: 20 }, { query: denseQuery, using: "dense", limit: 20 }],
    query: { rrf: { k: 60 } }, limit: 5,
  });
  record("hits", hitsOf(hits));
  assert.equal(hits.length, 5);
  hits.forEach((h) => assert.ok(h.score <= 2 / 61 + 1e-6, `rrf k=60 score ${h.score}`));
  const { points: kept } = await client.query(name, { query, using: "splade", limit: 100, score_threshold: 1.5 });
  record("kept", hitsOf(kept));
  assert.equal(kept.length, corpus.filter((p) => sparseDot(query, p.vector.splade) > 1.5).length);
});

step("query batch", async () => {
  const results = await client.queryBatch(name, { searches: [{ query, using: "splade", limit: 3 }, { query: denseQuery, using: "dense", limit: 2 }] });
  record("results", results.map((r) => hitsOf(r.points)));
  assert.equal(results.length, 2);
  assert.equal(results[0].points.length, 3);
  assert.equal(results[1].points.length, 2);
});

step("retrieve by ids with vectors", async () => {
  const found = await client.retrieve(name, { ids: [1, uuid, 999], with_vector: true, with_payload: true });
  record("found", [...found].sort((x, y) => byId(x.id, y.id)));
  assert.deepEqual(found.map((p) => p.id).sort(), [1, uuid].sort());
  const one = found.find((p) => p.id === 1);
  assert.deepEqual(one.payload, points[0].payload);
  const sorted = points[0].vector.splade.indices.map((index, k) => [index, points[0].vector.splade.values[k]]).sort((x, y) => x[0] - y[0]);
  assert.deepEqual(one.vector.splade.indices, sorted.map((e) => e[0]));
  one.vector.splade.values.forEach((v, k) => assert.ok(Math.abs(v - sorted[k][1]) < 1e-6));
  const u = found.find((p) => p.id === uuid);
  assert.equal(u.payload.group, "uuid");
});

step("scroll pages through every point in id order", async () => {
  const seen = [];
  let offset;
  do {
    const page = await client.scroll(name, { limit: 25, offset, with_payload: false });
    seen.push(...page.points.map((p) => p.id));
    offset = page.next_page_offset ?? undefined;
  } while (offset !== undefined);
  record("seen", seen);
  assert.equal(seen.length, 62);
  const integers = seen.filter((id) => typeof id === "number");
  assert.deepEqual(integers, [...integers].sort((x, y) => x - y));
  assert.ok(seen.includes(uuid));
  const filtered = await client.scroll(name, { filter: { must: [{ key: "group", match: { value: "b" } }] }, limit: 100 });
  record("filtered", filtered);
  assert.equal(filtered.points.length, points.filter((p) => p.payload.group === "b").length);
});

step("count, exact and filtered", async () => {
  assert.equal(record("all", (await client.count(name, { exact: true })).count), 62);
  const filter = { must: [{ key: "n", range: { gt: 20, lte: 40 } }] };
  assert.equal(record("filtered", (await client.count(name, { filter })).count), 20);
});

// Whether point 2's payload was overwritten (not on a cluster that refuses payload updates): the delete by filter below depends on it.
let overwritten = false;
step("set, overwrite and delete payload", async () => {
  await client.setPayload(name, { payload: { flag: true }, points: [1, 2], wait: true });
  assert.equal((await client.count(name, { filter: { must: [{ key: "flag", match: { value: true } }] } })).count, 2);
  await client.deletePayload(name, { keys: ["flag"], points: [1], wait: true });
  assert.equal((await client.count(name, { filter: { must: [{ key: "flag", match: { value: true } }] } })).count, 1);
  await client.overwritePayload(name, { payload: { only: 1 }, points: [2], wait: true });
  const [two] = await client.retrieve(name, { ids: [2], with_payload: true });
  assert.deepEqual(two.payload, { only: 1 });
  overwritten = true;
});

step("delete by ids and by filter", async () => {
  const deleted = await client.delete(name, { points: [1, 3, uuid], wait: true });
  assert.equal(deleted.status, "completed");
  assert.equal((await client.count(name, {})).count, 59);
  await client.delete(name, { filter: { must: [{ key: "group", match: { value: "c" } }] }, wait: true });
  // Point 2's payload was overwritten above (where payloads can be), so the filter no longer selects it; point 100 (group "batch")
  // stays.
  const kept = (p) => p.id !== 1 && p.id !== 3 && (p.payload.group !== "c" || (p.id === 2 && overwritten));
  const left = points.filter(kept).length + 1;
  assert.equal(record("count", (await client.count(name, {})).count), left);
  const { points: hits } = await client.query(name, { query, using: "splade", limit: 100 });
  record("hits", hitsOf(hits));
  hits.forEach((h) => assert.ok(h.id === 100 || kept(points.find((p) => p.id === h.id)), `deleted point ${h.id} was found`));
});

step("errors come back as Qdrant's client expects", async () => {
  await assert.rejects(client.query("no_such_collection", { query, using: "splade" }), (e) => e.status === 404);
  await assert.rejects(client.query(name, { query: [1, 2, 3], using: "dense" }), (e) => e.status === 400 && /dimension|size/i.test(JSON.stringify(e.data)));
  await assert.rejects(client.upsert(name, { wait: true, points: [{ id: 7, vector: { splade: { indices: [1, 2], values: [1] } } }] }),
    (e) => e.status === 400 || e.status === 422);
});

step("documents encoded by the server: BM25 with the idf modifier", async () => {
  const texts = ["the quick brown fox jumps", "a lazy dog sleeps all day", "the fox and the dog are good friends in the old green forest"];
  await client.upsert(name, { wait: true, points: texts.map((text, k) => ({ id: 500 + k, payload: { text }, vector: { bm25: { text, model: "bm25" } } })) });
  const { points: hits } = await client.query(name, { query: { text: "fox", model: "bm25" }, using: "bm25", limit: 10 });
  record("hits", hitsOf(hits));
  assert.deepEqual(hits.map((h) => h.id).sort(), [500, 502]);
  // Both hold "fox" once; the text with fewer terms weighs it more (BM25's length normalisation).
  assert.equal(hits[0].id, 500);
  assert.ok(hits[0].score > hits[1].score);
});

step("delete the collection", async () => {
  assert.equal(await client.deleteCollection(name), true);
  assert.equal((await client.collectionExists(name)).exists, false);
});

const describe = (error) => `${error?.message ?? error}${error?.data ? " " + JSON.stringify(error.data) : ""}`;
let refused = 0;
for (const { title, run } of steps) {
  current = title;
  if (skipped.has(title)) {
    console.log(`skip - ${title}`);
    continue;
  }
  const operation = cluster ? refusedOnCluster.get(title) : undefined;
  if (operation !== undefined) {
    // Refused by name, never answered differently; a step that now works is a failure until it leaves the list.
    let error = null;
    try {
      await run();
    } catch (caught) {
      error = caught;
    }
    const text = error ? describe(error) : "";
    if (error?.status === 400 && text.includes(`${operation} is not available on a cluster yet`)) {
      refused++;
      console.log(`refused - ${title}: ${operation}`);
      continue;
    }
    console.log(error
      ? `not ok - ${title}: expected 400 naming "${operation}", got ${error.status ?? "no status"}: ${text}`
      : `not ok - ${title}: a cluster now serves it; remove it from refusedOnCluster in this script`);
    process.exit(1);
  }
  try {
    await run();
    console.log(`ok - ${title}`);
  } catch (error) {
    console.log(`not ok - ${title}: ${describe(error)}`);
    process.exit(1);
  }
}
assert.deepEqual(warnings, [], `the client warned: ${warnings.join("; ")}`);
if (process.env.SPLADE_CLIENT_TRANSCRIPT) writeFileSync(process.env.SPLADE_CLIENT_TRANSCRIPT, JSON.stringify(transcript, null, 1));
console.log(`ok - all ${steps.length - refused - skipped.size} steps${refused ? `, ${refused} refused by the cluster` : ""}`);
