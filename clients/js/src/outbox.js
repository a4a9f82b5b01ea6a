// The customer's messages a ParleyClient (session-client.js) has not had acked yet, in the order
// they were written: each with its clientMsgId (the same one across reconnects and page reloads,
// so the node stores it once) and the promise of its ack. One is on its way at a time, on the
// SessionSocket it is given: that keeps the order through refusals and retries (the node handles
// them one at a time anyway). A refusal the node asks to retry holds the next send for its
// retryAfterMs, any other drops the message.

import { outboxEntry } from './attachments.js';
import { ParleyError, deferred } from './session-socket.js';

/** A refused frame with one of these codes is sent again after the hint; others are final. */
export const RETRIED_CODES = new Set(['unavailable', 'rate_limited']);
const UNAVAILABLE_RETRY_MS = 1000;

/** A random v4 UUID; crypto.randomUUID exists only in secure contexts (https or localhost). */
export function newClientMsgId() {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class Outbox {
  /**
   * `stored`: the entries a reload found in storage (anything unreadable is left out);
   * `flushLater()`: asks its owner to flush again once a retry's hold is over.
   */
  constructor(stored, flushLater) {
    this.flushLater = flushLater;
    this.queue = Array.isArray(stored)
      ? stored.filter((e) => typeof e?.clientMsgId === 'string' && typeof e.text === 'string').map(outboxEntry)
      : [];
    // clientMsgId -> deferred of its ack (none for one a reload found)
    this.acks = new Map();
    this.holdUntil = 0;
  }

  /** The unacked messages, in send order, as they are stored and sent. */
  get entries() {
    return this.queue.map(outboxEntry);
  }

  get size() {
    return this.queue.length;
  }

  /** A new message: its clientMsgId and the promise of its ack. */
  add(text, attachments) {
    const clientMsgId = newClientMsgId();
    const acked = deferred();
    this.acks.set(clientMsgId, acked);
    this.queue.push(outboxEntry({ clientMsgId, text, attachments }));
    return { clientMsgId, acked: acked.promise };
  }

  /** Sends the first message not sent yet on `socket`, unless one is on its way or a retry holds it back. */
  flush(socket) {
    if (socket.expecting('user')) return;
    if (this.holdUntil > Date.now()) {
      this.wait(this.holdUntil - Date.now());
      return;
    }
    const entry = this.queue.find((e) => !e.sent);
    if (entry && socket.send({ type: 'user', ...outboxEntry(entry) })) {
      entry.sent = true;
      socket.expect({ kind: 'user', clientMsgId: entry.clientMsgId });
    }
  }

  wait(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.flushLater, ms);
  }

  /** The socket went: every message is sent again on the next one. */
  unsend() {
    for (const entry of this.queue) entry.sent = false;
    clearTimeout(this.timer);
  }

  /** The node stored it (`seq`, `turnId`): it leaves the outbox; whether it was in it. */
  acked({ clientMsgId, seq, turnId }) {
    const index = this.queue.findIndex((e) => e.clientMsgId === clientMsgId);
    if (index >= 0) this.queue.splice(index, 1);
    this.acks.get(clientMsgId)?.resolve({ seq, turnId });
    this.acks.delete(clientMsgId);
    return index >= 0;
  }

  /**
   * The node refused it with `error`: `retrying` (sent again after the hint, the next ones wait),
   * `dropped` (its ack rejects with a ParleyError), or `unknown` (not a message of this outbox).
   */
  refused(clientMsgId, error) {
    const entry = this.queue.find((e) => e.clientMsgId === clientMsgId);
    if (!entry) return 'unknown';
    if (RETRIED_CODES.has(error.code)) {
      entry.sent = false;
      const wait = error.retryAfterMs ?? UNAVAILABLE_RETRY_MS;
      this.holdUntil = Date.now() + wait;
      this.wait(wait);
      return 'retrying';
    }
    this.queue.splice(this.queue.indexOf(entry), 1);
    this.acks.get(clientMsgId)?.reject(new ParleyError({ ...error, clientMsgId }));
    this.acks.delete(clientMsgId);
    return 'dropped';
  }

  /** A new conversation: every message goes unsent, its ack rejected as `discarded`. */
  discard() {
    for (const [, acked] of this.acks) acked.reject(new ParleyError({ code: 'discarded', message: 'a new conversation started' }));
    this.acks.clear();
    this.queue = [];
  }
}
