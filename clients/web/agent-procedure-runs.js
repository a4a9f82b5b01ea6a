// The procedures the conversation shown ran (docs/procedures.md), beside it in the agent console:
// where each run stands, step by step, so an agent taking a conversation over sees which step a
// procedure was at, what each check saw, what each tool returned, which question waits for the
// customer and why it handed over. Drawn from the staff's session view as the admin console draws
// it (admin-procedure-runs.js, the client library's procedure-runs.js): first the `conversation`
// frame's, then GET /v1/conversations/{id}'s, read again as the conversation moves on.

import { outcomeOf, sameRuns } from '/client/procedure-runs.js';
import { $ } from './console-dom.js';
import { showProcedureRuns } from './admin-procedure-runs.js';

/** How long after the last frame of the conversation shown its view is read again: one read for a burst of frames. */
const SETTLE_MS = 300;

export class ProcedureRunsPanel {
  /** @param request (method, path, body) => the node's JSON answer */
  constructor({ request, settleMs = SETTLE_MS }) {
    this.request = request;
    this.settleMs = settleMs;
    this.sessionId = null;
    this.runs = null;
    this.reads = 0;
    this.opened = new Set(); // the conversations whose box was opened for a run that handed over
  }

  /**
   * Shows the runs of {@code sessionId} as its staff view {@code session} (the last conversation
   * frame's) has them; another conversation than the one shown is read again, as it may have moved on since.
   */
  show(sessionId, session) {
    const another = sessionId !== this.sessionId;
    if (another) this.runs = null;
    this.sessionId = sessionId;
    this.reads++; // a read under way is older than this view
    this.render(session?.procedures ?? []);
    if (another) this.moved(sessionId);
  }

  /** Something happened in {@code sessionId} (a message, a hand-over, a tool call, the close): its runs are read again if shown. */
  moved(sessionId) {
    if (sessionId !== this.sessionId) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.read(), this.settleMs);
  }

  async read() {
    const sessionId = this.sessionId;
    const read = ++this.reads;
    try {
      const view = await this.request('GET', `/v1/conversations/${encodeURIComponent(sessionId)}`);
      // A later read, or another conversation shown meanwhile, has the last word.
      if (read === this.reads && sessionId === this.sessionId) this.render(view.procedures ?? []);
    } catch (failure) {
      if (read === this.reads) $('procedures-status').textContent = `Could not read the procedures: ${failure.message}`;
    }
  }

  render(runs) {
    $('procedures-status').textContent = '';
    if (this.runs && sameRuns(this.runs, runs)) return;
    this.runs = runs;
    $('procedures-count').textContent = String(runs.length);
    $('procedures-box').hidden = runs.length === 0;
    showProcedureRuns($('procedures'), runs);
    // A conversation a procedure handed over opens on its runs once: the agent taking it over reads why first.
    if (runs.some((run) => outcomeOf(run.outcome).how === 'handed_over') && !this.opened.has(this.sessionId)) {
      this.opened.add(this.sessionId);
      $('procedures-box').open = true;
    }
  }
}
