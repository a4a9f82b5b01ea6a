// Paints at most once a frame: a burst of changes (a stream of deltas, an echo plus its ack) is
// drawn once. The frame draws what the latest request asked for, so a subject replaced while a
// paint was pending ("New conversation") is never drawn after its replacement.

export class PaintSchedule {
  /**
   * `paint(subject)` draws; `frame` runs a callback before the next paint (requestAnimationFrame),
   * `timer` after a delay: background tabs run no frames, and their state must still be drawn. Both are
   * called as plain functions: a browser refuses requestAnimationFrame called on another object.
   */
  constructor(paint, {
    frame = (run) => globalThis.requestAnimationFrame(run),
    timer = (run, ms) => globalThis.setTimeout(run, ms),
    fallbackMs = 250,
  } = {}) {
    this.paint = paint;
    this.frame = frame;
    this.timer = timer;
    this.fallbackMs = fallbackMs;
    this.pending = false;
    this.subject = undefined;
  }

  /** Asks for `subject` to be drawn by the next frame (or the fallback timer, whichever runs first). */
  request(subject) {
    this.subject = subject;
    if (this.pending) return;
    this.pending = true;
    const run = () => {
      if (!this.pending) return;
      this.pending = false;
      this.paint(this.subject);
    };
    this.frame(run);
    this.timer(run, this.fallbackMs);
  }
}
