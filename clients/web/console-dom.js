// The DOM shorthands the consoles (agent.js, admin.js and its views) share.

export const $ = (id) => document.getElementById(id);

export const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

/** A plain button (not a form's submit) named {@code label} for assistive technology, doing {@code action}. */
export const actionButton = (text, label, action) => {
  const button = el('button', 'button button--ghost', text);
  button.type = 'button';
  button.setAttribute('aria-label', label);
  button.addEventListener('click', action);
  return button;
};

/** A table's one row saying it has none ({@code text}), across its {@code columns}. */
export const emptyRow = (text, columns) => {
  const row = el('tr');
  const cell = el('td', 'hint', text);
  cell.colSpan = columns;
  row.append(cell);
  return row;
};

/** A table row with a text cell per entry of {@code cells}; {@code data} becomes its data-* attributes. */
export const textRow = (cells, data) => {
  const row = el('tr');
  Object.assign(row.dataset, data);
  cells.forEach((text) => row.append(el('td', null, text)));
  return row;
};

/** Fills the list {@code id} with an item per entry (drawn by {@code draw}), or the {@code empty} line. */
export const fill = (id, entries, empty, draw) => {
  const list = $(id);
  list.replaceChildren();
  if (entries.length === 0) list.append(el('li', 'hint', empty));
  entries.forEach((entry) => {
    const item = el('li', 'admin__item');
    draw(item, entry);
    list.append(item);
  });
};

/** Hands {@code file} (a Blob) to the browser as a download named {@code name}. */
export const saveFile = (file, name) => {
  const link = el('a');
  link.href = URL.createObjectURL(file);
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the object URL after the click's task: let it go a little later.
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
};

/**
 * Shows {@code problem} (null: none) in the line {@code <id>-problem} under the field {@code id},
 * which is marked invalid while there is one; answers the problem.
 */
export const markField = (id, problem) => {
  $(`${id}-problem`).hidden = !problem;
  $(`${id}-problem`).textContent = problem ?? '';
  if (problem) $(id).setAttribute('aria-invalid', 'true');
  else $(id).removeAttribute('aria-invalid');
  return problem;
};

export const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** JSON typed into a field, read as an object: { value }, or { problem } ("not JSON: ...", else {@code notObject}). */
export const readObject = (text, notObject) => {
  let value;
  try {
    value = JSON.parse(text);
  } catch (failure) {
    return { problem: `not JSON: ${failure.message}` };
  }
  return isObject(value) ? { value } : { problem: notObject };
};
