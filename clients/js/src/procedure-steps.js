// A bot configuration's procedures as the admin console's editor edits them (docs/procedures.md):
// each step of one kind, new steps of each kind, steps added, removed and moved, and the problems
// the server refuses a document for, found as the admin types with the same rules and the same
// wording (core's ProcedureDocument, ProcedureSteps, ProcedureValidation), each naming the field it
// is about. What only the server can judge (a check's CEL, an ask's JSON schema beyond its type, the
// node's own tools) is left to it: its problems, named the same way, are shown at the same fields.
// Pure: edits return new lists and leave what they are given as it was.

/** Each step kind: what it is called, the other fields it may have, and the new step an admin starts from. */
export const STEP_KINDS = {
  ask: { title: 'Ask the customer', fields: ['prompt', 'schema', 'texts', 'keypad'], fresh: () => ({ ask: '', prompt: '', schema: { type: 'string' } }) },
  check: { title: 'Check', fields: ['otherwise'], fresh: () => ({ check: '' }) },
  tool: { title: 'Call a tool', fields: ['arguments', 'as'], fresh: () => ({ tool: '', arguments: {}, as: '' }) },
  say: { title: 'Say', fields: ['options', 'texts'], fresh: () => ({ say: '' }) },
  handoff: { title: 'Hand over to a person', fields: [], fresh: () => ({ handoff: '' }) },
  end: { title: 'End', fields: [], fresh: () => ({ end: true }) },
  procedure: { title: 'Run another procedure', fields: [], fresh: () => ({ procedure: '' }) },
};

const KIND_NAMES = Object.keys(STEP_KINDS).sort();
const VARIABLE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const NAME = /^[a-z0-9][a-z0-9_]{0,39}$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+|\[\d{1,4}\])*)\s*\}\}/g;
const ANY_PLACEHOLDER = /\{\{\s*[^{}]*\}\}/g;
const MAX_PROCEDURES = 20;
const MAX_STEPS = 50;
const MAX_TEXT = 1000;
const MAX_DEPTH = 4;

/** The kind of {@code step}: its one field among the kinds, or null when it has none or several. */
export const kindOf = (step) => {
  const kinds = step && typeof step === 'object' && !Array.isArray(step) ? Object.keys(step).filter((field) => STEP_KINDS[field]) : [];
  return kinds.length === 1 ? kinds[0] : null;
};

/** A new step of {@code kind}, with the fields it needs, empty. */
export const freshStep = (kind) => STEP_KINDS[kind].fresh();

/** {@code steps} with a new step of {@code kind} at the end. */
export const withStep = (steps, kind) => [...(steps ?? []), freshStep(kind)];

/** {@code steps} without the one at {@code index}. */
export const withoutStep = (steps, index) => steps.filter((unused, other) => other !== index);

/** {@code steps} with the one at {@code index} moved {@code by} places (-1 up, 1 down); as they were at either end. */
export const movedStep = (steps, index, by) => {
  const to = index + by;
  if (to < 0 || to >= steps.length) return steps;
  const moved = [...steps];
  [moved[index], moved[to]] = [moved[to], moved[index]];
  return moved;
};

/** A new procedure: a name, when it applies, what it starts with and one step. */
export const freshProcedure = (taken) => {
  let n = 1;
  while (taken.includes(`procedure_${n}`)) n++;
  return { name: `procedure_${n}`, description: '', inputs: { type: 'object', properties: {} }, steps: [freshStep('say')] };
};

/**
 * The names of the tools a procedure's tool step may call that the document itself declares: its
 * HTTP tools and the tools its MCP servers list (as {@code <server>_<tool>}). The node's own tools
 * are known to the server only.
 */
export const declaredTools = (document) => [
  ...(document?.httpTools ?? []).map((tool) => tool?.name),
  ...(document?.mcpServers ?? []).flatMap((server) => (server?.tools ?? []).map((tool) => `${server?.name}_${tool?.name}`)),
].filter((name) => typeof name === 'string' && name && !name.startsWith('undefined_'));

/** The declared tool named {@code name}: who approves its calls ("none" when nobody) and whether only procedures call it. */
export const toolTraits = (document, name) => {
  const http = (document?.httpTools ?? []).find((tool) => tool?.name === name);
  const mcp = (document?.mcpServers ?? []).flatMap((server) => (server?.tools ?? [])
    .map((tool) => ({ ...tool, name: `${server?.name}_${tool?.name}` }))).find((tool) => tool.name === name);
  const tool = http ?? mcp;
  return tool ? { approval: tool.approval ?? 'none', procedureOnly: tool.procedureOnly === true } : null;
};

/** The procedures as the JSON tab shows them. */
export const proceduresText = (procedures) => JSON.stringify(procedures ?? [], null, 2);

