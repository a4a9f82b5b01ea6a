// A panel of the admin console kept as the node has it while it is on screen: read again every few
// seconds while the page is visible and the panel shown, and at once when the page comes back into
// view, as the agent console's All open is. A read still under way is not asked again, and a failed
// one waits for the next (the panel keeps what it showed). Nothing is read while the panel is hidden:
// another view, a dismissed checklist, a console signed out.

export const LIVE_READ_MS = 10000;

export class LiveReads {
  /**
   * @param read () => a promise of the panel drawn anew from the node's answers
   * @param shown () => whether the panel is on screen now
   * @param every the milliseconds between reads; @param page the document (its hidden and visibilitychange)
   * @param clock setInterval and clearInterval
   */
  constructor({ read, shown, every = LIVE_READ_MS, page = globalThis.document, clock = globalThis }) {
    this.read = read;
    this.shown = shown;
    this.every = every;
    this.page = page;
    this.clock = clock;
    this.timer = null;
    this.reading = null;
    this.visible = () => { if (!this.page.hidden) this.tick(); };
  }

  /** Follows the node from now on (again, when started already). */
  start() {
    this.stop();
    this.timer = this.clock.setInterval(() => this.tick(), this.every);
    this.page.addEventListener('visibilitychange', this.visible);
  }

  stop() {
    if (this.timer !== null) this.clock.clearInterval(this.timer);
    this.timer = null;
    this.page.removeEventListener('visibilitychange', this.visible);
  }

  /** Reads the panel again when it is on a visible page and no read is under way. */
  tick() {
    if (this.page.hidden || this.reading || !this.shown()) return this.reading;
    this.reading = (async () => this.read())().catch(() => {}).finally(() => { this.reading = null; });
    return this.reading;
  }
}
