// The figures of the admin console's overview, as docs/analytics.md defines them: each with its
// unit, how it reads, what it counts, and the scale of its chart. Figures of one unit share one
// scale, so two charts of seconds compare at a glance; a percentage is always on 0 to 100 %.
// No DOM here: node --test checks it (clients/js/test/unit/admin-figures.test.mjs).

const percentOf = (ratio) => (ratio === null || ratio === undefined ? null : ratio * 100);
const secondsOf = (ms) => (ms === null || ms === undefined ? null : ms / 1000);
const percent = (value) => `${value.toFixed(1)} %`;
const seconds = (value) => `${value.toFixed(1)} s`;
const trimmed = (value, digits) => String(Number(value.toFixed(digits)));

const PERCENT = { unit: 'percent', range: [0, 100], format: percent, axis: (v) => `${v} %` };
const SECONDS = { unit: 'seconds', format: seconds, axis: (v) => `${trimmed(v, 2)} s` };

/** The figures charted; {@code of} reads one from a summary of GET /v1/analytics (null: none over nothing). */
export const FIGURES = [
  {
    id: 'conversations', name: 'Conversations', field: 'conversations', unit: 'conversations', whole: true,
    of: (f) => f.conversations, format: String, axis: (v) => String(v),
    definition: 'Conversations started in the interval, whatever became of them: open ones count too.',
  },
  {
    id: 'containment', name: 'Containment', field: 'containment', ...PERCENT, of: (f) => percentOf(f.containment),
    definition: 'Conversations the bot resolved, out of those closed: no agent joined, no person was asked for (so none '
      + 'that went to a ticket), the last message was answered and the judge did not find it unresolved. Abandoned ones '
      + 'count against it; those still open or waiting for a person are left out until they close. None closed: no figure.',
  },
  {
    id: 'handoff-rate', name: 'Handoff rate', field: 'handoffRate', ...PERCENT, of: (f) => percentOf(f.handoffRate),
    definition: 'Conversations in which a person was asked for (by the customer, a rule or an escalation), out of all of them, open ones included.',
  },
  {
    id: 'first-response-median', name: 'First response, median', field: 'medianFirstResponseMs', ...SECONDS,
    of: (f) => secondsOf(f.medianFirstResponseMs),
    definition: 'Half the conversations had their first answer (bot or agent) at least this soon after the customer\'s first message; '
      + 'read from buckets, so at most about 19 % above the exact time.',
  },
  {
    id: 'first-response-p90', name: 'First response, 90th percentile', field: 'p90FirstResponseMs', ...SECONDS,
    of: (f) => secondsOf(f.p90FirstResponseMs),
    definition: 'Nine conversations in ten had their first answer at least this soon; the slow tail the median hides.',
  },
  {
    id: 'csat', name: 'CSAT', field: 'csat.average', unit: 'rating', range: [0, 5],
    of: (f) => f.csat?.average ?? null, format: (mean) => `${mean.toFixed(2)} of 5`, axis: (v) => String(v),
    definition: 'The mean of the customers\' ratings (1 to 5) of the conversations rated; conversations nobody rated do not count.',
  },
  {
    id: 'cost', name: 'Estimated cost', field: 'estimatedCostUsd', unit: 'US dollars',
    of: (f) => f.estimatedCostUsd, format: (usd) => `$${usd.toFixed(4)}`, axis: (v) => `$${trimmed(v, 4)}`,
    definition: 'The model\'s prompt and completion tokens priced at the provider\'s prices per million tokens, as the operator set them.',
  },
];

/** A figure's value as the page shows it; none where the API has none. */
export const shown = (figure, value) => (value === null || value === undefined ? 'none' : figure.format(value));

/** How a figure moved against the previous range ("+12 % vs previous"), or why there is no ratio. */
export const change = (now, before) => {
  if (now === null || now === undefined || before === null || before === undefined) return 'not comparable with the previous range';
  if (before === 0) return now === 0 ? '+0 % vs previous' : 'new since the previous range';
  const delta = Math.round(((now - before) / Math.abs(before)) * 100);
  return `${delta >= 0 ? '+' : '-'}${Math.abs(delta)} % vs previous`;
};

/** A step of 1, 2 or 5 times a power of ten, so that about four of them reach {@code top}. */
const step = (top, whole) => {
  const rough = top / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough);
  return whole ? Math.max(1, Math.round(nice)) : nice;
};

/** The top of an axis holding {@code largest}: a whole number of steps, at least one step above nothing. */
export const niceTop = (largest, whole = false) => {
  if (!(largest > 0)) return 1;
  const each = step(largest, whole);
  return Math.ceil(largest / each - 1e-9) * each;
};

/** The values an axis of {@code range} marks: its ends and the steps between. */
export const ticksOf = (range, whole = false) => {
  const [low, high] = range;
  const each = high === 100 && low === 0 ? 25 : high === 5 && low === 0 ? 1 : step(high - low, whole);
  const ticks = [];
  for (let value = low; value <= high + each / 1000; value += each) ticks.push(Number(value.toFixed(6)));
  return ticks;
};

/**
 * Each figure's range up its axis, by id: a fixed one where the figure has it, else from 0 to a
 * nice top above the largest value of every figure of the same unit in {@code buckets}.
 */
export const scales = (figures, buckets) => {
  const largest = new Map();
  figures.filter((figure) => !figure.range).forEach((figure) => {
    const values = buckets.map((bucket) => figure.of(bucket.figures)).filter((value) => value !== null && value !== undefined);
    largest.set(figure.unit, Math.max(largest.get(figure.unit) ?? 0, ...values));
  });
  return new Map(figures.map((figure) => [figure.id,
    figure.range ?? [0, niceTop(largest.get(figure.unit), figure.whole)]]));
};

/** The indices of at most {@code most} intervals to label along an axis of {@code count}, evenly spaced from the first. */
export const axisTicks = (count, most) => {
  const every = Math.max(1, Math.ceil(count / most));
  const ticks = [];
  for (let i = 0; i < count; i += every) ticks.push(i);
  return ticks;
};