/** JSON text read back into procedures: the list, or why it cannot be one (the editor keeps the last good list meanwhile). */
export const readProcedures = (text) => {
  if (text.trim() === '') return { procedures: [] };
  try {
    const procedures = JSON.parse(text);
    return Array.isArray(procedures) ? { procedures } : { problem: 'procedures: must be a list of procedures' };
  } catch (failure) {
    return { problem: `not JSON: ${failure.message}` };
  }
};

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A language tag in canonical form (BCP 47), as the server accepts for a text's language. */
const canonicalTag = (tag) => {
  try {
    return Intl.getCanonicalLocales(tag)[0] === tag;
  } catch {
    return false;
  }
};

/** The variables a text's placeholders name, or null when one of its {{...}} is no placeholder. */
const roots = (text) => {
  const any = String(text).match(ANY_PLACEHOLDER) ?? [];
  if (any.some((whole) => !new RegExp(`^${PLACEHOLDER.source}$`).test(whole))) return null;
  return [...String(text).matchAll(PLACEHOLDER)].map((match) => /^[A-Za-z][A-Za-z0-9_]*/.exec(match[1])[0]);
};

/** The strings of a tool step's arguments, however deep. */
const strings = (value) => (typeof value === 'string' ? [value]
  : isObject(value) || Array.isArray(value) ? Object.values(value).flatMap(strings) : []);

class Validation {
  constructor(procedures, tools) {
    this.procedures = procedures;
    this.tools = tools;
    this.problems = [];
  }

  text(step, field, at) {
    const value = step[field];
    if (typeof value !== 'string' || value.trim() === '') this.problems.push(`${at}.${field}: must be a non-empty string`);
    else if (value.length > MAX_TEXT) this.problems.push(`${at}.${field}: at most ${MAX_TEXT} characters`);
  }

  variable(step, field, at) {
    const name = typeof step[field] === 'string' ? step[field].trim() : '';
    if (name === '') this.problems.push(`${at}.${field}: must be a non-empty string`);
    else if (!VARIABLE.test(name)) this.problems.push(`${at}.${field}: must be a variable name (a letter, then letters, digits or _; at most 40)`);
    else if (name === 'inputs' || name === 'now') this.problems.push(`${at}.${field}: ${name} is the procedure's own; choose another name`);
  }

  /** The shape of each step, as the server reads it (ProcedureSteps). */
  steps(steps, at, depth) {
    if (!Array.isArray(steps) || steps.length === 0) {
      this.problems.push(`${at}: must be a non-empty list of steps`);
      return;
    }
    if (steps.length > MAX_STEPS) this.problems.push(`${at}: at most ${MAX_STEPS} steps`);
    steps.forEach((step, index) => this.step(step, `${at}[${index}]`, depth));
  }

  step(step, at, depth) {
    if (!isObject(step)) {
      this.problems.push(`${at}: must be an object with one of ${KIND_NAMES.join(', ')}`);
      return;
    }
    const kinds = Object.keys(step).filter((field) => STEP_KINDS[field]);
    if (kinds.length !== 1) {
      this.problems.push(`${at}: must have exactly one of ${KIND_NAMES.join(', ')}${kinds.length ? ` (has ${kinds.join(', ')})` : ''}`);
      return;
    }
    const [kind] = kinds;
    Object.keys(step).filter((field) => field !== kind && !STEP_KINDS[kind].fields.includes(field))
      .forEach((field) => this.problems.push(`${at}.${field}: not a field of ${kind} steps`));
    if (kind === 'tool') {
      this.text(step, 'tool', at);
      if (step.arguments !== undefined && !isObject(step.arguments)) this.problems.push(`${at}.arguments: must be an object`);
      this.variable(step, 'as', at);
    } else if (kind === 'check') {
      this.text(step, 'check', at);
      if (depth >= MAX_DEPTH) this.problems.push(`${at}.otherwise: checks nest at most ${MAX_DEPTH} deep`);
      if (step.otherwise !== undefined) this.steps(step.otherwise, `${at}.otherwise`, depth + 1);
    } else if (kind === 'ask') {
      this.variable(step, 'ask', at);
      this.text(step, 'prompt', at);
      if (!isObject(step.schema)) this.problems.push(`${at}.schema: must be the JSON schema of the answer, e.g. {"type": "string"}`);
      this.texts(step, at);
    } else if (kind === 'say') {
      this.text(step, 'say', at);
      this.texts(step, at);
    } else if (kind === 'end') {
      if (step.end !== true) this.problems.push(`${at}.end: must be true`);
    } else {
      this.text(step, kind, at);
    }
  }

  texts(step, at) {
    if (step.texts === undefined) return;
    if (!isObject(step.texts)) {
      this.problems.push(`${at}.texts: must be an object of languages, each its text, e.g. {"de": "..."}`);
      return;
    }
    Object.keys(step.texts).forEach((language) => {
      if (!canonicalTag(language)) this.problems.push(`${at}.texts.${language}: not a language tag in canonical form (BCP 47, e.g. de or pt-BR)`);
      else this.text(step.texts, language, `${at}.texts`);
    });
  }

