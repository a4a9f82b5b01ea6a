// The bot form's procedures (docs/procedures.md) as cards instead of JSON (docs/admin-console.md): a
// procedure's name, when it applies and its inputs, then its steps, a card each with the fields of
// its kind (clients/js procedure-steps.js), added by kind, removed and moved up or down with buttons;
// a check's otherwise steps are cards within its card. The fields are the bot form's own (its
// SchemaForm draws and edits them in the draft), so what a customer reads (a say's text, an ask's
// prompt) has the form's language switcher, written per language into the step's texts with the
// bot's own text as the placeholder. The problems the server would refuse the procedures for are
// found as the admin types and shown at their fields; the JSON tab is the same draft.

import { STEP_KINDS, declaredTools, freshProcedure, kindOf, movedStep, procedureProblems, toolTraits, withStep, withoutStep } from '/client/procedure-steps.js';
import { idOf, pathText } from './admin-schema-form.js';
import { actionButton, el } from './console-dom.js';

const TEXT = { type: 'string', maxLength: 1000, 'x-parley-kept': true };
const WORDED = { ...TEXT, 'x-parley-in-language': '{item}.texts.{language}' };
// A variable's or a tool's name: one line.
const NAME = { type: 'string', maxLength: 128, 'x-parley-kept': true };

/** An ask's keys on a phone call (docs/procedures.md#keys-on-a-phone-call), drawn by the form as a group of its settings. */
const KEYPAD = {
  type: 'object', title: 'Keys on a phone call', description: 'A phone caller may answer with keys',
  properties: {
    min: { type: 'integer', minimum: 1, maximum: 32, description: 'Keys an entry has at least (1 unless set)' },
    max: { type: 'integer', minimum: 1, maximum: 32, description: 'Keys an entry has at most (32 unless set)' },
    terminator: { enum: ['#', '*', ''], description: 'The key that ends an entry (# unless set; empty: none)' },
    timeout: { type: 'integer', minimum: 1, maximum: 60, description: 'Seconds a caller may pause between keys (5 unless set)' },
    redact: { type: 'boolean', description: 'The keys are personal data, hidden from the transcript (yes unless set)' },
    menu: { type: 'array', title: 'Menu', items: { type: 'object', properties: { key: { type: 'string', maxLength: 1 }, label: { type: 'string' }, value: { type: 'string' } } } },
  },
};

/** Who approves a tool's calls, as the tool step's card says it. */
const APPROVALS = {
  customer: 'Each call waits for the customer\'s approval.',
  agent: 'Each call waits for an agent\'s approval.',
};

/** The fields of a step of each kind: a field's name, its schema for the form, and JSON ones edited as their text. */
const FIELDS = {
  ask: [['ask', { ...NAME, title: 'Answer kept as', description: 'The variable the answer becomes, such as reason' }],
    ['prompt', { ...WORDED, title: 'Question', description: 'What the customer is asked; {{variable.field}} is filled in' }],
    ['schema', { title: 'Answer', description: 'The JSON schema of the answer\'s value, such as {"type": "string", "enum": ["damaged", "late"]}' }, 'json'],
    ['keypad', KEYPAD]],
  check: [['check', { ...TEXT, title: 'Condition', description: 'A CEL condition over the variables, such as status.delivered == true' }]],
  tool: [['tool', { ...NAME, title: 'Tool', description: 'One of the bot\'s tools' }],
    ['arguments', { title: 'Arguments', description: 'A JSON object; its strings may hold {{variable.field}}' }, 'json'],
    ['as', { ...NAME, title: 'Result kept as', description: 'The variable its result becomes' }]],
  say: [['say', { ...WORDED, title: 'What the bot says', description: '{{variable.field}} is filled in' }],
    ['options', { type: 'array', maxItems: 10, title: 'Replies to tap', description: 'At most 10; a tap sends its value, else its label',
      items: { type: 'object', properties: { label: { type: 'string', maxLength: 200 }, value: { type: 'string', maxLength: 500 } } } }]],
  handoff: [['handoff', { ...TEXT, title: 'Why a person takes over', description: 'The reason the agents read' }]],
  end: [],
  procedure: [['procedure', { ...NAME, title: 'Procedure', description: 'The name of the procedure to run here' }]],
};

