// The model of a conversation's procedure runs (src/procedure-runs.js) both consoles draw: how a
// run stands, each step in words, the step that handed over or the question still waiting, and
// entries it does not know shown as they come.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcomeOf, procedureRun, procedureRuns, readableValue, sameRuns, stepSentence } from '../../src/procedure-runs.js';

const AT = '2026-11-29T02:00:00Z';
const step = (label, kind, fields = {}) => ({ step: label, kind, at: AT, ...fields });

/** A refund over the limit: looked up, delivered, confirmed, then handed over at the limit's check. */
const HANDED_OVER = {
  runId: 'r-1', procedure: 'refund', turnId: 't-1', startedAt: AT, outcome: 'handed_over: refund over 20',
  steps: [
    step('refund', 'start', { value: '{"order":"A-1042"}' }),
    step('refund.steps[0]', 'tool order_status', { value: '{"delivered":true,"total":30.5}' }),
    step('refund.steps[1]', 'check', { expression: 'status.delivered == true', value: '{"status":{"delivered":true}}', held: true }),
    step('refund.steps[2]', 'ask'),
    step('refund.steps[2]', 'answer confirm', { value: '"yes"' }),
    step('refund.steps[4]', 'check', { expression: 'double(status.total) <= 20.0', value: '{"status":{"total":30.5}}', held: false }),
    step('refund.steps[4].otherwise[0]', 'end', { value: 'refund over 20' }),
  ],
};

test('an outcome is said in words, with its reason', () => {
  assert.deepEqual(outcomeOf('handed_over: refund over 20: per policy'),
    { how: 'handed_over', reason: 'refund over 20: per policy', text: 'handed over to a person (refund over 20: per policy)' });
  assert.equal(outcomeOf('completed').text, 'completed');
  assert.equal(outcomeOf(undefined).text, 'still running');
  assert.equal(outcomeOf('paused_for_review').text, 'paused for review', 'an outcome it does not know, in words');
});

test('a recorded value reads as its text when it is a JSON string, else as given', () => {
  assert.equal(readableValue('"yes"'), 'yes');
  assert.equal(readableValue('{"a":1}'), '{"a":1}');
  assert.equal(readableValue('not json'), 'not json');
  assert.equal(readableValue({ a: 1 }), '{"a":1}');
  assert.equal(readableValue(undefined), '');
});

test('each kind of step is a sentence', () => {
  const [start, tool, check, ask, answer, limit, end] = HANDED_OVER.steps.map(stepSentence);
  assert.equal(start, 'Started with the inputs {"order":"A-1042"}');
  assert.equal(tool, 'Tool order_status returned {"delivered":true,"total":30.5}');
  assert.equal(check, 'Check status.delivered == true: held');
  assert.equal(ask, 'Asked the customer');
  assert.equal(answer, 'The customer answered confirm: yes');
  assert.equal(limit, 'Check double(status.total) <= 20.0: did not hold');
  assert.equal(end, 'Ended: refund over 20');
  assert.equal(stepSentence(step('x', 'check', { error: 'no such key: total' })),
    'Check (its condition is not in this configuration): could not be evaluated (no such key: total)');
  assert.equal(stepSentence(step('x', 'tool refund_order')), 'Tool refund_order returned nothing');
  assert.equal(stepSentence(step('x', 'say', { value: 'Done.' })), 'Said: Done.');
  assert.equal(stepSentence(step('x', 'call verify')), 'Called the procedure verify');
});

test('a run that handed over marks the step that did it, and says how it stands', () => {
  const run = procedureRun(HANDED_OVER);
  assert.equal(run.standing, 'handed over to a person (refund over 20)');
  assert.equal(run.outcome.how, 'handed_over');
  assert.deepEqual(run.details, [], 'the turn is not shown');
  const marked = run.steps.filter((s) => s.mark);
  assert.deepEqual(marked.map((s) => [s.step, s.mark, s.markText]),
    [['refund.steps[4].otherwise[0]', 'handedOver', 'The conversation was handed over to a person here.']]);
  assert.deepEqual(run.steps.map((s) => s.kind), ['start', 'tool', 'check', 'ask', 'answer', 'check', 'end']);
  assert.equal(run.steps[2].seen, '{"status":{"delivered":true}}', 'what a check saw');
  assert.equal(run.steps[1].seen, null, 'only checks see');
  assert.equal(run.steps[5].held, false);
});

test('a running run says the step it is at and the question that waits for the customer', () => {
  const running = { ...HANDED_OVER, outcome: 'running', position: 'refund.steps[2]', steps: HANDED_OVER.steps.slice(0, 4) };
  const run = procedureRun(running);
  assert.equal(run.standing, 'still running, at refund.steps[2]');
  assert.deepEqual(run.steps.filter((s) => s.mark).map((s) => [s.step, s.mark]), [['refund.steps[2]', 'waiting']]);
  const answered = procedureRun({ ...running, steps: HANDED_OVER.steps.slice(0, 5), position: 'refund.steps[3]' });
  assert.deepEqual(answered.steps.filter((s) => s.mark), [], 'an answered question waits no more');
  const completed = procedureRun({ ...running, outcome: 'completed', position: undefined });
  assert.equal(completed.steps.at(-1).mark, 'ended');
});

test('steps and fields it does not know are shown as the view gives them', () => {
  const run = procedureRun({
    ...HANDED_OVER, attempt: 2,
    steps: [step('refund.steps[2]', 'ask', { prompt: 'Shall I refund 30.5 EUR?' }),
      step('refund.steps[9]', 'ended', { value: 'refund over 20', reason: { code: 7 } })],
  });
  assert.deepEqual(run.details, [{ name: 'attempt', value: '2' }]);
  assert.equal(run.steps[0].text, 'Asked the customer: Shall I refund 30.5 EUR?');
  assert.deepEqual(run.steps[0].details, []);
  assert.equal(run.steps[1].text, 'ended: refund over 20');
  assert.deepEqual(run.steps[1].details, [{ name: 'reason', value: '{"code":7}' }]);
  assert.equal(run.steps[1].mark, 'handedOver');
});

test('a view without runs has none, and the same runs read again are the same', () => {
  assert.deepEqual(procedureRuns(undefined), []);
  assert.deepEqual(procedureRuns(null), []);
  assert.equal(procedureRuns([HANDED_OVER]).length, 1);
  assert.equal(sameRuns([HANDED_OVER], JSON.parse(JSON.stringify([HANDED_OVER]))), true);
  assert.equal(sameRuns([HANDED_OVER], [{ ...HANDED_OVER, outcome: 'running' }]), false);
  assert.equal(sameRuns(undefined, []), true);
});
