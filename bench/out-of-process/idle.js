// Idle customers of a Parley node, in a process of their own: opens chat sessions (socket open,
// `start` answered) up to each step of a ramp and leaves them open and silent, while one active
// customer sends a message every ACTIVE_EVERY_MS and times its ack and its answer. At each step it
// waits SETTLE_SECONDS, then prints one JSON line: sessions open, how fast the step opened them,
// the node's RSS (from /proc/<nodePid>), and the active customer's latencies during the step.
//   node idle.js <port> <nodePid> <step,step,...> [sourceAddresses] [concurrency]
// Sockets come from 127.0.0.1 .. 127.0.0.<sourceAddresses>, each address good for ~28k ports.
// HISTOGRAMS=<dir> also writes `jcmd <nodePid> GC.class_histogram` at 0 and at each step.
// WAKE_SESSIONS=<n> (0: off) wakes idle sessions after the last step: it waits WAKE_AFTER_SECONDS
// (0) more, so that a node with PARLEY_SESSION_PASSIVATE_AFTER shorter than that has put them to
// sleep, records the node's RSS, then, one at a time, sends one message on n idle sockets spread
// evenly over the ramp and times its ack and its answer (30 s at most each; a timeout, an error
// frame or a closed socket counts as a failure). Prints one more JSON line, {"wake": n, ...}.
// HOLD_SECONDS (0) keeps the sessions open after that, for measurements from outside.
// HISTORY=<n> (0) makes each idle customer talk first: n messages, each after the last one's
// answer, before it falls silent; the session then holds a conversation, as most idle ones do.
'use strict';
const WebSocket = require('ws');
const fs = require('fs');
const { execFileSync } = require('child_process');
const { quantile, rssMiB, sessionGauges } = require('./readings');

const port = process.argv[2];
const nodePid = process.argv[3];
const steps = process.argv[4].split(',').map(Number);
const sources = Number(process.argv[5] || 4);
const concurrency = Number(process.argv[6] || 256);
const settleSeconds = Number(process.env.SETTLE_SECONDS || 10);
const activeEveryMs = Number(process.env.ACTIVE_EVERY_MS || 500);
const histograms = process.env.HISTOGRAMS;
const wakeSessions = Number(process.env.WAKE_SESSIONS || 0);
const wakeAfterSeconds = Number(process.env.WAKE_AFTER_SECONDS || 0);
const history = Number(process.env.HISTORY || 0);
const HISTORY_TEXTS = [
  'Hi, my order 1042 was supposed to arrive on Monday and the tracking page has not changed since Friday.',
  'I ordered the blue one in size M, and I would like to know whether I can still change the address.',
  'Thanks. If it does not come by Thursday, can I get a refund, or do I have to return something first?',
  'One more thing: the invoice shows the wrong company name. Could you send a corrected one by email?',
];
const now = () => performance.now();
const url = `ws://127.0.0.1:${port}/v1/chat/ws`;

const idle = [];
let failures = 0;
let lastFailure = '';

function histogram(name) {
  if (!histograms) return;
  fs.writeFileSync(`${histograms}/${name}.txt`, execFileSync('jcmd', [nodePid, 'GC.class_histogram'],
    { maxBuffer: 64 * 1024 * 1024 }));
}

/** Opens one session and resolves with its socket once `session` came back; rejects otherwise. */
function openSession(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress: `127.0.0.${1 + (i % sources)}` });
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('no session within 60 s')); }, 60000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'start' })));
    ws.on('error', e => { clearTimeout(timer); reject(e); });
    ws.once('message', data => {
      clearTimeout(timer);
      const f = JSON.parse(data);
      if (f.type === 'session') resolve(ws); else { ws.terminate(); reject(new Error(String(data))); }
    });
  });
}