export class ProcedureEditor {
  /** The problems the server would refuse the draft's procedures for. */
  problems(document) {
    return procedureProblems(document.procedures);
  }

  /** The procedures setting at {@code path} of {@code form}'s draft, as cards. */
  draw(form, name, schema, path) {
    this.form = form;
    const set = el('fieldset', 'schema__group procedures');
    set.dataset.field = pathText(path);
    set.append(el('legend', null, schema.title ?? name));
    if (schema.description) set.append(el('p', 'hint schema__hint', schema.description));
    const procedures = Array.isArray(form.document.procedures) ? form.document.procedures : [];
    procedures.forEach((procedure, index) => set.append(this.procedure(procedure, [...path, index], procedures)));
    const add = actionButton('Add a procedure', 'Add a procedure', () => {
      const added = [...procedures, freshProcedure(procedures.map((each) => each?.name))];
      this.change(path, added, `${idOf([...path, procedures.length, 'name'])}`);
    });
    add.id = 'procedures-add';
    set.append(add);
    set.append(this.problemLine(path));
    this.tools(set);
    return set;
  }

  /** The tools a tool step picks from (the draft's own; the node's may be typed), and the procedures a step may run. */
  tools(set) {
    const tools = el('datalist');
    tools.id = 'procedure-tools';
    declaredTools(this.form.document).forEach((name) => tools.append(new Option(name, name)));
    const procedures = el('datalist');
    procedures.id = 'procedure-names';
    (this.form.document.procedures ?? []).forEach((procedure) => procedures.append(new Option(procedure?.name, procedure?.name)));
    set.append(tools, procedures);
  }

  procedure(procedure, path, procedures) {
    const section = el('section', 'procedure');
    section.dataset.field = pathText(path);
    const heading = el('h5', 'procedure__title', `Procedure ${procedure?.name || path.at(-1) + 1}`);
    heading.id = `${idOf(path)}-title`;
    section.setAttribute('aria-labelledby', heading.id);
    const head = el('div', 'procedure__head');
    head.append(heading, actionButton('Remove', `Remove procedure ${procedure?.name ?? ''}`.trim(), () => {
      const rest = withoutStep(procedures, path.at(-1));
      this.change(path.slice(0, -1), rest.length ? rest : undefined, 'procedures-add');
    }));
    section.append(head,
      this.form.field('name', { type: 'string', 'x-parley-kept': true, title: 'Name', description: 'Lower-case letters, digits and _: the model starts it as procedure_<name>' }, [...path, 'name']),
      this.form.field('description', { type: 'string', maxLength: 1000, 'x-parley-kept': true, title: 'When it applies', description: 'The model reads this to know when to start it' }, [...path, 'description']),
      this.form.jsonText('inputs', { title: 'Inputs', description: 'The JSON schema of an object: what the model gives to start it' }, [...path, 'inputs']),
      this.steps(procedure?.steps, [...path, 'steps'], 'Steps'),
      this.problemLine(path));
    return section;
  }

  /** A list of steps as cards, and the way to add one of each kind. */
  steps(steps, path, title) {
    const list = Array.isArray(steps) ? steps : [];
    const box = el('div', 'procedure__steps');
    box.dataset.field = pathText(path);
    const heading = el('h6', 'procedure__steps-title', title);
    const cards = el('ol', 'procedure__cards');
    // Whose steps these are, as a screen reader names the list and its buttons.
    const owner = path.at(-1) === 'otherwise' ? `the check at step ${path.at(-2) + 1}`
      : `procedure ${this.form.document.procedures?.[path.at(-2)]?.name || path.at(-2) + 1}`;
    cards.setAttribute('aria-label', `${title} of ${owner}`);
    list.forEach((step, index) => cards.append(this.card(step, [...path, index], list)));
    const kind = el('select', 'procedure__kind');
    kind.id = `${idOf(path)}-kind`;
    kind.setAttribute('aria-label', `Kind of step to add to ${title.toLowerCase()}`);
    Object.entries(STEP_KINDS).forEach(([value, { title: text }]) => kind.append(new Option(text, value)));
    const add = el('div', 'procedure__add');
    const button = actionButton('Add step', `Add a step to ${title.toLowerCase()} of ${owner}`, () => {
      this.change(path, withStep(list, kind.value), null);
      this.form.container.querySelector(`[data-field="${pathText([...path, list.length])}"] :is(input, textarea, select, button)`)?.focus();
    });
    button.id = `${idOf(path)}-add`;
    add.append(kind, button);
    box.append(heading, cards, add, this.problemLine(path));
    return box;
  }