  /** What the steps name, walked in order (ProcedureValidation): tools, variables set before, procedures called. */
  walk(steps, at, known, calls, report) {
    steps.forEach((step, index) => {
      const here = `${at}[${index}]`;
      const add = (problem) => report && this.problems.push(problem);
      const templated = (text, where) => this.templated(text, where, known, add);
      switch (kindOf(step)) {
        case 'tool':
          if (this.tools && !this.tools.includes(step.tool)) add(`${here}.tool: no tool is named ${step.tool} (known: ${[...this.tools].sort().join(', ')})`);
          strings(step.arguments ?? {}).forEach((text) => templated(text, `${here}.arguments`));
          known.add(step.as);
          break;
        case 'check':
          this.walk(step.otherwise ?? [], `${here}.otherwise`, new Set(known), calls, report);
          break;
        case 'ask':
          templated(step.prompt, `${here}.prompt`);
          Object.entries(step.texts ?? {}).forEach(([language, text]) => templated(text, `${here}.texts.${language}`));
          known.add(step.ask);
          break;
        case 'say':
          templated(step.say, `${here}.say`);
          Object.entries(step.texts ?? {}).forEach(([language, text]) => templated(text, `${here}.texts.${language}`));
          break;
        case 'procedure': {
          const callee = this.procedures.findIndex((procedure) => procedure.name === step.procedure);
          if (callee < 0) add(`${here}.procedure: no procedure is named ${step.procedure}`);
          else if (calls.includes(step.procedure)) {
            if (!this.problems.some((problem) => problem.startsWith(`${here}.procedure:`))) {
              this.problems.push(`${here}.procedure: ${step.procedure} would call itself (${[...calls, step.procedure].join(' → ')})`);
            }
          } else {
            this.walk(this.procedures[callee].steps, `procedures[${callee}].steps`, known, [...calls, step.procedure], false);
          }
          break;
        }
        default:
      }
    });
  }

  templated(text, at, known, add) {
    const named = roots(text);
    if (named === null) {
      add(`${at}: a {{...}} must be a variable and its fields, such as {{inputs.order}}`);
      return;
    }
    const unknown = [...new Set(named.filter((root) => !known.has(root)))].sort();
    if (unknown.length) add(`${at}: no step before sets ${unknown.join(', ')} (known here: ${[...known].sort().join(', ')})`);
  }
}

/**
 * The problems the server would refuse {@code procedures} for, as it words them; {@code tools} are
 * the tool names a tool step may call (left unchecked when not given: the node's own are the
 * server's to know). As the server does, what the steps name is checked once their shape is right.
 */
export const procedureProblems = (procedures, tools = null) => {
  if (procedures === undefined) return [];
  const validation = new Validation(procedures, tools);
  if (!Array.isArray(procedures)) return ['procedures: must be a list of procedures'];
  if (procedures.length > MAX_PROCEDURES) validation.problems.push(`procedures: at most ${MAX_PROCEDURES}`);
  const names = new Set();
  procedures.forEach((procedure, index) => {
    const at = `procedures[${index}]`;
    if (!isObject(procedure)) {
      validation.problems.push(`${at}: must be an object with name, description, inputs and steps`);
      return;
    }
    Object.keys(procedure).filter((field) => !['name', 'description', 'inputs', 'steps'].includes(field))
      .forEach((field) => validation.problems.push(`${at}.${field}: not a field of a procedure (known: name, description, inputs, steps)`));
    if (typeof procedure.name !== 'string' || !NAME.test(procedure.name)) {
      validation.problems.push(`${at}.name: must be lower-case letters, digits and _, at most 40, e.g. "refund"`);
    } else if (names.has(procedure.name)) validation.problems.push(`${at}.name: ${procedure.name} is used twice`);
    names.add(procedure.name);
    if (typeof procedure.description !== 'string' || procedure.description.trim() === '') {
      validation.problems.push(`${at}.description: must say when the procedure applies, for the model`);
    } else if (procedure.description.length > MAX_TEXT) validation.problems.push(`${at}.description: at most ${MAX_TEXT} characters`);
    if (procedure.inputs !== undefined && (!isObject(procedure.inputs) || procedure.inputs.type !== 'object')) {
      validation.problems.push(`${at}.inputs: must be the JSON schema of what the procedure needs to start, {"type": "object", "properties": {...}}`);
    }
    validation.steps(procedure.steps, `${at}.steps`, 0);
  });
  if (validation.problems.length) return validation.problems;
  procedures.forEach((procedure, index) => validation.walk(procedure.steps, `procedures[${index}].steps`,
    new Set(['inputs']), [procedure.name], true));
  return validation.problems;
};
