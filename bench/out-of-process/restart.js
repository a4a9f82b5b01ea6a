// Customers of a node that restarts, in a process of their own (restart.sh runs it twice per node).
//   node restart.js open <port> <sessions> <idsFile> [concurrency]
// opens chat sessions and closes each socket once `session` came back (the customer left the page;
// the session stays open until its idle close), writes their ids to idsFile, prints one JSON line.
//   node restart.js probe <port> <idsFile> <probes> <nodePid> <watchSeconds> [untilAllBack]
// right after the node is ready again: customers come back one after another, each to a different
// session of idsFile, resume it and send one message, timing its ack and answer (60 s at most);
// meanwhile the node's session gauges, RSS and CPU time are read every 2 s for watchSeconds, or,
// with untilAllBack 1, until the first reading after the last customer that counts every session
// of idsFile (awake or asleep) and every one no customer came back to asleep, if that comes sooner:
// a session the node woke by itself after the restart (at its paced turn) is awake until it has
// replayed and slept again. Prints one JSON line per 5-s bucket of probes and one per reading.
'use strict';
const fs = require('fs');
const { now, openSessions, comeBack } = require('./customers');
const { quantile, rssMiB, sessionGauges } = require('./readings');

const [mode, port] = process.argv.slice(2, 4);

async function open(sessions, idsFile, concurrency) {
  const { ids, summary } = await openSessions([port], sessions, concurrency);
  fs.writeFileSync(idsFile, ids.join('\n'));
  console.log(JSON.stringify(summary));
}

// settled(gauges): whether the watch may end at this reading (never, unless untilAllBack).
async function watch(nodePid, seconds, started, settled) {
  const ticks = 100; // clock ticks a second in /proc/<pid>/stat (USER_HZ)
  for (let s = 0; s <= seconds; s += 2) {
    const stat = fs.readFileSync(`/proc/${nodePid}/stat`, 'utf8').split(') ')[1].split(' ');
    const gauges = await sessionGauges(port);
    console.log(JSON.stringify({ atSecond: Math.round((now() - started) / 1000), ...gauges,
      rssMiB: rssMiB(nodePid), cpuSeconds: Number(((Number(stat[11]) + Number(stat[12])) / ticks).toFixed(1)) }));
    if (settled(gauges)) return;
    await new Promise(r => setTimeout(r, Math.max(0, started + (s + 2) * 1000 - now())));
  }
}

async function probe(idsFile, probes, nodePid, watchSeconds, untilAllBack) {
  const ids = fs.readFileSync(idsFile, 'utf8').trim().split('\n');
  const started = now();
  // The sessions customers came back to; every other one the node wakes by itself, and it should sleep again.
  const asked = new Set();
  let probed = false;
  const watching = watch(nodePid, watchSeconds, started, gauges => untilAllBack && probed
    && gauges.awake + gauges.asleep === ids.length && gauges.asleep >= ids.length - asked.size);
  const buckets = new Map();
  for (let n = 0; n < Math.min(probes, ids.length); n++) {
    const bucket = Math.floor((now() - started) / 5000) * 5;
    const id = ids[Math.floor(n * ids.length / probes)];
    asked.add(id);
    const r = await comeBack(port, id, `back-${n}`);
    if (!buckets.has(bucket)) buckets.set(bucket, { acks: [], answers: [], lateAcks: 0, failures: 0, lastFailure: '' });
    const b = buckets.get(bucket);
    if (r.failure || r.ack === null) { b.failures++; b.lastFailure = r.failure || 'no ack'; }
    else { b.acks.push(r.ack); b.answers.push(r.answer); if (r.lateAck) b.lateAcks++; }
  }
  probed = true;
  for (const [from, b] of buckets) {
    console.log(JSON.stringify({ probesFromSecond: from, customers: b.acks.length + b.failures, ackP50: quantile(b.acks, 0.5),
      ackMax: quantile(b.acks, 1), answerP50: quantile(b.answers, 0.5), answerMax: quantile(b.answers, 1),
      lateAcks: b.lateAcks, failures: b.failures, lastFailure: b.lastFailure }));
  }
  await watching;
}

(async () => {
  if (mode === 'open') await open(Number(process.argv[4]), process.argv[5], Number(process.argv[6] || 48));
  else if (mode === 'probe') await probe(process.argv[4], Number(process.argv[5]), process.argv[6], Number(process.argv[7]),
    process.argv[8] === '1');
  else throw new Error(`unknown mode ${mode}: open or probe`);
  process.exit(0);
})().catch(e => { console.error(e.stack || e.message); process.exit(1); });
