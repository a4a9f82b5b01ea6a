// Server-Sent Events read with fetch rather than EventSource, so a stream goes with the same
// credential as every other request of a page (a Bearer header, or the sign-in cookie): the events
// parsed as the HTML standard says (`EventParser`), and a stream followed for as long as it is
// wanted (`EventFollower`), opened again after a cut with growing waits, and given up on a refusal.

/** The waits, in ms, before opening a stream again after the first, second, ... cut in a row. */
export const RECONNECT_DELAYS = [1000, 2000, 5000, 10000, 30000];

const TIMER = { set: (run, ms) => setTimeout(run, ms), clear: (id) => clearTimeout(id) };

/** The events of a stream, from its text as it comes, in pieces cut anywhere. */
export class EventParser {
  constructor() {
    this.rest = '';
    this.event = '';
    this.data = [];
  }

  /** The events {@code text} completes: each {event, data}, the event 'message' when the stream named none. */
  feed(text) {
    const events = [];
    let buffer = this.rest + text;
    // A \r at the end may be the first half of a \r\n: it waits for what comes next.
    const held = buffer.endsWith('\r');
    if (held) buffer = buffer.slice(0, -1);
    const lines = buffer.split(/\r\n|\r|\n/);
    // The last piece has no line end yet.
    this.rest = lines.pop() + (held ? '\r' : '');
    for (const line of lines) {
      if (line === '') {
        if (this.data.length) events.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') this.event = value;
        if (field === 'data') this.data.push(value);
      }
    }
    return events;
  }
}

/**
 * Follows the stream {@code open(signal)} answers (a fetch's promise): each event to {@code onEvent},
 * and after the stream ends or fails, opened again after the next of {@code delays} (back to the
 * first once an event came). A 401 or 403 ends following ({@code onRefused(status)}): the credential is no longer good.
 */
export class EventFollower {
  constructor({ open, onEvent, onRefused = () => {}, delays = RECONNECT_DELAYS, timer = TIMER }) {
    Object.assign(this, { open, onEvent, onRefused, delays, timer });
    this.following = false;
    this.abort = null;
    this.pending = null;
    this.cuts = 0;
  }

  /** Follows from now on, the stream opened anew. Resolves when the first stream has ended. */
  start() {
    this.stop();
    this.following = true;
    this.cuts = 0;
    return this.connect();
  }

  stop() {
    this.following = false;
    this.abort?.abort();
    this.abort = null;
    if (this.pending !== null) this.timer.clear(this.pending);
    this.pending = null;
  }

  async connect() {
    const abort = new AbortController();
    this.abort = abort;
    try {
      const response = await this.open(abort.signal);
      if (response.status === 401 || response.status === 403) {
        this.stop();
        this.onRefused(response.status);
        return;
      }
      if (!response.ok || !response.body) throw new Error(`the stream was answered ${response.status}`);
      await this.read(response.body, abort.signal);
    } catch {
      // A stream cut or refused by the network: opened again below, as one that ended.
    }
    if (!this.following || abort.signal.aborted) return;
    const wait = this.delays[Math.min(this.cuts, this.delays.length - 1)];
    this.cuts += 1;
    this.pending = this.timer.set(() => {
      this.pending = null;
      return this.following ? this.connect() : undefined;
    }, wait);
  }

  async read(body, signal) {
    const parser = new EventParser();
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done || signal.aborted) return;
      for (const event of parser.feed(value)) {
        this.cuts = 0;
        this.onEvent(event);
      }
    }
  }
}
