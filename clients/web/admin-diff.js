// A line diff for the admin console: the longest common subsequence of two lists of lines, as
// kept, removed and added lines in order. Configuration documents are a few hundred lines at most,
// so the quadratic table is small. And the text of a document that the diff and the JSON editor
// show: its keys in one order, days of the week in the week's.

/** The lines of {@code before} and {@code after} as [{kind: 'same' | 'removed' | 'added', text}]. */
export function lineDiff(before, after) {
  const common = Array.from({ length: before.length + 1 }, () => new Array(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      common[i][j] = before[i] === after[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const lines = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      lines.push({ kind: 'same', text: before[i] });
      i++;
      j++;
    } else if (j < after.length && (i === before.length || common[i][j + 1] >= common[i + 1][j])) {
      lines.push({ kind: 'added', text: after[j++] });
    } else {
      lines.push({ kind: 'removed', text: before[i++] });
    }
  }
  return lines;
}

const WEEK = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** Days in the week's order (support hours' days), before the other names in alphabetical order. */
const keyOrder = (a, b) => {
  const [dayA, dayB] = [WEEK.indexOf(a), WEEK.indexOf(b)];
  if (dayA >= 0 || dayB >= 0) return dayA < 0 ? 1 : dayB < 0 ? -1 : dayA - dayB;
  return a < b ? -1 : a > b ? 1 : 0;
};

const ordered = (value) => {
  if (Array.isArray(value)) return value.map(ordered);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort(keyOrder).map((key) => [key, ordered(value[key])]));
  }
  return value;
};

/** A JSON document as text with its keys in one order, so two versions compare line by line. */
export const pretty = (value) => JSON.stringify(ordered(value), null, 2);
