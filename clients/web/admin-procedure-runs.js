// The procedures a conversation ran (docs/procedures.md), in its admin view: each run with how it
// ended, then its steps in order, with what each tool returned, the condition each check tested,
// what it saw and whether it held, each question put to the customer and the answer. Values come
// as the staff's session view gives them (redacted and sealed there); only staff read this view.

import { el } from './console-dom.js';
import { when } from './admin-time.js';

/** How a run stands, in words: the API's outcome, "handed_over: <reason>" among them. */
const outcomeText = (outcome) => {
  const [how, ...reason] = outcome.split(': ');
  const words = { running: 'still running', completed: 'completed', handed_over: 'handed over to a person', abandoned: 'abandoned' };
  return `${words[how] ?? how}${reason.length ? ` (${reason.join(': ')})` : ''}`;
};

/** A recorded value as people read it: a JSON string as its text, anything else (an object, a number) as given. */
const readable = (value) => {
  try {
    const parsed = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : value;
  } catch {
    return value;
  }
};

/** What a step did, as a sentence: its kind ("tool order_status", "answer confirm", "check") and its value. */
const stepText = (step) => {
  const [kind, name] = step.kind.split(' ');
  const value = readable(step.value ?? '');
  switch (kind) {
    case 'start': return `Started with the inputs ${value}`;
    case 'tool': return `Tool ${name} returned ${value || 'nothing'}`;
    case 'check': return `Check ${step.expression ?? '(its condition is not in this configuration)'}: `
      + (step.error ? `could not be evaluated (${step.error})` : (step.held ? 'held' : 'did not hold'));
    case 'ask': return step.prompt ? `Asked the customer: ${step.prompt}` : 'Asked the customer';
    case 'answer': return `The customer answered ${name}: ${value}`;
    case 'say': return value ? `Said: ${value}` : 'Said its message';
    case 'call': return `Called the procedure ${name}`;
    case 'end': return value ? `Ended: ${value}` : 'Ended';
    default: return value ? `${step.kind}: ${value}` : step.kind;
  }
};

/** The list item of one step: its label and time, what it did and, for a check, what it saw. */
const stepItem = (step) => {
  const item = el('li', 'procedure__step');
  item.dataset.step = step.step;
  item.dataset.kind = step.kind.split(' ')[0];
  if (step.held !== undefined) item.dataset.held = String(step.held);
  item.append(el('p', 'transcript__who', `${step.step} · ${when(step.at)}`), el('p', 'transcript__text', stepText(step)));
  if (step.kind === 'check' && step.value) item.append(el('p', 'transcript__text', `It saw ${step.value}`));
  return item;
};

/** The list item of one run: the procedure, how it stands, and its steps as an ordered list. */
const runItem = (run) => {
  const item = el('li', 'transcript__message procedure');
  item.dataset.procedure = run.procedure;
  item.dataset.outcome = run.outcome.split(':')[0];
  const title = `Procedure ${run.procedure} · started ${when(run.startedAt)} · ${outcomeText(run.outcome)}`
    + (run.position ? `, at ${run.position}` : '');
  const heading = el('p', 'procedure__title', title);
  heading.id = `procedure-${run.runId}`;
  const steps = el('ol', 'procedure__steps');
  steps.setAttribute('aria-labelledby', heading.id);
  run.steps.forEach((step) => steps.append(stepItem(step)));
  item.append(heading, steps);
  return item;
};

/** Fills {@code list} with the conversation's runs ({@code runs}, the view's {@code procedures}), or says there were none. */
export const showProcedureRuns = (list, runs = []) => {
  list.replaceChildren(...runs.map(runItem));
  if (runs.length === 0) list.append(el('li', 'hint', 'No procedures ran.'));
};
