// A form generated from a JSON Schema (the bot configuration's, GET /v1/config/schema), editing a
// JSON document in place: each field sets or removes its own setting, so whatever the form cannot
// say (a setting it does not know, an explicit []) stays in the document as it was. Objects are
// fieldsets, strings text fields, numbers number fields, booleans and enums choices with "not set",
// arrays of enums check boxes, other arrays a list of items to add and remove. The server's problems
// ("widget.accentColor: must be ...") are shown at the field they name. The schema's own metadata
// shapes the form: a setting's title is its label, x-parley-groups puts the top-level settings into
// sections by task (in the order listed), a deprecated setting is shown only while it is set, and a
// setting with x-parley-view is edited in that view of the console only (the company's own tools in
// Tools), the form saying how many it holds and leading there; a setting with x-parley-editor is drawn
// by the editor the form is given for it (the procedures' cards), which edits it with the form's own
// fields, a JSON schema among them as its JSON text (kept in the document once it parses).
// What a customer reads is worded per language (clients/js bot-wording.js): a text setting with
// x-parley-in-language has a language switcher, every language's text as the placeholder of a
// language without its own; an object of texts by language with x-parley-texts shows one language's
// texts at a time, the keys it lists first (a choice where x-parley-text-choices lists the values:
// the formality); one with x-parley-worded-by is worded by those settings.

import { textsIn, wordedLanguages, wordingIn } from '/client/bot-wording.js';
import { actionButton, el } from './console-dom.js';
import { WordedTexts } from './admin-worded-text.js';

const NOT_SET = '(not set)';

