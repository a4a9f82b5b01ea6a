// What the benchmarks' customers do over a chat WebSocket, shared by restart.js and failover.js.
'use strict';
const WebSocket = require('ws');

const now = () => performance.now();
let socketsOpened = 0;

/**
 * One socket to the node on `port` that sends `frame` once open; `onFrame` returns a result to end
 * it, undefined to go on. Sockets come from 127.0.0.1..4 in turn (each address good for ~28k ports).
 */
function talk(port, frame, onFrame, timeoutMs) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/chat/ws`,
      { perMessageDeflate: false, localAddress: `127.0.0.${1 + (socketsOpened++ % 4)}` });
    const timer = setTimeout(() => { ws.terminate(); reject(new Error(`nothing within ${timeoutMs} ms`)); }, timeoutMs);
    ws.on('open', () => ws.send(JSON.stringify(frame)));
    ws.on('error', e => { clearTimeout(timer); reject(e); });
    ws.on('message', data => {
      const result = onFrame(JSON.parse(data), ws);
      if (result !== undefined) { clearTimeout(timer); ws.close(); resolve(result); }
    });
  });
}

/** Starts a new session on `port`; resolves to its id. */
function startSession(port) {
  return talk(port, { type: 'start' }, f => f.type === 'session' ? f.sessionId
    : f.type === 'error' ? Promise.reject(new Error(f.message)) : undefined, 60000);
}

/**
 * Opens `count` sessions, `concurrency` at a time, through `ports` in turn, each socket closed once
 * `session` came back (the customer left the page; the session stays open until its idle close).
 */
async function openSessions(ports, count, concurrency) {
  const ids = [];
  let next = 0;
  let failures = 0;
  let lastFailure = '';
  const started = now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const port = ports[next++ % ports.length];
      try {
        ids.push(await startSession(port));
      } catch (e) {
        failures++;
        lastFailure = e.message;
      }
    }
  }));
  const seconds = (now() - started) / 1000;
  return { ids, summary: { opened: ids.length, failures, lastFailure, seconds: Number(seconds.toFixed(1)),
    startsPerSecond: Math.round(ids.length / seconds) } };
}

/**
 * A customer back on session `id` through `port`: resumes it, says one thing, and times the ack
 * and the answer to it from the call. The answer can come before the ack (`lateAck`), which the
 * protocol forbids; counted, not hidden. An error frame ends it as `{ failure, retryAfterMs }`.
 */
async function comeBack(port, id, clientMsgId) {
  const at = now();
  let ack = null;
  let turnId;
  let sent = false;
  const answered = new Map();
  return talk(port, { type: 'start', sessionId: id }, (f, ws) => {
    if (f.type === 'session') {
      ws.send(JSON.stringify({ type: 'user', clientMsgId, text: 'Hello again, are you there?' }));
      sent = true;
    } else if (f.type === 'ack' && f.clientMsgId === clientMsgId) {
      ack = now() - at;
      turnId = f.turnId;
      if (answered.has(turnId)) return { ack, answer: answered.get(turnId), lateAck: true };
    } else if (f.type === 'message' && f.role === 'assistant' && sent) {
      if (turnId !== undefined && f.turnId === turnId) return { ack, answer: now() - at, lateAck: false };
      answered.set(f.turnId, now() - at);
    } else if (f.type === 'error') {
      return { failure: `${f.code}: ${f.message}`, retryAfterMs: f.retryAfterMs };
    }
    return undefined;
  }, 60000).catch(e => ({ failure: e.message }));
}

module.exports = { now, openSessions, comeBack };
