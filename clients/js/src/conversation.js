// One conversation as a browser shows it (docs/protocol.md), for the node's chat page, the widget
// and the agent console: pure state, no DOM, no socket. A surface feeds it its client's frames and
// draws `ordered()`. An item (conversation.d.ts) is one bubble, the same object from pending to
// stored and from streaming to final: so a replay or an echo never draws a second bubble.

/** At most this many tool calls are kept on one answer. */
const TOOLS_KEPT = 20;

const BOT = Object.freeze({ status: 'bot', agent: null, agentId: null, queue: null, handedBack: false });
const UNRATED = Object.freeze({ state: 'unrated', score: null, comment: null, at: null, error: null });

export class Conversation {
  constructor() {
    this.reset();
  }

  /** Forgets everything: another conversation starts. */
  reset() {
    this.sessionId = null;
    this.pending = [];
    this.resetHistory();
    this.nextOrder = 0;
  }

  /** What was seen is void (another session, a replay from the start); what was written and not stored stays. */
  resetHistory() {
    const unstored = (this.pending ?? []).filter((entry) => entry.item.seq === null);
    // id -> item
    this.items = new Map();
    // seq -> item: replays and echoes are found here
    this.bySeq = new Map();
    // written here, not acked, in order
    this.pending = [];
    // turnId -> the answer being written
    this.turns = new Map();
    // their final message came: late deltas are ignored
    this.finishedTurns = new Set();
    this.lastSeq = null;
    // up to this seq, a replay
    this.liveAfterSeq = Infinity;
    this.handoff = BOT;
    this.rating = UNRATED;
    this.closed = null;
    for (const { clientMsgId, text, state, item } of unstored) {
      this.addPending(clientMsgId, text, { role: item.role, author: item.author, state });
    }
  }

  add(fields) {
    const item = {
      seq: null, anchorSeq: null, turnId: null, clientMsgId: null, at: null, tools: [], interrupted: false,
      author: null, source: null, attachments: [], citations: [], ...fields, rev: 0, order: this.nextOrder++,
    };
    this.items.set(item.id, item);
    if (item.seq !== null) this.bySeq.set(item.seq, item);
    return item;
  }

  touch(item, changes) {
    Object.assign(item, changes);
    item.rev++;
    return item;
  }

  remove(item) {
    this.items.delete(item.id);
    if (item.seq !== null && this.bySeq.get(item.seq) === item) this.bySeq.delete(item.seq);
  }

  // -- the session --------------------------------------------------------------------------

  /** A `session` frame: messages up to its lastSeq are a replay. Another session starts afresh (returns true). */
  applySession({ sessionId, lastSeq }) {
    const switched = this.sessionId !== null && sessionId !== this.sessionId;
    if (switched) this.resetHistory();
    this.sessionId = sessionId;
    this.liveAfterSeq = typeof lastSeq === 'number' ? lastSeq : -1;
    return switched;
  }

  /** The session ended (`closed`): an answer still being written will not come. */
  applyClosed({ reason = null } = {}) {
    this.closed = { reason };
    this.abandonTurns();
  }

  // -- stored messages ----------------------------------------------------------------------

  /**
   * A stored message: its item, whether it is new here (`fresh`), and news rather than a replay (`live`);
   * an agent's carries where its picture is served (`authorPicture`, a path on the node), when it has one.
   */
  applyMessage({ seq, role, text, turnId = null, at = null, interrupted = false, author = null, source = null, authorPicture = null, citations = null }) {
    // As the frame has them: citations.js checks them where they are drawn, loaded only by the pages that draw any.
    const cited = Array.isArray(citations) ? citations : [];
    if (typeof seq !== 'number') return { item: null, fresh: false, live: false };
    this.lastSeq = this.lastSeq === null ? seq : Math.max(this.lastSeq, seq);
    const live = seq > this.liveAfterSeq;
    const answer = role === 'assistant' && turnId !== null;
    const streaming = answer ? this.turns.get(turnId) : undefined;
    if (answer) {
      this.turns.delete(turnId);
      this.finishedTurns.add(turnId);
    }
    const known = this.bySeq.get(seq) ?? this.bindEcho(seq, role, text);
    if (known) {
      // A replay after a reconnect, or the echo of a message written here: updated, never added.
      if (streaming && streaming !== known) this.remove(streaming);
      if (known.text !== text || known.state !== 'final' || (at && known.at !== at) || known.interrupted !== interrupted
        || known.citations.length !== cited.length) {
        this.touch(known, { text, role, at: at ?? known.at, state: 'final', interrupted, anchorSeq: null, citations: cited });
      }
      return { item: known, fresh: false, live };
    }
    if (streaming) {
      // The final text replaces what was streamed: one bubble per answer.
      this.bySeq.set(seq, streaming);
      const item = this.touch(streaming, { seq, text, at, state: 'final', interrupted, anchorSeq: null, source, citations: cited });
      return { item, fresh: true, live };
    }
    const item = this.add({ id: `s:${seq}`, role, text, seq, turnId, at, state: 'final', interrupted, author, source, authorPicture, citations: cited });
    return { item, fresh: true, live };
  }

