// The procedures' model the admin console's editor edits (clients/js procedure-steps.js): steps of each
// kind, added, removed and moved; the JSON tab's text read back; the server's problems found as typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  STEP_KINDS, declaredTools, freshProcedure, freshStep, kindOf, movedStep, procedureProblems, proceduresText, readProcedures,
  toolTraits, withStep, withoutStep,
} from '../../src/procedure-steps.js';

const REFUND = {
  name: 'refund',
  description: 'The customer wants their money back',
  inputs: { type: 'object', properties: { order: { type: 'string' } } },
  steps: [
    { ask: 'reason', prompt: 'Why, for order {{inputs.order}}?', schema: { type: 'string' }, texts: { de: 'Warum, für {{inputs.order}}?' } },
    { check: 'reason != "changed mind"', otherwise: [{ say: 'Sorry, {{reason}} is no reason.' }, { end: true }] },
    { tool: 'refund_order', arguments: { order: '{{inputs.order}}' }, as: 'refund' },
    { say: 'Done: {{refund.amount}} back.' },
  ],
};

test('each kind of step the language has starts as a step of that kind, with the fields it needs', () => {
  assert.deepEqual(Object.keys(STEP_KINDS).sort(), ['ask', 'check', 'end', 'handoff', 'procedure', 'say', 'tool']);
  for (const kind of Object.keys(STEP_KINDS)) assert.equal(kindOf(freshStep(kind)), kind);
  assert.deepEqual(freshStep('ask'), { ask: '', prompt: '', schema: { type: 'string' } });
  assert.equal(kindOf({ say: 'a', ask: 'b' }), null, 'two kinds are none');
  assert.equal(kindOf('say'), null);
});

test('steps are added at the end, removed and moved, the list given left as it was', () => {
  const steps = [{ say: 'one' }, { say: 'two' }, { say: 'three' }];
  assert.deepEqual(withStep(steps, 'end'), [...steps, { end: true }]);
  assert.deepEqual(withoutStep(steps, 1), [{ say: 'one' }, { say: 'three' }]);
  assert.deepEqual(movedStep(steps, 2, -1), [{ say: 'one' }, { say: 'three' }, { say: 'two' }]);
  assert.deepEqual(movedStep(steps, 0, 1), [{ say: 'two' }, { say: 'one' }, { say: 'three' }]);
  assert.equal(movedStep(steps, 0, -1), steps, 'the first goes no higher');
  assert.equal(movedStep(steps, 2, 1), steps, 'the last no lower');
  assert.deepEqual(steps, [{ say: 'one' }, { say: 'two' }, { say: 'three' }]);
});

test('a new procedure gets a name not taken yet and one step', () => {
  assert.equal(freshProcedure([]).name, 'procedure_1');
  assert.equal(freshProcedure(['procedure_1']).name, 'procedure_2');
  assert.equal(freshProcedure([]).steps.length, 1);
});

test('the JSON tab\'s text round-trips, and text that is no list of procedures says why', () => {
  assert.deepEqual(readProcedures(proceduresText([REFUND])), { procedures: [REFUND] });
  assert.deepEqual(readProcedures('  '), { procedures: [] });
  assert.match(readProcedures('[{"name": ').problem, /^not JSON: /);
  assert.equal(readProcedures('{"name": "refund"}').problem, 'procedures: must be a list of procedures');
});

test('the tools a tool step picks from: the HTTP tools and the MCP servers\' listed ones, with who approves them', () => {
  const document = {
    httpTools: [{ name: 'order_status' }, { name: 'refund_order', approval: 'customer', procedureOnly: true }],
    mcpServers: [{ name: 'crm', tools: [{ name: 'lookup' }] }, { name: 'all' }],
  };
  assert.deepEqual(declaredTools(document), ['order_status', 'refund_order', 'crm_lookup']);
  assert.deepEqual(toolTraits(document, 'refund_order'), { approval: 'customer', procedureOnly: true });
  assert.deepEqual(toolTraits(document, 'crm_lookup'), { approval: 'none', procedureOnly: false });
  assert.equal(toolTraits(document, 'kb_search'), null);
  assert.deepEqual(declaredTools({}), []);
});

test('a procedure the server takes has no problems', () => {
  assert.deepEqual(procedureProblems([REFUND], ['refund_order']), []);
  assert.deepEqual(procedureProblems(undefined), []);
});

