// The overview: the tenant's figures (GET /v1/analytics) over a range of days, each as a bar chart
// per interval beside its total and how it moved against the range of the same length before.
// The charts are uPlot's (vendor/uplot, MIT), drawn on a canvas with its styles set through the
// CSSOM, which the page's CSP allows (no inline style, no eval). Each has both axes with units and
// values, a tooltip under the pointer, and its figures as its accessible name; figures of one unit
// share one scale (percentages always 0 to 100 %), and each says what it counts a click away.

import { counted } from '/client/texts.js';
import { $, el } from './console-dom.js';
import { dayRange, today } from './admin-time.js';
import { axisTicks, change, FIGURES, scales, shown, ticksOf } from './admin-figures.js';
import { KnowledgeGaps } from './admin-gaps.js';
import { showProcedures } from './admin-procedures.js';
import { showSpend } from './admin-spend.js';

const HEIGHT = 180;

/** A bucket's start as the interval names it, in the admin's time zone: long for the tooltip, short for the axis. */
const bucketLabel = (interval, start, short = false) => {
  const at = new Date(start);
  if (interval === 'hour') {
    return short ? at.toLocaleTimeString([], { hour: 'numeric' })
      : at.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }
  const day = at.toLocaleDateString([], { month: 'short', day: 'numeric' });
  return interval === 'week' ? `week of ${day}` : day;
};

/** The page's colours now (light or dark), for the canvas, which CSS does not reach. */
const colours = () => {
  const style = getComputedStyle(document.documentElement);
  const of = (name) => style.getPropertyValue(name).trim();
  return { accent: of('--accent'), text: of('--text'), muted: of('--muted'), grid: of('--border') };
};

/** The tooltip: the bar under the pointer, its interval and figure, placed beside the pointer. */
const tooltip = (figure, labels, values) => ({
  hooks: {
    init: (plot) => {
      const tip = el('div', 'chart__tooltip');
      tip.hidden = true;
      plot.over.append(tip);
      plot.over.addEventListener('mouseleave', () => { tip.hidden = true; });
    },
    setCursor: (plot) => {
      const tip = plot.over.querySelector('.chart__tooltip');
      const { idx, left, top } = plot.cursor;
      if (idx === null || idx === undefined || left < 0) {
        tip.hidden = true;
        return;
      }
      tip.textContent = `${labels[idx]}: ${shown(figure, values[idx])}`;
      tip.hidden = false;
      const x = Math.min(left + 12, plot.over.clientWidth - tip.offsetWidth);
      tip.style.transform = `translate(${Math.max(0, x)}px, ${Math.max(0, top - tip.offsetHeight - 8)}px)`;
    },
  },
});

/** One figure's bars on a chart with axes: intervals along, the figure's unit up. */
const barChart = (box, figure, buckets, interval, range) => {
  const values = buckets.map((bucket) => figure.of(bucket.figures) ?? null);
  const labels = buckets.map((bucket) => bucketLabel(interval, bucket.start));
  const short = buckets.map((bucket) => bucketLabel(interval, bucket.start, true));
  const colour = colours();
  const holder = el('div', 'chart');
  holder.setAttribute('role', 'img');
  holder.setAttribute('aria-label', `${figure.name} per ${interval}, in ${figure.unit}: ${buckets
    .map((bucket, i) => `${labels[i]} ${shown(figure, values[i])}`).join('; ')}`);
  const axes = el('p', 'hint chart__axes',
    `Up: ${figure.unit}, ${figure.axis(range[0])} to ${figure.axis(range[1])}. Along: ${interval}s, `
    + `${labels[0] ?? ''} to ${labels[labels.length - 1] ?? ''}.`);
  box.append(holder, axes);
  const width = holder.clientWidth || 280;
  const axis = {
    stroke: colour.muted, grid: { stroke: colour.grid, width: 1 }, ticks: { stroke: colour.grid, width: 1 },
    font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif',
  };
  const plot = new globalThis.uPlot({
    width, height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false }, y: false },
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, buckets.length - 0.5)] }, y: { range } },
    series: [{}, {
      label: figure.name, stroke: colour.accent, fill: colour.accent, width: 0,
      paths: globalThis.uPlot.paths.bars({ size: [0.7, 48] }), points: { show: false },
    }],
    axes: [
      // Along: as many intervals labelled as fit, about one per 64 px.
      { ...axis, label: `${interval[0].toUpperCase()}${interval.slice(1)} (your time)`,
        splits: (plot) => axisTicks(buckets.length, Math.max(2, Math.floor(plot.bbox.width / devicePixelRatio / 64))),
        values: (unused, splits) => splits.map((i) => short[i] ?? '') },
      { ...axis, label: figure.unit, size: 56, splits: () => ticksOf(range, figure.whole),
        values: (unused, splits) => splits.map((v) => figure.axis(v)) },
    ],
    plugins: [tooltip(figure, labels, values)],
  }, [buckets.map((unused, i) => i), values], holder);
  // The canvas has a size in pixels: it follows its box when the window narrows or widens.
  const resized = new ResizeObserver(() => {
    if (holder.clientWidth > 0 && holder.clientWidth !== plot.width) plot.setSize({ width: holder.clientWidth, height: HEIGHT });
  });
  resized.observe(holder);
  return { destroy: () => { resized.disconnect(); plot.destroy(); } };
};