  /** An `attachments` frame: the files the message at `seq` carries (sent right after it); null when that message is not shown. */
  applyAttachments({ seq, attachments }) {
    const item = this.bySeq.get(seq);
    if (!item || !Array.isArray(attachments)) return null;
    return this.touch(item, { attachments: attachments.filter((a) => typeof a?.attachmentId === 'string' && typeof a.url === 'string') });
  }

  /** A voice barge-in: the answer reads what was heard of it, or goes when nothing was (seq 0: none stored). */
  applyInterrupted({ turnId, seq, text }) {
    const streaming = this.turns.get(turnId);
    if (streaming) {
      this.turns.delete(turnId);
      this.remove(streaming);
    }
    this.finishedTurns.add(turnId);
    const known = this.bySeq.get(seq);
    if (!known) return null;
    if (!text) {
      this.remove(known);
      return null;
    }
    return this.touch(known, { text, interrupted: true });
  }

  // -- messages written here ----------------------------------------------------------------

  /** A message written here (the customer's, or an agent's reply): shown at once, until its ack or echo. */
  addPending(clientMsgId, text, { role = 'user', author = null, state = 'queued', attachments = [] } = {}) {
    const item = this.add({ id: `c:${clientMsgId}`, role, text, clientMsgId, author, state, attachments });
    this.pending.push({ clientMsgId, text, state, item });
    return item;
  }

  /**
   * An echo may come before its ack (a resend is acked after the replay): the first unacked message
   * of its role and text is taken to be it. The ack stays the authority (a redacted echo does not match).
   */
  bindEcho(seq, role, text) {
    const entry = this.pending.find((e) => e.item.seq === null && e.state !== 'failed' && e.item.role === role && e.text === text);
    if (!entry) return undefined;
    entry.item.seq = seq;
    this.bySeq.set(seq, entry.item);
    return entry.item;
  }

  /** The pending state shows only while the message is not known to be stored. */
  setPendingState(entry, state) {
    entry.state = state;
    if (entry.item.seq === null) this.touch(entry.item, { state });
  }

  /** Connected, pending messages are on their way ('sent'); otherwise they wait ('queued'). */
  setConnected(connected) {
    for (const entry of this.pending) {
      if (entry.state !== 'failed') this.setPendingState(entry, connected ? 'sent' : 'queued');
    }
  }

  applyAck({ clientMsgId, seq }) {
    const index = this.pending.findIndex((e) => e.clientMsgId === clientMsgId);
    // a repeated ack: done already
    if (index < 0 || typeof seq !== 'number') return null;
    const [{ item }] = this.pending.splice(index, 1);
    // bound to its echo already
    if (item.seq !== null) return item;
    if (this.bySeq.has(seq)) {
      // The echo beat the ack without being recognised (redacted): that bubble shows it.
      this.remove(item);
      return this.bySeq.get(seq);
    }
    this.lastSeq = this.lastSeq === null ? seq : Math.max(this.lastSeq, seq);
    this.bySeq.set(seq, item);
    return this.touch(item, { seq, state: 'final' });
  }

  /** The node refused the message (size, budget, a guard): it shows as not sent. */
  fail(clientMsgId) {
    const entry = this.pending.find((e) => e.clientMsgId === clientMsgId);
    if (entry && entry.item.seq === null) this.setPendingState(entry, 'failed');
  }

  /** Every message not stored yet was refused: for a socket whose errors name no message (the agent's). An ack still stores one. */
  failPending() {
    for (const { clientMsgId } of this.pending) this.fail(clientMsgId);
  }

  /** Takes a failed message out, to be sent again as a new one; returns its text, or null. */
  takeFailed(clientMsgId) {
    const entry = this.pending.find((e) => e.clientMsgId === clientMsgId && e.state === 'failed');
    if (!entry) return null;
    this.discard(clientMsgId);
    return entry.text;
  }

  discard(clientMsgId) {
    const index = this.pending.findIndex((e) => e.clientMsgId === clientMsgId);
    if (index >= 0 && this.pending[index].item.seq === null) this.remove(this.pending.splice(index, 1)[0].item);
  }