/** "accentColor" as a label reads: "Accent color"; "purchase_intent": "Purchase intent". */
const label = (name) => {
  const words = String(name).replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A path as the server's problems name it: widget.greeting, redactPatterns[0].regex. */
export const pathText = (path) => path.reduce((text, step) => (typeof step === 'number' ? `${text}[${step}]` : text ? `${text}.${step}` : step), '');

export const idOf = (path) => `setting-${pathText(path).replace(/[^A-Za-z0-9]+/g, '-')}`;

/** The setting's label: the schema's title, else its name as words. */
const titled = (name, schema) => schema.title ?? label(name);

const isEnumArray = (schema) => schema.type === 'array' && Array.isArray(schema.items?.enum);

/** The value at {@code path} of {@code document}, or undefined. */
const read = (document, path) => path.reduce((value, step) => (value == null ? undefined : value[step]), document);

/**
 * Sets (or, for undefined, removes) the value at {@code path}; objects left empty by a removal go
 * too, so clearing a widget's last setting leaves no "widget": {}.
 */
const write = (document, path, value) => {
  const parents = [document];
  for (const step of path.slice(0, -1)) {
    const parent = parents.at(-1);
    if (parent[step] == null || typeof parent[step] !== 'object') {
      if (value === undefined) return;
      parent[step] = typeof step === 'number' ? [] : {};
    }
    parents.push(parent[step]);
  }
  const last = path.at(-1);
  if (value === undefined) delete parents.at(-1)[last];
  else parents.at(-1)[last] = value;
  for (let depth = parents.length - 1; depth > 0; depth--) {
    const node = parents[depth];
    if (Array.isArray(node) || Object.keys(node).length > 0 || typeof path[depth - 1] === 'number') break;
    delete parents[depth - 1][path[depth - 1]];
  }
};

export class SchemaForm {
  /**
   * {@code container} holds the fields; {@code changed} is told the whole document after each edit;
   * {@code openView} opens the console's view that edits a setting with x-parley-view; {@code editors}
   * edit a setting with x-parley-editor, by its value (each draws the setting and finds its problems).
   */
  constructor(container, changed, openView, editors = {}) {
    this.container = container;
    this.changed = changed;
    this.openView = openView;
    this.schema = null;
    this.document = {};
    this.problems = new Map();
    this.refused = [];
    this.editors = editors;
    this.wording = new WordedTexts(() => this.render(this.schema, this.document));
  }

  /** Draws the fields of {@code schema} holding {@code document}'s settings (a copy, edited from now on). */
  render(schema, document) {
    this.schema = schema;
    this.document = structuredClone(document ?? {});
    const focused = this.container.contains(globalThis.document.activeElement) ? globalThis.document.activeElement.id : null;
    this.container.replaceChildren(...(schema['x-parley-groups'] ? this.sections(schema) : this.fields(schema, [])));
    this.showProblems(this.refused);
    if (focused) globalThis.document.getElementById(focused)?.focus();
  }

  fields(schema, path) {
    return Object.entries(schema.properties ?? {})
      .filter(([name, property]) => !property.deprecated || read(this.document, [...path, name]) !== undefined)
      .filter(([, property]) => !property['x-parley-worded-by'])
      .map(([name, property]) => this.field(name, property, [...path, name]));
  }

  /** The top-level settings in their sections, a heading each; a setting no group lists goes in the last. */
  sections(schema) {
    const groups = schema['x-parley-groups'];
    const listed = new Set(groups.flatMap((group) => group.settings));
    return groups.map((group, index) => {
      const names = [...group.settings, ...(index === groups.length - 1
        ? Object.keys(schema.properties).filter((name) => !listed.has(name)) : [])];
      const section = el('section', 'schema__section');
      const heading = el('h4', 'schema__heading', group.title);
      heading.id = `settings-${index}`;
      section.setAttribute('aria-labelledby', heading.id);
      section.dataset.section = group.title;
      const only = { properties: Object.fromEntries(names.filter((name) => schema.properties[name])
        .map((name) => [name, schema.properties[name]])) };
      section.append(heading, ...this.fields(only, []));
      return section;
    });
  }

  field(name, schema, path) {
    if (schema['x-parley-view']) return this.elsewhere(name, schema, path);
    if (this.editors[schema['x-parley-editor']]) return this.editors[schema['x-parley-editor']].draw(this, name, schema, path);
    if (schema['x-parley-in-language']) return this.worded(name, schema, path);
    if (schema['x-parley-texts']) return this.textsByLanguage(name, schema, path);
    if (schema.type === 'object') return this.group(name, schema, path);
    if (isEnumArray(schema)) return this.choices(name, schema, path);
    if (schema.type === 'array') return this.list(name, schema, path);
    const box = el('div', 'schema__field');
    box.dataset.field = pathText(path);
    const id = idOf(path);
    const control = this.control(schema, path, id);
    const title = el('label', null, titled(name, schema));
    title.htmlFor = id;
    box.append(title, control);
    this.describe(box, control, schema, id);
    return box;
  }

  /** The input of one plain setting: a choice, a number or text. */
  control(schema, path, id) {
    const value = read(this.document, path);
    // An item of a list is never removed by emptying it (that would leave a hole): it stays, empty, until
    // removed; so does a field x-parley-kept says its object cannot be without (a procedure step's kind).
    const empty = typeof path.at(-1) === 'number' || schema['x-parley-kept'] ? '' : undefined;
    let control;
    if (schema.type === 'boolean' || schema.enum) {
      control = el('select');
      const options = schema.enum ?? [true, false];
      control.append(new Option(NOT_SET, ''), ...options.map((option) => new Option(
        schema.type === 'boolean' ? (option ? 'Yes' : 'No') : String(option), JSON.stringify(option))));
      control.value = value === undefined ? '' : JSON.stringify(value);
      control.addEventListener('change', () => this.set(path, control.value === '' ? undefined : JSON.parse(control.value)));
    } else if (schema.type === 'integer' || schema.type === 'number') {
      control = el('input');
      control.type = 'number';
      control.step = schema.type === 'integer' ? '1' : 'any';
      if (schema.minimum !== undefined) control.min = schema.minimum;
      if (schema.maximum !== undefined) control.max = schema.maximum;
      control.value = value ?? '';
      // A number the browser cannot read stays as typed in the field and is left out of the document until it can.
      control.addEventListener('input', () => this.set(path, control.value === '' ? empty : Number(control.value)));
    } else {
      // Long free text (instructions, greetings) gets lines; an address or a patterned value one line.
      const long = (schema.maxLength ?? 0) > 200 && !schema.pattern && !schema.format;
      control = el(long ? 'textarea' : 'input');
      if (long) control.rows = 3;
      else if (schema.format === 'uri') control.type = 'url';
      if (schema.maxLength) control.maxLength = schema.maxLength;
      control.spellcheck = long;
      control.value = value ?? '';
      control.addEventListener('input', () => this.set(path, control.value === '' ? empty : control.value));
    }
    control.id = id;
    control.dataset.path = pathText(path);
    return control;
  }

  /** The bot's own language, the one its texts are written in (widget.language). */
  get ownLanguage() {
    return this.document.widget?.language ?? '';
  }

  /** The languages a text is worded in: the bot's own first. */
  get offeredLanguages() {
    return wordedLanguages(this.document, this.schema['x-parley-languages'] ?? []);
  }

  /** A text setting worded per language (x-parley-in-language): every language's text, or one language's. */
  worded(name, schema, path) {
    const id = idOf(path);
    const { box, control } = this.wording.field(pathText(path), id, titled(name, schema), this.offeredLanguages, (language) => {
      const wording = wordingIn(this.document, schema['x-parley-in-language'], path, language, this.ownLanguage);
      return { control: this.control(schema, wording.path, id), placeholder: wording.placeholder };
    });
    box.dataset.field = pathText(path);
    this.describe(box, control, schema, id);
    return box;
  }

  /** An object of texts by language (x-parley-texts): one language's texts, the keys it offers first. */
  textsByLanguage(name, schema, path) {
    const set = this.fieldset(name, schema, path, 'schema__texts');
    const { switcher, language } = this.wording.switcher(pathText(path), `${idOf(path)}-language`, titled(name, schema),
      this.offeredLanguages, { fallback: this.ownLanguage || this.schema['x-parley-languages']?.[0] });
    const chooser = el('label', null, 'Language');
    chooser.htmlFor = switcher.id;
    switcher.removeAttribute('aria-label');
    const head = el('div', 'schema__worded-head');
    head.append(chooser, switcher);
    set.append(head);
    const item = schema.additionalProperties?.additionalProperties ?? { type: 'string' };
    const offered = schema['x-parley-texts'];
    textsIn(read(this.document, path), Object.keys(offered), language, this.ownLanguage,
      schema['x-parley-text-languages']).forEach(({ key, placeholder }) => {
      const box = el('div', 'schema__field');
      const id = idOf([...path, key]);
      const title = el('label', null, offered[key] ?? key);
      title.htmlFor = id;
      const choices = schema['x-parley-text-choices']?.[key];
      const control = this.control(choices ? { enum: choices } : item, [...path, language, key], id);
      box.append(title, choices ? control : WordedTexts.inLanguage(control, language, placeholder));
      set.append(box);
    });
    this.problemLine(set, path);
    return set;
  }

  /** The schema's description, and where the server's problem with the setting is shown, both read with the field. */
  describe(box, control, schema, id) {
    const described = [];
    if (schema.description) {
      const hint = el('p', 'hint schema__hint', schema.description);
      hint.id = `${id}-hint`;
      box.append(hint);
      described.push(hint.id);
    }
    const problem = el('p', 'console__error schema__problem');
    problem.id = `${id}-problem`;
    problem.hidden = true;
    box.append(problem);
    described.push(problem.id);
    control.setAttribute('aria-describedby', described.join(' '));
  }

  /** A fieldset for the setting {@code path}, its legend the name and its description beneath. */
  fieldset(name, schema, path, className) {
    const set = el('fieldset', `schema__group ${className}`.trim());
    set.dataset.field = pathText(path);
    set.append(el('legend', null, titled(name, schema)));
    if (schema.description) set.append(el('p', 'hint schema__hint', schema.description));
    return set;
  }

  group(name, schema, path) {
    const set = this.fieldset(name, schema, path, '');
    set.append(...this.fields(schema, path));
    this.problemLine(set, path);
    return set;
  }

  /** A setting another view edits: how many entries it holds, and the way there. */
  elsewhere(name, schema, path) {
    const set = this.fieldset(name, schema, path, 'schema__elsewhere');
    const value = read(this.document, path);
    const count = Array.isArray(value) ? value.length : 0;
    const view = label(schema['x-parley-view']);
    set.append(el('p', null, `${count === 0 ? 'None' : count} in this draft: added, changed and tested in the ${view} view.`));
    set.append(this.button(`Open the ${view} view`, `Open the ${view} view for ${titled(name, schema).toLowerCase()}`,
      () => this.openView(schema['x-parley-view'])));
    this.problemLine(set, path);
    return set;
  }

  /** A setting edited as JSON text: set once the text parses, removed when emptied. */
  jsonText(name, schema, path) {
    const box = el('div', 'schema__field');
    box.dataset.field = pathText(path);
    const id = idOf(path);
    const control = el('textarea');
    control.rows = 8;
    control.spellcheck = false;
    const value = read(this.document, path);
    control.value = value === undefined ? '' : JSON.stringify(value, null, 2);
    control.addEventListener('input', () => {
      if (control.value.trim() === '') return this.set(path, undefined);
      try {
        this.set(path, JSON.parse(control.value));
        control.setCustomValidity('');
      } catch {
        control.setCustomValidity('Not JSON yet');
      }
    });
    control.id = id;
    control.dataset.path = pathText(path);
    const title = el('label', null, titled(name, schema));
    title.htmlFor = id;
    box.append(title, control);
    this.describe(box, control, schema, id);
    return box;
  }

  /** An array of enum values: a check box each. */
  choices(name, schema, path) {
    const set = this.fieldset(name, schema, path, 'schema__choices');
    const chosen = read(this.document, path) ?? [];
    schema.items.enum.forEach((option) => {
      const box = el('input');
      box.type = 'checkbox';
      box.id = `${idOf(path)}-${String(option).replace(/[^A-Za-z0-9]+/g, '-')}`;
      box.value = option;
      box.checked = chosen.includes(option);
      box.dataset.path = pathText(path);
      box.addEventListener('change', () => {
        const picked = [...set.querySelectorAll('input[type="checkbox"]:checked')].map((checked) => checked.value);
        this.set(path, picked.length ? picked : undefined);
      });
      const choice = el('label', 'schema__choice');
      choice.append(box, ` ${option}`);
      set.append(choice);
    });
    this.problemLine(set, path);
    return set;
  }

  /** Any other array: its items, each removable, and one more to add. */
  list(name, schema, path) {
    const set = this.fieldset(name, schema, path, 'schema__list');
    const items = read(this.document, path) ?? [];
    const noun = titled(name, schema).toLowerCase();
    items.forEach((item, index) => {
      const itemPath = [...path, index];
      const row = schema.items?.type === 'object'
        ? this.group(`${titled(name, schema)} ${index + 1}`, { ...schema.items, title: undefined }, itemPath)
        : this.field(`${titled(name, schema)} ${index + 1}`, { ...(schema.items ?? { type: 'string' }), title: undefined }, itemPath);
      row.classList.add('schema__item');
      row.append(this.button('Remove', `Remove ${noun} ${index + 1}`, () => {
        const rest = items.filter((unused, other) => other !== index);
        this.set(path, rest.length ? rest : undefined, true);
      }));
      set.append(row);
    });
    set.append(this.button(`Add ${schema.items?.type === 'object' ? 'one' : 'an item'}`, `Add to ${noun}`, () => {
      this.set(path, [...items, schema.items?.type === 'object' ? {} : ''], true);
      this.container.querySelector(`[data-field="${pathText([...path, items.length])}"] :is(input, select, textarea)`)?.focus();
    }));
    this.problemLine(set, path);
    return set;
  }

  button(text, name, action) {
    return actionButton(text, name, action);
  }

  problemLine(set, path) {
    const problem = el('p', 'console__error schema__problem');
    problem.id = `${idOf(path)}-problem`;
    problem.hidden = true;
    set.append(problem);
  }

  /** One edit: the document changes, the caller hears of it; a list's add or remove redraws the form. */
  set(path, value, redraw = false) {
    write(this.document, path, value);
    // Redrawn, the form shows the problems found as typed; otherwise they are found again here.
    if (redraw) this.render(this.schema, this.document);
    else this.showProblems(this.refused);
    this.changed(structuredClone(this.document));
  }

  /**
   * Shows each of the server's problems at the field it names, else at the nearest group holding it
   * (a problem of "limits" or of "redactPatterns[2]"); one it cannot place is left to the caller's list.
   * The problems the setting editors find as the admin types are shown with them.
   */
  showProblems(problems) {
    this.refused = problems;
    const found = Object.values(this.editors).flatMap((editor) => editor.problems(this.document));
    this.problems = placeProblems(this.container, [...new Set([...problems, ...found])]);
  }
}

/**
 * Shows each problem ("path: what is wrong") in {@code container} at the field its path names (the
 * element whose data-field is that path), else at the nearest one holding it, its controls marked
 * invalid; the problems shown before are cleared. Answers the problems placed, by where.
 */
export const placeProblems = (container, problems) => {
  container.querySelectorAll('.schema__problem').forEach((line) => { line.hidden = true; line.textContent = ''; });
  container.querySelectorAll('[aria-invalid]').forEach((field) => field.removeAttribute('aria-invalid'));
  const placed = new Map();
  problems.forEach((problem) => {
    const named = /^([A-Za-z0-9_.[\]-]+): /.exec(problem)?.[1];
    let where = named;
    while (where && !container.querySelector(`[data-field="${where}"] > .schema__problem`)) where = where.replace(/(\[\d+\]|\.[^.[]+)$/, '') || null;
    if (!where) return;
    const field = container.querySelector(`[data-field="${where}"]`);
    const line = field.querySelector(':scope > .schema__problem');
    line.hidden = false;
    line.textContent = line.textContent ? `${line.textContent} ${problem}` : problem;
    field.querySelectorAll(':scope > [data-path], :scope > label > [data-path]').forEach((control) => control.setAttribute('aria-invalid', 'true'));
    placed.set(where, [...(placed.get(where) ?? []), problem]);
  });
  return placed;
};