/** The definition of a figure, one click away, and where the docs define it in full. */
const definition = (figure) => {
  const details = el('details', 'chart__definition');
  details.append(el('summary', null, 'What it counts'), el('p', null, figure.definition),
    el('p', 'hint', `Full definition: docs/analytics.md, "The figures" (${figure.field}).`));
  return details;
};

export class Overview {
  /** {@code console} asks the server ({@code request}) and shows its refusals ({@code act}). */
  constructor(console) {
    this.console = console;
    this.gaps = new KnowledgeGaps(console);
    this.plots = [];
    this.shown = null;
    $('overview-from').value = today();
    $('overview-to').value = today();
    $('overview-range').addEventListener('submit', (event) => {
      event.preventDefault();
      console.act(() => this.load(), $('overview-show'));
    });
    // The canvas keeps the colours it was drawn with: a change of light or dark draws it again.
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => { if (this.shown) this.draw(...this.shown); });
  }

  async load() {
    const { from, to } = dayRange($('overview-from').value || today(), $('overview-to').value || today());
    const interval = $('overview-interval').value;
    const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const figures = (start, end) => this.console.request('GET',
      `/v1/analytics?${new URLSearchParams({ from: start.toISOString(), to: end.toISOString(), interval })}`);
    const [current, previous] = await Promise.all([figures(from, to), figures(before, from), this.gaps.load(from, to),
      showSpend(this.console, from, to)]);
    $('overview-summary').textContent = `${counted(current.total.conversations, { one: '{count} conversation', other: '{count} conversations' })} from `
      + `${from.toLocaleString()} to ${to.toLocaleString()}, against ${previous.total.conversations} in the `
      + `${counted(Math.round((to - from) / 3600000), { one: 'hour', other: '{count} hours' })} before. `
      + 'Containment and CSAT count closed conversations only: those still open, or waiting for a person, count once they close.';
    this.shown = [current, previous, interval];
    this.draw(current, previous, interval);
    showProcedures(current);
  }

  draw(current, previous, interval) {
    this.plots.forEach((plot) => plot.destroy());
    const boxes = FIGURES.map((figure) => {
      const now = figure.of(current.total);
      const box = el('figure', 'admin__chart');
      box.dataset.figure = figure.id;
      const caption = el('figcaption');
      caption.append(el('strong', null, figure.name), ' ', el('span', 'chart__total', shown(figure, now)), ' ',
        el('span', 'chart__change', `(${change(now, figure.of(previous.total))}; previous: ${shown(figure, figure.of(previous.total))})`));
      box.append(caption);
      return box;
    });
    $('overview-charts').replaceChildren(...boxes);
    const ranges = scales(FIGURES, current.buckets);
    this.plots = FIGURES.map((figure, i) => {
      const plot = barChart(boxes[i], figure, current.buckets, interval, ranges.get(figure.id));
      boxes[i].append(definition(figure));
      return plot;
    });
  }
}