  // -- the answer being written -------------------------------------------------------------

  /** The item of an answer being written, made on first sight (typing, delta or tool); null once it is final. */
  turn(turnId) {
    if (!turnId || this.finishedTurns.has(turnId)) return null;
    let item = this.turns.get(turnId);
    if (!item) {
      item = this.add({ id: `t:${turnId}`, role: 'assistant', text: '', turnId, state: 'streaming' });
      this.turns.set(turnId, item);
    }
    return item;
  }

  applyTyping({ turnId }) {
    return this.turn(turnId);
  }

  applyDelta({ turnId, text }) {
    const item = this.turn(turnId);
    // After a broken-off stream some deltas were missed: appending more would leave a hole. The final text comes.
    if (item && item.state === 'streaming' && typeof text === 'string') this.touch(item, { text: item.text + text });
    return item;
  }

  /** A tool call of the answer: kept on it, the latest last. */
  applyTool({ turnId, name, status, detail = null }) {
    const item = this.turn(turnId);
    if (item) this.touch(item, { tools: [...item.tools, { name: String(name ?? 'tool'), status, detail }].slice(-TOOLS_KEPT) });
    return item;
  }

  /** Answers that will not come (an error, the session closed): empty ones go, partial ones stay, marked. */
  abandonTurns() {
    for (const [turnId, item] of this.turns) {
      if (item.text === '') {
        this.remove(item);
        this.turns.delete(turnId);
      } else if (item.state !== 'stale') {
        // Pinned after what was there when it broke off, so later messages go below it.
        this.touch(item, { state: 'stale', anchorSeq: this.lastSeq ?? 0 });
      }
    }
  }

  /** The socket dropped: deltas are not replayed, so a half-written answer stays, marked, until its final message. */
  connectionLost() {
    this.abandonTurns();
    this.setConnected(false);
  }

  // -- lines of the surface's own -----------------------------------------------------------

  /** A line the surface shows itself (a notice, a default greeting), never sent: after what was seen so far. */
  addLocal(role, text, source = null) {
    return this.add({ id: `l:${this.nextOrder}`, role, text, source, state: 'local', anchorSeq: this.lastSeq ?? 0 });
  }

  // -- handoff ------------------------------------------------------------------------------

  /**
   * Who answers now (`handoff`): the bot, a person asked for, or an agent by name (with where its
   * `picture` is served); the bot after an agent is `handedBack`.
   */
  applyHandoff({ status, agent = null, agentId = null, picture = null }) {
    const waiting = status === 'waiting_for_agent';
    this.handoff = Object.freeze({
      status,
      agent: status === 'agent' ? agent : null,
      agentId: status === 'agent' ? agentId : null,
      picture,
      queue: waiting ? this.handoff.queue : null,
      handedBack: status === 'bot' && (this.handoff.status === 'agent' || this.handoff.handedBack),
    });
    return this.handoff;
  }

  /** The customer's place in the agent queue (`queue`): a person is asked for, until one joins. */
  applyQueue({ position, expectedWaitMinutes = null }) {
    if (this.handoff.status === 'agent' || !(position > 0)) return this.handoff;
    this.handoff = Object.freeze({
      ...this.handoff, status: 'waiting_for_agent', queue: Object.freeze({ position, expectedWaitMinutes }),
    });
    return this.handoff;
  }

  // -- rating -------------------------------------------------------------------------------

  /** A rating is on its way; false when one was given already or is being sent. */
  startRating({ score, comment = null }) {
    if (this.rating.state !== 'unrated') return false;
    this.rating = Object.freeze({ ...UNRATED, state: 'sending', score, comment });
    return true;
  }

  /** The conversation is rated (`rated`, the answer to a rating, or a session's stored `rating`). */
  applyRated({ score, comment = null, at = null }) {
    this.rating = Object.freeze({ state: 'rated', score, comment: comment ?? null, at, error: null });
    return this.rating;
  }

  /** The rating was refused: `conflict` means it is rated already; otherwise it may be tried again. */
  ratingRefused({ code, message }) {
    this.rating = code === 'conflict'
      ? Object.freeze({ ...UNRATED, state: 'rated', error: message ?? null })
      : Object.freeze({ ...UNRATED, error: message || code || 'refused' });
    return this.rating;
  }

  // -- reading ------------------------------------------------------------------------------

  /** Stored messages by seq, anchored items after their seq, then the rest as they appeared. */
  ordered() {
    const key = (i) => i.seq ?? (i.anchorSeq !== null ? i.anchorSeq + 0.5 : Infinity);
    return [...this.items.values()].sort((a, b) => key(a) - key(b) || a.order - b.order);
  }
}
