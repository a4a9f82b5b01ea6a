// The form a tool call's server asks the customer to fill in (docs/protocol.md#forms), as the chat
// page and the widget draw it inside the call's approval card: one labelled input per field of the
// `approval` frame's `form` (text, number, whole number, yes or no, a choice), checked as the node
// checks it (required, type, range, length, format, one of the options) before the answers go. The
// labels are the server's; what the form says around them (the problems, "Choose…") is in the
// conversation's language. The answers are the customer's own: nothing here keeps or logs them.

const FORMATS = {
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  uri: /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/,
};
const INPUT_TYPES = { email: 'email', uri: 'url', date: 'date' };

/**
 * The value of `field` the customer gave as `raw` (an input's text, or a checkbox's state), with the
 * problem that stops it as `[key, values]` for `t`; `value` undefined leaves an optional field out.
 */
export function fieldValue(field, raw) {
  if (field.type === 'boolean') return { value: raw === true };
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return field.required ? { problem: ['formRequired'] } : { value: undefined };
  if (field.type === 'number' || field.type === 'integer') {
    const number = Number(text.replace(',', '.'));
    if (!Number.isFinite(number)) return { problem: ['formNumber'] };
    if (field.type === 'integer' && !Number.isInteger(number)) return { problem: ['formWhole'] };
    if (field.minimum !== undefined && number < field.minimum) return { problem: ['formMin', { min: field.minimum }] };
    if (field.maximum !== undefined && number > field.maximum) return { problem: ['formMax', { max: field.maximum }] };
    return { value: number };
  }
  if (field.type === 'choice') {
    return field.options.some((option) => option.value === text) ? { value: text } : { problem: ['formRequired'] };
  }
  const length = [...text].length;
  if (field.minLength !== undefined && length < field.minLength) return { problem: ['formShort', { min: field.minLength }] };
  if (field.maxLength !== undefined && length > field.maxLength) return { problem: ['formLong', { max: field.maxLength }] };
  if (FORMATS[field.format] && !FORMATS[field.format].test(text)) return { problem: ['formFormat'] };
  return { value: text };
}

/**
 * The answers to `fields` read by `read(name)`: `{ answers, problems }`, `problems` a map from a
 * field's name to its `[key, values]`; the answers go only when there is none.
 */
export function formAnswers(fields, read) {
  const answers = {};
  const problems = new Map();
  for (const field of fields) {
    const { value, problem } = fieldValue(field, read(field.name));
    if (problem) problems.set(field.name, problem);
    else if (value !== undefined) answers[field.name] = value;
  }
  return { answers, problems };
}

/**
 * Draws `form` (`{ question, fields }`) in the document: `{ element, read() }`, where read() checks
 * the inputs, marks each field with its problem (in `t`'s words), and returns `formAnswers`. `id`
 * makes the inputs' ids unique on the page (the approval's id).
 */
export function drawForm(form, t, id) {
  const element = document.createElement('div');
  element.className = 'approval__form';
  const inputs = new Map();
  const marks = new Map();
  form.fields.forEach((field, index) => {
    const inputId = `${id}-field-${index}`;
    const row = document.createElement('div');
    row.className = 'approval__field';
    const label = document.createElement('label');
    label.htmlFor = inputId;
    label.textContent = field.label + (field.required ? ' *' : '');
    const input = inputOf(field, t);
    input.id = inputId;
    input.name = field.name;
    if (field.required) input.setAttribute('aria-required', 'true');
    const problem = document.createElement('p');
    problem.className = 'approval__problem';
    problem.id = `${inputId}-problem`;
    const described = [problem.id];
    if (field.type === 'boolean') row.append(input, label);
    else row.append(label, input);
    if (field.description) {
      const hint = document.createElement('p');
      hint.className = 'approval__hint';
      hint.id = `${inputId}-hint`;
      hint.textContent = field.description;
      described.unshift(hint.id);
      row.append(hint);
    }
    input.setAttribute('aria-describedby', described.join(' '));
    row.append(problem);
    element.append(row);
    inputs.set(field.name, input);
    marks.set(field.name, { input, problem });
  });
  const read = () => {
    const filled = formAnswers(form.fields, (name) => {
      const input = inputs.get(name);
      return input.type === 'checkbox' ? input.checked : input.value;
    });
    for (const [name, { input, problem }] of marks) {
      const found = filled.problems.get(name);
      problem.textContent = found ? t(...found) : '';
      if (found) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    return filled;
  };
  return { element, read };
}

function inputOf(field, t) {
  if (field.type === 'choice') {
    const select = document.createElement('select');
    const none = document.createElement('option');
    none.value = '';
    none.textContent = t('formChoose');
    select.append(none, ...field.options.map((option) => {
      const one = document.createElement('option');
      one.value = option.value;
      one.textContent = option.label;
      return one;
    }));
    return select;
  }
  const input = document.createElement('input');
  if (field.type === 'boolean') {
    input.type = 'checkbox';
  } else if (field.type === 'number' || field.type === 'integer') {
    input.type = 'text';
    input.inputMode = field.type === 'integer' ? 'numeric' : 'decimal';
  } else {
    input.type = INPUT_TYPES[field.format] ?? 'text';
    if (field.maxLength !== undefined) input.maxLength = field.maxLength;
  }
  return input;
}
