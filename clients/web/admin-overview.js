// The overview: the tenant's figures (GET /v1/analytics) over a range of days, each as a bar chart
// per interval beside its total and how it moved against the range of the same length before.
// The charts are SVG built element by element: no library, no markup parsed, nothing inline that
// the page's CSP would refuse.

import { $, el } from './console-dom.js';
import { dayRange, today } from './admin-time.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 100;

const percent = (ratio) => `${(ratio * 100).toFixed(1)} %`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The figures charted, as docs/analytics.md defines them; a ratio or time over nothing is null. */
const FIGURES = [
  { id: 'conversations', name: 'Conversations', of: (f) => f.conversations, format: String },
  { id: 'containment', name: 'Containment', of: (f) => f.containment, format: percent },
  { id: 'handoff-rate', name: 'Handoff rate', of: (f) => f.handoffRate, format: percent },
  { id: 'first-response-median', name: 'First response, median', of: (f) => f.medianFirstResponseMs, format: seconds },
  { id: 'first-response-p90', name: 'First response, 90th percentile', of: (f) => f.p90FirstResponseMs, format: seconds },
  { id: 'csat', name: 'CSAT (mean rating, 1 to 5)', of: (f) => f.csat?.average, format: (mean) => mean.toFixed(2) },
  { id: 'cost', name: 'Estimated cost', of: (f) => f.estimatedCostUsd, format: (usd) => `$${usd.toFixed(4)}` },
];

const shown = (figure, value) => (value === null || value === undefined ? 'none' : figure.format(value));

/** How a figure moved against the previous range ("+12 % vs previous"), or why there is no ratio. */
export const change = (now, before) => {
  if (now === null || now === undefined || before === null || before === undefined) return 'not comparable with the previous range';
  if (before === 0) return now === 0 ? '+0 % vs previous' : 'new since the previous range';
  const delta = Math.round(((now - before) / Math.abs(before)) * 100);
  return `${delta >= 0 ? '+' : '-'}${Math.abs(delta)} % vs previous`;
};

const svg = (tag, attributes) => {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, String(value)));
  return node;
};

/** A bucket's start as the interval names it, in the admin's time zone. */
const bucketLabel = (interval, start) => {
  const at = new Date(start);
  if (interval === 'hour') return at.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return interval === 'week' ? `week of ${at.toLocaleDateString()}` : at.toLocaleDateString();
};

/** One figure's bars, one a bucket, scaled to the largest; its figures are its accessible name. */
const barChart = (figure, buckets, interval) => {
  const values = buckets.map((bucket) => figure.of(bucket.figures));
  const top = Math.max(0, ...values.filter((value) => value !== null && value !== undefined));
  const slot = WIDTH / Math.max(1, buckets.length);
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', class: 'chart', role: 'img' });
  chart.setAttribute('aria-label', `${figure.name} per ${interval}: ${buckets
    .map((bucket, i) => `${bucketLabel(interval, bucket.start)} ${shown(figure, values[i])}`).join('; ')}`);
  chart.append(svg('line', { x1: 0, y1: HEIGHT - 0.5, x2: WIDTH, y2: HEIGHT - 0.5, class: 'chart__axis' }));
  values.forEach((value, i) => {
    if (value === null || value === undefined || top === 0) return;
    const height = Math.max(1, (value / top) * (HEIGHT - 2));
    chart.append(svg('rect', { x: i * slot + slot * 0.15, y: HEIGHT - height, width: slot * 0.7, height, class: 'chart__bar' }));
  });
  return chart;
};

export class Overview {
  /** {@code console} asks the server ({@code request}) and shows its refusals ({@code act}). */
  constructor(console) {
    this.console = console;
    $('overview-from').value = today();
    $('overview-to').value = today();
    $('overview-range').addEventListener('submit', (event) => { event.preventDefault(); console.act(() => this.load()); });
  }

  async load() {
    const { from, to } = dayRange($('overview-from').value || today(), $('overview-to').value || today());
    const interval = $('overview-interval').value;
    const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const figures = (start, end) => this.console.request('GET',
      `/v1/analytics?${new URLSearchParams({ from: start.toISOString(), to: end.toISOString(), interval })}`);
    const [current, previous] = await Promise.all([figures(from, to), figures(before, from)]);
    $('overview-summary').textContent = `${current.total.conversations} conversations from ${from.toLocaleString()} to ${to.toLocaleString()}, `
      + `against ${previous.total.conversations} in the ${Math.round((to - from) / 3600000)} hours before.`;
    $('overview-charts').replaceChildren(...FIGURES.map((figure) => {
      const now = figure.of(current.total);
      const box = el('figure', 'admin__chart');
      box.dataset.figure = figure.id;
      const caption = el('figcaption');
      caption.append(el('strong', null, figure.name), ' ', el('span', 'chart__total', shown(figure, now)), ' ',
        el('span', 'chart__change', `(${change(now, figure.of(previous.total))}; previous: ${shown(figure, figure.of(previous.total))})`));
      const range = el('p', 'hint chart__range');
      if (current.buckets.length > 0) {
        range.append(el('span', null, bucketLabel(interval, current.buckets[0].start)),
          el('span', null, bucketLabel(interval, current.buckets[current.buckets.length - 1].start)));
      }
      box.append(caption, barChart(figure, current.buckets, interval), range);
      return box;
    }));
  }
}