  /** One step's card: its kind and number, its moves, and the fields of its kind. */
  card(step, path, list) {
    const index = path.at(-1);
    const kind = kindOf(step);
    const card = el('li', 'procedure__card');
    card.dataset.field = pathText(path);
    card.dataset.kind = kind ?? 'unknown';
    const heading = el('span', 'procedure__card-title', `Step ${index + 1}: ${kind ? STEP_KINDS[kind].title : 'of no single kind (edit it as JSON)'}`);
    heading.id = `${idOf(path)}-title`;
    const moves = el('div', 'procedure__moves');
    const id = idOf(path.slice(0, -1));
    const move = (by, text, label) => {
      const button = actionButton(text, `${label} step ${index + 1}`, () => {
        const moved = movedStep(list, index, by);
        if (moved === list) return;
        this.change(path.slice(0, -1), moved, `${id}-${index + by}-${by < 0 ? 'up' : 'down'}`);
      });
      button.id = `${id}-${index}-${by < 0 ? 'up' : 'down'}`;
      return button;
    };
    moves.append(move(-1, 'Up', 'Move up'), move(1, 'Down', 'Move down'), actionButton('Remove', `Remove step ${index + 1}`, () => {
      const rest = withoutStep(list, index);
      // A check's otherwise without steps is no otherwise: the check alone ends the procedure when it fails.
      const emptied = rest.length === 0 && path.at(-2) === 'otherwise';
      this.change(path.slice(0, -1), emptied ? undefined : rest, null);
    }));
    const head = el('div', 'procedure__card-head');
    head.append(heading, moves);
    card.setAttribute('aria-labelledby', heading.id);
    card.append(head, ...(FIELDS[kind] ?? []).map(([field, schema, json]) => (json
      ? this.form.jsonText(field, schema, [...path, field]) : this.form.field(field, schema, [...path, field]))));
    if (kind === 'tool') this.toolPicked(card, step, path);
    if (kind === 'procedure') card.querySelector('input')?.setAttribute('list', 'procedure-names');
    if (kind === 'end') card.append(el('p', 'hint', 'The procedure, and any that ran it, ends here as completed.'));
    if (kind === 'check') card.append(this.steps(step.otherwise, [...path, 'otherwise'], 'Otherwise'));
    card.append(this.problemLine(path));
    return card;
  }

  /** A tool step picks from the bot's tools and says who approves the one picked, and that only procedures call it. */
  toolPicked(card, step, path) {
    const input = card.querySelector(`[data-path="${pathText([...path, 'tool'])}"]`);
    input.setAttribute('list', 'procedure-tools');
    // The tool picked is known once the field is left: the card is drawn again to say how it is approved.
    input.addEventListener('change', () => this.form.render(this.form.schema, this.form.document));
    const traits = toolTraits(this.form.document, step.tool);
    const said = [traits && APPROVALS[traits.approval], traits?.procedureOnly && 'Only procedures call it: the model is not offered it.']
      .filter(Boolean).join(' ');
    if (!said) return;
    const line = el('p', 'hint procedure__tool', said);
    line.dataset.approval = traits.approval;
    input.parentElement.append(line);
  }

  problemLine(path) {
    const problem = el('p', 'console__error schema__problem');
    problem.id = `${idOf(path)}-problem`;
    problem.hidden = true;
    return problem;
  }

  /** A change of the cards' structure: the draft changes, the form is drawn again, and the focus goes to {@code focus} (an id). */
  change(path, value, focus) {
    this.form.set(path, value, true);
    if (focus) globalThis.document.getElementById(focus)?.focus();
  }
}
