// The fields of a form a tool call's server asks the customer to fill in (approval-form.js), checked
// in the page and the widget as the node checks them; and the card that sends their answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldValue, formAnswers } from '../../src/approval-form.js';
import { ApprovalCards } from '../../src/approval-cards.js';

const FIELDS = [
  { name: 'street', label: 'Street', type: 'string', required: true, minLength: 3, maxLength: 20 },
  { name: 'floor', label: 'Floor', type: 'integer', required: false, minimum: 0, maximum: 40 },
  { name: 'weight', label: 'Weight', type: 'number', required: false },
  { name: 'email', label: 'Email', type: 'string', required: false, format: 'email' },
  { name: 'slot', label: 'Slot', type: 'choice', required: true, options: [{ value: 'am', label: 'Morning' }] },
  { name: 'door', label: 'Leave at the door', type: 'boolean', required: false },
];

test('each field is read by its type: text trimmed, numbers parsed, a choice one of its options, a checkbox yes or no', () => {
  const given = { street: ' Main St 5 ', floor: '3', weight: '2,5', email: '', slot: 'am', door: true };
  const { answers, problems } = formAnswers(FIELDS, (name) => given[name]);
  assert.equal(problems.size, 0);
  assert.deepEqual(answers, { street: 'Main St 5', floor: 3, weight: 2.5, slot: 'am', door: true });
});

test('what does not fit is named with the words that say why, and nothing is answered for it', () => {
  assert.deepEqual(fieldValue(FIELDS[0], ''), { problem: ['formRequired'] });
  assert.deepEqual(fieldValue(FIELDS[0], 'M'), { problem: ['formShort', { min: 3 }] });
  assert.deepEqual(fieldValue(FIELDS[0], 'x'.repeat(21)), { problem: ['formLong', { max: 20 }] });
  assert.deepEqual(fieldValue(FIELDS[1], '2.5'), { problem: ['formWhole'] });
  assert.deepEqual(fieldValue(FIELDS[1], '41'), { problem: ['formMax', { max: 40 }] });
  assert.deepEqual(fieldValue(FIELDS[1], '-1'), { problem: ['formMin', { min: 0 }] });
  assert.deepEqual(fieldValue(FIELDS[2], 'heavy'), { problem: ['formNumber'] });
  assert.deepEqual(fieldValue(FIELDS[3], 'ada'), { problem: ['formFormat'] });
  assert.deepEqual(fieldValue(FIELDS[4], 'pm'), { problem: ['formRequired'] });
  assert.deepEqual(fieldValue(FIELDS[5], false), { value: false });
  assert.deepEqual(fieldValue(FIELDS[1], ''), { value: undefined }, 'an optional field left empty is left out');
});

function part(kind) {
  const listeners = {};
  return { kind, disabled: false, textContent: '', children: [], append(child) { this.children.push(child); },
    addEventListener(type, fn) { listeners[type] = fn; }, click() { listeners.click?.(); }, remove() {} };
}

test('a card with a form sends its answers once each field fits, and says what to fix before', () => {
  let filled = { answers: {}, problems: new Map([['street', ['formRequired']]]) };
  const drawn = { t: (key) => `<${key}>`, waiting: () => part('waiting'),
    asking: () => ({ card: part('card'), confirm: part('confirm'), cancel: part('cancel'), status: part('status'), fields: part('fields') }),
    form: () => ({ element: part('form'), read: () => filled }) };
  let asking;
  drawn.asking = ((make) => () => (asking = make()))(drawn.asking);
  const sent = [];
  const cards = new ApprovalCards({ append() {} }, drawn);
  const frame = { approvalId: 'ap-1', status: 'pending', summary: 'Send a card: where to?', form: { question: 'Where to?', fields: FIELDS } };
  cards.show({ approve: (...args) => (sent.push(args), true) }, frame);
  assert.equal(asking.fields.children[0].kind, 'form', 'the form is drawn in the card');
  asking.confirm.click();
  assert.deepEqual(sent, []);
  assert.equal(asking.status.textContent, '<formFix>');
  filled = { answers: { street: 'Main St 5', slot: 'am' }, problems: new Map() };
  asking.confirm.click();
  assert.deepEqual(sent, [['ap-1', true, undefined, { street: 'Main St 5', slot: 'am' }]]);
  assert.equal(asking.confirm.disabled, true);
});

test('cancel declines the form without reading it', () => {
  const drawn = { t: (key) => key, waiting: () => part('waiting'),
    asking: () => ({ card: part('card'), confirm: part('confirm'), cancel: part('cancel'), status: part('status'), fields: part('fields') }),
    form: () => ({ element: part('form'), read: () => assert.fail('a decline reads no field') }) };
  let asking;
  drawn.asking = ((make) => () => (asking = make()))(drawn.asking);
  const sent = [];
  new ApprovalCards({ append() {} }, drawn).show({ approve: (...args) => (sent.push(args), true) },
    { approvalId: 'ap-2', status: 'pending', summary: 'x', form: { question: 'q', fields: FIELDS } });
  asking.cancel.click();
  assert.deepEqual(sent, [['ap-2', false]]);
});
