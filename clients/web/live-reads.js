// A panel of the admin console kept as the node has it while it is on screen: read again when the
// node tells of a change of a part it shows (admin-changes.js), and once when the page comes back
// into view, in case a change was missed while the stream was cut. A change heard while a read is
// under way reads once more after it (the read may have started before the change was stored); a
// failed read waits for the next change (the panel keeps what it showed). Nothing is read while the
// panel is hidden: another view, a dismissed checklist, a console signed out.

export class LiveReads {
  /**
   * @param read () => a promise of the panel drawn anew from the node's answers
   * @param shown () => whether the panel is on screen now
   * @param kinds the parts of the admin data the panel shows ('config', 'experiments', 'knowledge', 'team', 'conversations')
   * @param changes where the node's changes are heard ({@code listen(kinds, heard)}, returning what stops it)
   * @param page the document (its hidden and visibilitychange)
   */
  constructor({ read, shown, kinds, changes, page = globalThis.document }) {
    Object.assign(this, { read, shown, kinds, changes, page });
    this.unlisten = null;
    this.reading = null;
    this.again = false;
    this.visible = () => { if (!this.page.hidden) this.tick(); };
  }

  /** Whether it follows the node. */
  get started() {
    return this.unlisten !== null;
  }

  /** Follows the node from now on (again, when started already). */
  start() {
    this.stop();
    this.unlisten = this.changes.listen(this.kinds, () => this.tick());
    this.page.addEventListener('visibilitychange', this.visible);
  }

  stop() {
    this.unlisten?.();
    this.unlisten = null;
    this.page.removeEventListener('visibilitychange', this.visible);
  }

  /** Reads the panel again when it is on a visible page; once more after the read under way, if one is. */
  tick() {
    if (this.page.hidden || !this.shown()) return this.reading;
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => this.read())().catch(() => {}).finally(() => {
      this.reading = null;
      if (this.again) {
        this.again = false;
        this.tick();
      }
    });
    return this.reading;
  }
}
