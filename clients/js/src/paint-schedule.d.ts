// Types of PaintSchedule (paint-schedule.js): at most one paint a frame, of the latest subject asked for.

export class PaintSchedule<S = unknown> {
  constructor(paint: (subject: S) => void, options?: {
    frame?: (run: () => void) => unknown;
    timer?: (run: () => void, ms: number) => unknown;
    fallbackMs?: number;
  });
  /** Asks for `subject` to be drawn by the next frame, or the fallback timer where frames do not run. */
  request(subject: S): void;
}