/** Opens sessions until `target` are open, at most `concurrency` at a time. */
async function rampTo(target) {
  let next = idle.length;
  const worker = async () => {
    while (next < target) {
      const i = next++;
      try {
        const ws = await openSession(i);
        for (let h = 0; h < history; h++) {
          const told = await probe(ws, `history-${i}-${h}`, HISTORY_TEXTS[h % HISTORY_TEXTS.length]);
          if (told.failure) { ws.terminate(); throw new Error(told.failure); }
        }
        ws.on('close', () => { failures++; lastFailure = `idle socket ${i} closed by the node`; });
        idle.push(ws);
      } catch (e) {
        failures++;
        lastFailure = e.message;
        next--;
        if (failures > 1000) throw new Error(`too many failures, last: ${lastFailure}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// The active customer: one message at a time, every activeEveryMs; latencies go to the current step.
let acks = [];
let answers = [];
let activeStopped = false;
async function activeCustomer() {
  const ws = await openSession(0);
  let n = 0;
  let pending = null;
  ws.on('message', data => {
    const f = JSON.parse(data);
    if (!pending) return;
    if (f.type === 'ack' && f.clientMsgId === pending.id) { acks.push(now() - pending.at); pending.turnId = f.turnId; pending.acked = true; }
    // A server whose ack names no turn (the peer) names it in the turn's first frame, `typing`.
    else if (pending.acked && pending.turnId === undefined && f.turnId !== undefined) pending.turnId = f.turnId;
    if (f.type === 'message' && f.role === 'assistant' && f.turnId === pending.turnId) {
      answers.push(now() - pending.at);
      pending.done();
    }
  });
  while (!activeStopped) {
    const started = now();
    await new Promise(done => {
      pending = { id: `active-${++n}`, at: now(), done };
      ws.send(JSON.stringify({ type: 'user', clientMsgId: pending.id, text: `Where is my order? (${n})` }));
      setTimeout(done, 30000);
    });
    pending = null;
    await new Promise(r => setTimeout(r, Math.max(0, activeEveryMs - (now() - started))));
  }
  ws.close();
}

/**
 * One message on an idle session's socket: resolves with its ack and answer times (ms, null when
 * missing) and the failure, if any; never rejects. Its message listener leaves with it.
 */
function probe(ws, id, text = 'Are you still there? Where is my order?') {
  return new Promise(resolve => {
    const at = now();
    let ack = null;
    let turnId;
    let timer;
    const finish = (answer, failure) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve({ ack, answer, failure });
    };
    const onMessage = data => {
      let f;
      try { f = JSON.parse(data); } catch (e) { return; }
      if (f.type === 'ack' && f.clientMsgId === id) { ack = now() - at; turnId = f.turnId ?? null; }
      else if (turnId === null && f.turnId !== undefined) turnId = f.turnId;
      else if (f.type === 'message' && f.role === 'assistant' && turnId !== undefined && f.turnId === turnId) finish(now() - at, null);
      else if (f.type === 'error') finish(null, `${id}: error frame ${String(data)}`);
    };
    if (ws.readyState !== WebSocket.OPEN) { resolve({ ack, answer: null, failure: `${id}: socket not open` }); return; }
    ws.on('message', onMessage);
    timer = setTimeout(() => finish(null, `${id}: ${ack === null ? 'no ack' : 'no answer'} within 30 s`), 30000);
    ws.send(JSON.stringify({ type: 'user', clientMsgId: id, text }),
      e => { if (e) finish(null, `${id}: send failed: ${e.message}`); });
  });
}

/** Wakes `count` idle sessions, spread evenly over `idle`, one after another; prints the wake line. */
async function wake(count) {
  await new Promise(r => setTimeout(r, wakeAfterSeconds * 1000));
  const rssBefore = rssMiB(nodePid);
  const before = await sessionGauges(port);
  const n = Math.min(count, idle.length);
  const wakeAcks = [];
  const wakeAnswers = [];
  let wakeFailures = 0;
  let lastWakeFailure = '';
  for (let k = 0; k < n; k++) {
    const i = Math.floor(k * idle.length / n);
    const r = await probe(idle[i], `wake-${i}`);
    if (r.ack !== null) wakeAcks.push(r.ack);
    if (r.answer !== null) wakeAnswers.push(r.answer);
    if (r.failure) { wakeFailures++; lastWakeFailure = r.failure; }
  }
  console.log(JSON.stringify({
    wake: n, afterSeconds: wakeAfterSeconds, asleepBefore: before.asleep, rssMiBBefore: rssBefore, rssMiBAfter: rssMiB(nodePid),
    ackP50: quantile(wakeAcks, 0.5), ackP99: quantile(wakeAcks, 0.99), ackMax: quantile(wakeAcks, 1),
    answerP50: quantile(wakeAnswers, 0.5), answerP99: quantile(wakeAnswers, 0.99), answerMax: quantile(wakeAnswers, 1),
    failures: wakeFailures, lastFailure: lastWakeFailure, load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0],
  }));
}

(async () => {
  const active = activeCustomer();
  await new Promise(r => setTimeout(r, settleSeconds * 1000));
  histogram('0');
  console.log(JSON.stringify({ sessions: 0, rssMiB: rssMiB(nodePid), load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0] }));
  for (const step of steps) {
    acks = []; answers = [];
    const before = idle.length;
    const started = now();
    await rampTo(step);
    const seconds = (now() - started) / 1000;
    await new Promise(r => setTimeout(r, settleSeconds * 1000));
    histogram(String(step));
    console.log(JSON.stringify({
      sessions: idle.length, startsPerSecond: Math.round((idle.length - before) / seconds), rampSeconds: Number(seconds.toFixed(1)),
      rssMiB: rssMiB(nodePid), load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0], ...(await sessionGauges(port)),
      activeMessages: acks.length, ackP50: quantile(acks, 0.5), ackP99: quantile(acks, 0.99), ackMax: quantile(acks, 1),
      answerP50: quantile(answers, 0.5), answerP99: quantile(answers, 0.99), failures, lastFailure,
    }));
  }
  if (wakeSessions > 0) await wake(wakeSessions);
  // HOLD_SECONDS keeps the sessions open after the last step, for measurements from outside.
  await new Promise(r => setTimeout(r, Number(process.env.HOLD_SECONDS || 0) * 1000));
  activeStopped = true;
  await active;
  idle.forEach(ws => ws.removeAllListeners('close'));
  idle.forEach(ws => ws.terminate());
  process.exit(0);
})().catch(e => { console.error(e.stack || e.message); process.exit(1); });
