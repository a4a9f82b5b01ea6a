// The procedures a conversation ran (docs/procedures.md), as the support team reads them: the one
// model the admin console's conversation view and the agent console draw. It reads the staff's
// session view's `procedures` (each run with how it stands and its steps) and says each step in
// words: what each tool returned, the condition each check tested, what it saw and whether it held,
// each question put to the customer and the answer, and why the run ended. A step of a kind it does
// not know, and any field it does not know, is still shown as the view gives it.

const OUTCOMES = { running: 'still running', completed: 'completed', handed_over: 'handed over to a person', abandoned: 'abandoned' };

/** The fields of a step (and of a run) said in its sentence or heading; any other is shown as it comes. */
const STEP_FIELDS = new Set(['step', 'kind', 'expression', 'value', 'held', 'error', 'at', 'prompt']);
const RUN_FIELDS = new Set(['runId', 'procedure', 'turnId', 'startedAt', 'outcome', 'position', 'steps']);

/** How a run stands: the API's outcome ("handed_over: <reason>" among them) as {how, reason, text}. */
export const outcomeOf = (outcome = 'running') => {
  const [how, ...rest] = String(outcome).split(': ');
  const reason = rest.join(': ');
  return { how, reason, text: `${OUTCOMES[how] ?? how.replaceAll('_', ' ')}${reason ? ` (${reason})` : ''}` };
};

/** A recorded value as people read it: a JSON string as its text, any other value (an object, a number) as JSON. */
export const readableValue = (value) => {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    const parsed = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : value;
  } catch {
    return value;
  }
};

/** What a step did, as a sentence, from its kind ("tool order_status", "answer confirm", "check") and value. */
export const stepSentence = (step) => {
  const [kind, ...names] = String(step.kind ?? 'step').split(' ');
  const name = names.join(' ');
  const value = readableValue(step.value);
  switch (kind) {
    case 'start': return `Started with the inputs ${value || 'none'}`;
    case 'tool': return `Tool ${name} returned ${value || 'nothing'}`;
    case 'check': return `Check ${step.expression ?? '(its condition is not in this configuration)'}: `
      + (step.error ? `could not be evaluated (${step.error})` : (step.held ? 'held' : 'did not hold'));
    case 'ask': return `Asked the customer${name ? ` for ${name}` : ''}${step.prompt || value ? `: ${step.prompt || value}` : ''}`;
    case 'answer': return `The customer answered ${name}: ${value}`;
    case 'say': return value ? `Said: ${value}` : 'Said its message';
    case 'call': return `Called the procedure ${name}`;
    case 'end': return value ? `Ended: ${value}` : 'Ended';
    default: return value ? `${step.kind}: ${value}` : String(step.kind);
  }
};

/** The fields of {@code object} none of {@code known} says, each as {name, value} in words. */
const otherFields = (object, known) => Object.entries(object)
  .filter(([name, value]) => !known.has(name) && value !== undefined && value !== null && value !== '')
  .map(([name, value]) => ({ name, value: readableValue(value) }));

/**
 * What stands out about the step at {@code index} of {@code run}: the last step of a run that is
 * over ended it ({@code ended}, or {@code handedOver} when it handed the conversation over); an ask
 * of a running run that no answer followed is the question waiting for the customer.
 */
const markOf = (run, how, index) => {
  const { steps } = run;
  const step = steps[index];
  if (how !== 'running') return index === steps.length - 1 ? (how === 'handed_over' ? 'handedOver' : 'ended') : null;
  if (!String(step.kind).startsWith('ask')) return null;
  const answered = steps.slice(index + 1).some((later) => later.step === step.step && String(later.kind).startsWith('answer'));
  return answered ? null : 'waiting';
};

const MARKS = {
  handedOver: 'The conversation was handed over to a person here.',
  ended: 'The run ended here.',
  waiting: 'Waiting for the customer\'s answer.',
};

/**
 * One run ({@code run}: an entry of the view's {@code procedures}) as the consoles draw it: its
 * procedure, how it stands ({@code outcome}: {how, reason, text}; {@code standing}: in words with the
 * step a running one is at), its other fields, and its steps, each with its sentence, what a check saw ({@code seen}), its
 * other fields ({@code details}) and what stands out about it ({@code mark}, {@code markText}).
 */
export const procedureRun = (run) => {
  const outcome = outcomeOf(run.outcome);
  const steps = run.steps ?? [];
  return {
    runId: run.runId,
    procedure: run.procedure,
    startedAt: run.startedAt,
    outcome,
    position: run.position ?? null,
    standing: `${outcome.text}${run.position ? `, at ${run.position}` : ''}`,
    details: otherFields(run, RUN_FIELDS),
    steps: steps.map((step, index) => {
      const mark = markOf({ steps }, outcome.how, index);
      return {
        step: step.step,
        kind: String(step.kind ?? 'step').split(' ')[0],
        at: step.at,
        held: step.held,
        text: stepSentence(step),
        seen: String(step.kind).startsWith('check') && step.value ? readableValue(step.value) : null,
        details: otherFields(step, STEP_FIELDS),
        mark,
        markText: mark ? MARKS[mark] : null,
      };
    }),
  };
};

/** The runs of a session view's {@code procedures}, newest last as the view lists them. */
export const procedureRuns = (runs = []) => (runs ?? []).map(procedureRun);

/** Whether two views' {@code procedures} say the same, so a view drawn already need not be drawn again. */
export const sameRuns = (a = [], b = []) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
