// The procedures a conversation ran (docs/procedures.md), drawn as a list: in the admin console's
// conversation view and in the agent console beside the conversation (agent-procedure-runs.js).
// Each run with how it ended, then its steps in order, as the client library's model says them
// (/client/procedure-runs.js): what each tool returned, the condition each check tested, what it saw
// and whether it held, each question put to the customer and the answer, the step that ended the run
// or the question still waiting. Values come as the staff's session view gives them (redacted and
// sealed there); only staff read this view.

import { procedureRuns } from '/client/procedure-runs.js';
import { el } from './console-dom.js';
import { when } from './admin-time.js';

/** A line for each field the model does not say in words, as the view gives it. */
const detailLines = (details) => details.map(({ name, value }) => el('p', 'transcript__text', `${name}: ${value}`));

/** The list item of one step: its label and time, what it did, what a check saw, its other fields and what stands out. */
const stepItem = (step) => {
  const item = el('li', 'procedure__step');
  item.dataset.step = step.step;
  item.dataset.kind = step.kind;
  if (step.held !== undefined) item.dataset.held = String(step.held);
  if (step.mark) item.dataset.mark = step.mark;
  item.append(el('p', 'transcript__who', `${step.step} · ${when(step.at)}`), el('p', 'transcript__text', step.text));
  if (step.seen) item.append(el('p', 'transcript__text', `It saw ${step.seen}`));
  item.append(...detailLines(step.details));
  if (step.markText) item.append(el('p', 'procedure__mark', step.markText));
  return item;
};

/** The list item of one run: the procedure, how it stands, and its steps as an ordered list. */
const runItem = (run) => {
  const item = el('li', 'transcript__message procedure');
  item.dataset.procedure = run.procedure;
  item.dataset.outcome = run.outcome.how;
  const heading = el('p', 'procedure__title', `Procedure ${run.procedure} · started ${when(run.startedAt)} · ${run.standing}`);
  heading.id = `procedure-${run.runId}`;
  const steps = el('ol', 'procedure__steps');
  steps.setAttribute('aria-labelledby', heading.id);
  run.steps.forEach((step) => steps.append(stepItem(step)));
  item.append(heading, ...detailLines(run.details), steps);
  return item;
};

/** Fills {@code list} with the conversation's runs ({@code runs}, the view's {@code procedures}), or says there were none. */
export const showProcedureRuns = (list, runs = []) => {
  list.replaceChildren(...procedureRuns(runs).map(runItem));
  if (!runs?.length) list.append(el('li', 'hint', 'No procedures ran.'));
};
