// Idle customers of a Parley node, in a process of their own: opens chat sessions (socket open,
// `start` answered) up to each step of a ramp and leaves them open and silent, while one active
// customer sends a message every ACTIVE_EVERY_MS and times its ack and its answer. At each step it
// waits SETTLE_SECONDS, then prints one JSON line: sessions open, how fast the step opened them,
// the node's RSS (from /proc/<nodePid>), and the active customer's latencies during the step.
//   node idle.js <port> <nodePid> <step,step,...> [sourceAddresses] [concurrency]
// Sockets come from 127.0.0.1 .. 127.0.0.<sourceAddresses>, each address good for ~28k ports.
// HISTOGRAMS=<dir> also writes `jcmd <nodePid> GC.class_histogram` at 0 and at each step.
'use strict';
const WebSocket = require('ws');
const fs = require('fs');
const { execFileSync } = require('child_process');

const port = process.argv[2];
const nodePid = process.argv[3];
const steps = process.argv[4].split(',').map(Number);
const sources = Number(process.argv[5] || 4);
const concurrency = Number(process.argv[6] || 256);
const settleSeconds = Number(process.env.SETTLE_SECONDS || 10);
const activeEveryMs = Number(process.env.ACTIVE_EVERY_MS || 500);
const histograms = process.env.HISTOGRAMS;
const now = () => performance.now();
const url = `ws://127.0.0.1:${port}/v1/chat/ws`;

const idle = [];
let failures = 0;
let lastFailure = '';

function rssMiB() {
  const status = fs.readFileSync(`/proc/${nodePid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}

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
    if (f.type === 'ack' && f.clientMsgId === pending.id) { acks.push(now() - pending.at); pending.turnId = f.turnId; }
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

function quantile(values, q) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1));
}

(async () => {
  const active = activeCustomer();
  await new Promise(r => setTimeout(r, settleSeconds * 1000));
  histogram('0');
  console.log(JSON.stringify({ sessions: 0, rssMiB: rssMiB(), load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0] }));
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
      rssMiB: rssMiB(), load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0],
      activeMessages: acks.length, ackP50: quantile(acks, 0.5), ackP99: quantile(acks, 0.99), ackMax: quantile(acks, 1),
      answerP50: quantile(answers, 0.5), answerP99: quantile(answers, 0.99), failures, lastFailure,
    }));
  }
  // HOLD_SECONDS keeps the sessions open after the last step, for measurements from outside.
  await new Promise(r => setTimeout(r, Number(process.env.HOLD_SECONDS || 0) * 1000));
  activeStopped = true;
  await active;
  idle.forEach(ws => ws.removeAllListeners('close'));
  idle.forEach(ws => ws.terminate());
  process.exit(0);
})().catch(e => { console.error(e.stack || e.message); process.exit(1); });
