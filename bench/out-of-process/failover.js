// Customers of a cluster that loses a node, in a process of their own (failover.sh runs it).
//   node failover.js open <port,port,...> <sessions> <idsFile> [concurrency]
// opens chat sessions through the given nodes in turn and leaves them (sockets closed, sessions
// open); writes their ids to idsFile and prints one JSON line.
//   node failover.js probe <port,port,...> <idsFile> <victimShardsFile> <shardCount> <killedAtEpochMs> [probes]
// right after a node was killed: every customer at once, as after a real crash, comes back to a
// session through a surviving node (in turn), resumes it and sends one message; an `unavailable`
// answer is asked again after its retryAfterMs, as the web client does, until 60 s after the kill.
// The sessions are those of the killed node's shards (victimShardsFile: the shard ids its region
// held, one a line) and as many of the others, `probes` of each at most (500). Prints one JSON line
// per group: how long after the kill each customer's message was acked.
'use strict';
const fs = require('fs');
const { openSessions, comeBack } = require('./customers');
const { quantile } = require('./readings');

const [mode, portList] = process.argv.slice(2, 4);
const ports = portList.split(',').map(Number);

/** Pekko's HashCodeMessageExtractor: the shard of an entity id is |String.hashCode % shards|. */
function shardOf(entityId, shards) {
  let hash = 0;
  for (let i = 0; i < entityId.length; i++) hash = (Math.imul(hash, 31) + entityId.charCodeAt(i)) | 0;
  return String(Math.abs(hash % shards));
}

async function open(sessions, idsFile, concurrency) {
  const { ids, summary } = await openSessions(ports, sessions, concurrency);
  fs.writeFileSync(idsFile, ids.join('\n'));
  console.log(JSON.stringify(summary));
}

/** Until acked or 60 s after the kill; the time from the kill to the ack, or null. */
async function untilAcked(port, id, n, killedAt) {
  let lastFailure = '';
  for (let attempt = 0; Date.now() - killedAt < 60000; attempt++) {
    const calledAt = Date.now();
    const r = await comeBack(port, id, `after-kill-${n}-${attempt}`);
    if (r.ack !== null && r.ack !== undefined) return { afterKillMs: calledAt + r.ack - killedAt, attempts: attempt + 1 };
    lastFailure = r.failure || 'no ack';
    await new Promise(resolve => setTimeout(resolve, r.retryAfterMs || 500));
  }
  return { afterKillMs: null, lastFailure };
}

async function probe(idsFile, victimShardsFile, shardCount, killedAt, probes) {
  const ids = fs.readFileSync(idsFile, 'utf8').trim().split('\n');
  const victimShards = new Set(fs.readFileSync(victimShardsFile, 'utf8').split('\n').filter(Boolean));
  // Sessions the web page started live in the default tenant of a node without identities.
  const onVictim = id => victimShards.has(shardOf(`demo/${id}`, shardCount));
  const sessions = { killedNode: ids.filter(onVictim), survivors: ids.filter(id => !onVictim(id)) };
  let n = 0;
  const results = await Promise.all(Object.values(sessions).map(group => Promise.all(group.slice(0, probes)
    .map(id => { const k = n++; return untilAcked(ports[k % ports.length], id, k, killedAt); }))));
  Object.keys(sessions).forEach((group, g) => {
    const rs = results[g];
    const ms = rs.filter(r => r.afterKillMs !== null).map(r => r.afterKillMs);
    const failed = rs.filter(r => r.afterKillMs === null);
    console.log(JSON.stringify({ group, sessionsInGroup: sessions[group].length,
      customers: rs.length, p50: quantile(ms, 0.5), p90: quantile(ms, 0.9), p99: quantile(ms, 0.99), max: quantile(ms, 1),
      askedAgain: rs.filter(r => r.attempts > 1).length, notAckedIn60s: failed.length, lastFailure: failed.length ? failed[0].lastFailure : '' }));
  });
}

(async () => {
  const args = process.argv.slice(4);
  if (mode === 'open') await open(Number(args[0]), args[1], Number(args[2] || 48));
  else if (mode === 'probe') await probe(args[0], args[1], Number(args[2]), Number(args[3]), Number(args[4] || 500));
  else throw new Error(`unknown mode ${mode}: open or probe`);
  process.exit(0);
})().catch(e => { console.error(e.stack || e.message); process.exit(1); });
