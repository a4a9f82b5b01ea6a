// The session's stored messages as a ParleyClient (session-client.js) reports them: each once, by
// seq, however often a reconnect replays it; and the last seq seen, which the next start resumes after.

export class Transcript {
  /** `lastSeq`: where a stored session resumes (null: from its start). */
  constructor(lastSeq = null) {
    this.bySeq = new Map();
    this.lastSeq = lastSeq;
  }

  /** The messages seen so far, by seq. */
  get messages() {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  get size() {
    return this.bySeq.size;
  }

  /** A `message` frame: the message to report, or null for a replay of one already seen. */
  add(frame) {
    if (typeof frame.seq !== 'number' || this.bySeq.has(frame.seq)) return null;
    const message = { ...frame };
    this.bySeq.set(frame.seq, message);
    if (this.lastSeq === null || frame.seq > this.lastSeq) this.lastSeq = frame.seq;
    return message;
  }

  /** A voice barge-in: the message keeps what was heard of it, or goes when nothing was. */
  interrupt({ seq, text }) {
    const message = this.bySeq.get(seq);
    if (!message) return;
    if (text) Object.assign(message, { text, interrupted: true });
    else this.bySeq.delete(seq);
  }

  /** Forgets the messages; with `fromStart`, the next start replays the session from its first. */
  clear(fromStart) {
    this.bySeq.clear();
    if (fromStart) this.lastSeq = null;
  }
}
