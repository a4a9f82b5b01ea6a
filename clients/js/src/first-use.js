// A part of a page loaded when it is first needed (a dynamic import): the widget's replies to tap,
// its prompt for a contact and its files, which most conversations never use, so a visitor does
// not download them with the widget (docs/performance.md). What the page asks of the part keeps
// its order: calls made while it loads wait for it, then run as they were made.

export class FirstUse {
  /** `load()` resolves with the part; `changed()` is called after each call that ran once the part was there. */
  constructor(load, changed = () => {}) {
    this.load = load;
    this.changed = changed;
    // once loaded
    this.part = null;
    // since first needed
    this.ready = null;
  }

  /**
   * Runs `call(part)`: loading the part first when `needed`; before anything needed it, a call that
   * does not is dropped (a part never loaded has nothing to be told).
   */
  use(call, needed = false) {
    if (!this.ready && !needed) return;
    this.ready = this.need().then((part) => {
      call(part);
      this.changed(part);
      return part;
    });
    this.ready.catch((error) => console.warn('Parley: a part of the chat could not be loaded', error));
  }

  /** The part, loaded now unless it was already: resolves once the calls made before are done. */
  need() {
    this.ready ??= this.load().then((part) => (this.part = part));
    return this.ready;
  }
}
