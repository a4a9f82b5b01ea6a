// Customers of a Parley node, in a process of their own, over real WebSockets on loopback: each
// starts a session, then sends a message, waits for its ack and its whole answer, and sends the
// next, for a bounded time. Prints one JSON line: acks per second and the latencies a customer sees,
// the first delta's both from the fake model's writing its first word (firstDelta) and from the
// sending of the message (sentToFirstDelta).
// It needs only what chat protocol v1 promises, so it also loads another server of it (peer.sh).
//   node load.js <port> <customers> <seconds> [warmupMessagesPerCustomer] [messagesPerConversation]
// With messagesPerConversation (0, the default: one conversation each for the whole run), a customer
// who has sent that many messages ends the conversation (a `close` frame: the session closes and is
// archived) and comes back on a new socket with a new one, as support conversations are short. Only
// messages are counted and timed. THINK_MS (environment, 0) makes each customer wait that long after
// an answer before the next measured message, as a person reading it would (the warm-up does not wait).
'use strict';
const WebSocket = require('ws');
const readings = require('./readings');

const [port, customers, seconds, warmup, perConversation] = [process.argv[2], Number(process.argv[3]),
  Number(process.argv[4]), Number(process.argv[5] || 0), Number(process.argv[6] || 0)];
const thinkMs = Number(process.env.THINK_MS || 0);
const now = () => performance.timeOrigin + performance.now();
if (!Number.isInteger(perConversation) || perConversation < 0) {
  console.error(`messagesPerConversation must be a whole number, 0 or more, not ${process.argv[6]}`);
  process.exit(2);
}

const acks = [];
const firstDeltas = [];
const sentToFirstDeltas = [];
let answered = 0;
let measuring = false;
let stopAt = Infinity;

/**
 * One conversation on a socket of its own: `next()` says whether to send another message (false
 * ends it); `onAnswered` hears each answered message. Resolves once the socket is closed.
 */
function conversation(id, next, onAnswered) {
  return new Promise((resolve, reject) => {
    // An anonymous customer of the node's default tenant, the one tenant open without a credential.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/chat/ws`, { perMessageDeflate: false });
    // An answer (and its deltas) may overtake its ack, so both are kept by turn until the ack names it.
    // Protocol v1's ack names no turn (Parley's adds it): turnId is then undefined once acked, and the
    // next turn the server shows is the message's, the one message of the conversation in flight.
    const answeredTurns = new Set();
    const firstDeltaByTurn = new Map();
    let n = 0, sentAt = 0, turnId = null;
    const send = () => {
      // The customer is done: the session closes, and the node ends the socket with a `closed` frame.
      if (!next(n)) { ws.send(JSON.stringify({ type: 'close' })); return; }
      n++; turnId = null;
      sentAt = now();
      ws.send(JSON.stringify({ type: 'user', clientMsgId: `c${id}-${n}`, text: `How do I reset my password? (${n})` }));
    };
    const maybeNext = () => {
      if (turnId === null || !answeredTurns.has(turnId)) return;
      const first = firstDeltaByTurn.get(turnId);
      if (measuring && first) {
        sentToFirstDeltas.push(first.sinceSent);
        if (first.sinceModel !== null) firstDeltas.push(first.sinceModel);
      }
      onAnswered();
      if (thinkMs > 0 && measuring) setTimeout(send, thinkMs); else send();
    };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'start' })));
    ws.on('error', reject);
    ws.on('close', resolve);
    ws.on('message', data => {
      const f = JSON.parse(data);
      if (f.type === 'session') { send(); return; }
      if (f.type === 'closed') { ws.close(); return; }
      // A start the node refused for now (a node still starting on a busy machine): the customer
      // comes back on a new socket after the wait the node asks for.
      if (f.type === 'error' && f.refused === 'start' && f.retryAfterMs !== undefined) {
        setTimeout(() => ws.close(), f.retryAfterMs);
        return;
      }
      if (f.type === 'error') { reject(new Error(JSON.stringify(f))); return; }
      if (turnId === undefined && f.turnId !== undefined) turnId = f.turnId;
      if (f.type === 'ack') {
        if (measuring) acks.push(now() - sentAt);
        turnId = f.turnId;
        maybeNext();
      } else if (f.type === 'delta' && !firstDeltaByTurn.has(f.turnId)) {
        const stamp = /^t(\d+\.\d+) /.exec(f.text);
        firstDeltaByTurn.set(f.turnId, { sinceSent: now() - sentAt, sinceModel: stamp ? now() - Number(stamp[1]) : null });
      } else if (f.type === 'message' && f.role === 'assistant') {
        answeredTurns.add(f.turnId);
        maybeNext();
      }
    });
  });
}

/** A customer's conversations, one after another, for as long as `more()` says. */
async function conversations(id, more, onAnswered) {
  let started = 0;
  while (more()) {
    started++;
    await conversation(`${id}-${started}`, n => more() && (perConversation === 0 || n < perConversation), onAnswered);
  }
}

const quantile = (values, q) => readings.quantile(values, q, 2);

(async () => {
  // Warm-up: each customer's first `warmup` answers are not counted, and the run starts when all are warm.
  await Promise.all(Array.from({ length: customers }, (_, i) => {
    let warm = 0;
    return conversations(`w${i}`, () => warm < warmup, () => warm++);
  }));
  measuring = true;
  const started = now();
  stopAt = started + seconds * 1000;
  await Promise.all(Array.from({ length: customers }, (_, i) =>
    conversations(`m${i}`, () => now() < stopAt, () => answered++)));
  const elapsed = (now() - started) / 1000;
  console.log(JSON.stringify({
    customers, seconds: Number(elapsed.toFixed(1)), answersPerSecond: Number((answered / elapsed).toFixed(1)),
    acks: acks.length, ackP50: quantile(acks, 0.5), ackP90: quantile(acks, 0.9), ackP99: quantile(acks, 0.99),
    firstDeltaP50: quantile(firstDeltas, 0.5), firstDeltaP99: quantile(firstDeltas, 0.99),
    sentToFirstDeltaP50: quantile(sentToFirstDeltas, 0.5), sentToFirstDeltaP99: quantile(sentToFirstDeltas, 0.99),
  }));
  process.exit(0);
})().catch(e => { console.error(e.message); process.exit(1); });
