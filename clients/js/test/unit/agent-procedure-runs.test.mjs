// The agent console's procedure runs (clients/web/agent-procedure-runs.js, drawn by
// admin-procedure-runs.js) on a small fake DOM: the conversation frame's runs at once, read again
// once after a burst of frames, the last read winning, another conversation's frames ignored, and
// the box opened once for a run that handed over.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProcedureRunsPanel } from '../../../web/agent-procedure-runs.js';

/** An element with what the consoles' views use of one. */
class FakeElement {
  constructor(tag) {
    Object.assign(this, { tag, children: [], dataset: {}, attributes: {}, className: '', textContent: '', hidden: false, open: false });
  }

  append(...nodes) { this.children.push(...nodes); }

  replaceChildren(...nodes) { this.children = nodes; }

  setAttribute(name, value) { this.attributes[name] = value; }

  /** Its text and its descendants', one line each, as a person reads it. */
  get text() { return [this.textContent, ...this.children.map((child) => child.text)].filter(Boolean).join('\n'); }
}

const page = () => {
  const ids = Object.fromEntries(['procedures-box', 'procedures-count', 'procedures', 'procedures-status']
    .map((id) => [id, new FakeElement(id === 'procedures-box' ? 'details' : 'p')]));
  globalThis.document = { getElementById: (id) => ids[id], createElement: (tag) => new FakeElement(tag) };
  return ids;
};

const AT = '2026-11-29T02:00:00Z';
const asked = { runId: 'r-1', procedure: 'refund', startedAt: AT, outcome: 'running', position: 'refund.steps[2]',
  steps: [{ step: 'refund', kind: 'start', value: '{"order":"A-1042"}', at: AT }, { step: 'refund.steps[2]', kind: 'ask', at: AT }] };
const handedOver = { ...asked, outcome: 'handed_over: refund over 20', position: undefined,
  steps: [...asked.steps, { step: 'refund.steps[2]', kind: 'answer confirm', value: '"yes"', at: AT },
    { step: 'refund.steps[4].otherwise[0]', kind: 'end', value: 'refund over 20', at: AT }] };
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

test('the conversation frame\'s runs show at once; a burst of frames reads the view again once', async () => {
  const dom = page();
  const reads = [];
  let answer = { procedures: [asked] };
  const panel = new ProcedureRunsPanel({ request: async (method, path) => { reads.push(`${method} ${path}`); return answer; }, settleMs: 5 });
  panel.show('s 1', { procedures: [asked] });
  assert.equal(dom['procedures-box'].hidden, false);
  assert.equal(dom['procedures-count'].textContent, '1');
  const run = dom.procedures.children[0];
  assert.equal(run.dataset.outcome, 'running');
  assert.match(run.text, /Procedure refund · started .* · still running, at refund.steps\[2\]/);
  assert.match(run.text, /Asked the customer\nWaiting for the customer's answer\./);
  assert.equal(dom['procedures-box'].open, false, 'nothing handed over yet');
  await settled();
  assert.deepEqual(reads, ['GET /v1/conversations/s%201'], 'a conversation newly shown is read again');

  answer = { procedures: [handedOver] };
  panel.moved('s 1');
  panel.moved('s 1');
  panel.moved('another');
  await settled();
  assert.equal(reads.length, 2, 'one read for the burst, none for another conversation');
  const [, , , end] = dom.procedures.children[0].children.at(-1).children;
  assert.equal(end.dataset.mark, 'handedOver');
  assert.match(end.text, /Ended: refund over 20\nThe conversation was handed over to a person here\./);
  assert.equal(dom['procedures-box'].open, true, 'opened on a run that handed over');

  dom['procedures-box'].open = false;
  panel.moved('s 1');
  await settled();
  assert.equal(dom['procedures-box'].open, false, 'once: the agent closed it');
});

test('a read answered after a later one, or after another conversation is shown, is dropped', async () => {
  const dom = page();
  const pending = [];
  const panel = new ProcedureRunsPanel({ request: () => new Promise((resolve) => pending.push(resolve)), settleMs: 0 });
  panel.show('s-1', { procedures: [] });
  assert.equal(dom['procedures-box'].hidden, true, 'no runs, no box');
  await settled();
  panel.moved('s-1');
  await settled();
  assert.equal(pending.length, 2);
  pending[1]({ procedures: [handedOver] });
  await settled();
  pending[0]({ procedures: [asked] });
  await settled();
  assert.equal(dom.procedures.children[0].dataset.outcome, 'handed_over', 'the later read has the last word');

  panel.moved('s-1');
  await settled();
  panel.show('s-2', { procedures: [] });
  await settled();
  assert.equal(pending.length, 4, 's-1 read again, then s-2');
  pending[2]({ procedures: [asked] });
  await settled();
  assert.equal(dom['procedures-count'].textContent, '0', 's-1\'s runs are not drawn for s-2');
  pending[3]({ procedures: [asked] });
  await settled();
  assert.equal(dom['procedures-count'].textContent, '1', 's-2\'s own read is');
});

test('a read that fails says so beside the runs', async () => {
  const dom = page();
  const panel = new ProcedureRunsPanel({ request: async () => { throw new Error('403 forbidden'); }, settleMs: 0 });
  panel.show('s-1', { procedures: [asked] });
  await settled();
  assert.equal(dom['procedures-status'].textContent, 'Could not read the procedures: 403 forbidden');
  assert.equal(dom['procedures-count'].textContent, '1', 'what was shown stays');
});