test('each step\'s shape is judged as the server words it, naming the field', () => {
  const steps = [{ ask: '1st', prompt: ' ', schema: 'string' }, { say: 'x', tool: 'y' }, { say: 'x', when: 1 },
    { end: false }, { check: 'a', otherwise: [] }, { say: 'x', texts: { de_DE: 'y', fr: '' } }, { ask: 'inputs', prompt: 'p', schema: {} }];
  assert.deepEqual(procedureProblems([{ ...REFUND, steps }]), [
    'procedures[0].steps[0].ask: must be a variable name (a letter, then letters, digits or _; at most 40)',
    'procedures[0].steps[0].prompt: must be a non-empty string',
    'procedures[0].steps[0].schema: must be the JSON schema of the answer, e.g. {"type": "string"}',
    'procedures[0].steps[1]: must have exactly one of ask, check, end, handoff, procedure, say, tool (has say, tool)',
    'procedures[0].steps[2].when: not a field of say steps',
    'procedures[0].steps[3].end: must be true',
    'procedures[0].steps[4].otherwise: must be a non-empty list of steps',
    'procedures[0].steps[5].texts.de_DE: not a language tag in canonical form (BCP 47, e.g. de or pt-BR)',
    'procedures[0].steps[5].texts.fr: must be a non-empty string',
    'procedures[0].steps[6].ask: inputs is the procedure\'s own; choose another name',
  ]);
});

test('a procedure\'s own fields: its name, when it applies, its inputs and its steps', () => {
  assert.deepEqual(procedureProblems([{ name: 'Refund', description: ' ', inputs: { type: 'string' }, steps: [], extra: 1 },
    { ...REFUND }, { ...REFUND }]).slice(0, 5), [
    'procedures[0].extra: not a field of a procedure (known: name, description, inputs, steps)',
    'procedures[0].name: must be lower-case letters, digits and _, at most 40, e.g. "refund"',
    'procedures[0].description: must say when the procedure applies, for the model',
    'procedures[0].inputs: must be the JSON schema of what the procedure needs to start, {"type": "object", "properties": {...}}',
    'procedures[0].steps: must be a non-empty list of steps',
  ]);
  assert.ok(procedureProblems([REFUND, REFUND]).includes('procedures[1].name: refund is used twice'));
  assert.deepEqual(procedureProblems({}), ['procedures: must be a list of procedures']);
});

test('a text names only variables set before it, in its texts per language too; a tool is one the bot has', () => {
  const steps = [
    { say: 'Hello {{reason}}', texts: { de: 'Hallo {{grund}}' } },
    { tool: 'refund_order', arguments: { order: '{{ inputs.order }}', note: ['{{later}}'] }, as: 'refund' },
    { say: 'Broken {{ 1 + 1 }}' },
    { ask: 'later', prompt: 'And?', schema: { type: 'string' } },
  ];
  assert.deepEqual(procedureProblems([{ ...REFUND, steps }], ['order_status']), [
    'procedures[0].steps[0].say: no step before sets reason (known here: inputs)',
    'procedures[0].steps[0].texts.de: no step before sets grund (known here: inputs)',
    'procedures[0].steps[1].tool: no tool is named refund_order (known: order_status)',
    'procedures[0].steps[1].arguments: no step before sets later (known here: inputs)',
    'procedures[0].steps[2].say: a {{...}} must be a variable and its fields, such as {{inputs.order}}',
  ]);
});

test('a sub-procedure exists, what it sets is known after it, and none calls itself', () => {
  const verify = { name: 'verify', description: 'Checks who the customer is', steps: [{ ask: 'pin', prompt: 'PIN?', schema: { type: 'string' } }] };
  const refund = { ...REFUND, steps: [{ procedure: 'verify' }, { say: 'Thanks, {{pin}}' }, { procedure: 'missing' }] };
  assert.deepEqual(procedureProblems([refund, verify]), ['procedures[0].steps[2].procedure: no procedure is named missing']);
  const loop = { ...verify, steps: [{ procedure: 'refund' }] };
  assert.deepEqual(procedureProblems([{ ...REFUND, steps: [{ procedure: 'verify' }] }, loop]), [
    'procedures[1].steps[0].procedure: refund would call itself (refund → verify → refund)',
    'procedures[0].steps[0].procedure: verify would call itself (verify → refund → verify)',
  ]);
});
