// What the tenant's calls and conversations cost (GET /v1/analytics/spend, docs/analytics.md#spend):
// this day, week and month against its budgets in money, and the costs of the range by kind; and one
// conversation's cost (GET /v1/conversations/{id}/cost) in words, for its transcript's facts.

import { $, el } from './console-dom.js';

const KINDS = { speech_to_text: 'speech-to-text', text_to_speech: 'text-to-speech', model: 'model', trunk: 'phone trunk' };
const PERIODS = { day: 'Today', week: 'This week', month: 'This month' };
const LEVELS = { under: '', alert: ' (past 80 %)', spent: ' (spent: premium voices off, campaigns paused, calls refused)' };

/** An amount in the currency, to the cent, or to the tenth of a cent below a cent. */
export const money = (amount, currency) => {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: digits,
    maximumFractionDigits: digits }).format(amount);
};

/** A conversation's cost in words: its total and each kind's. */
export const costText = (cost) => {
  if (!cost.currency) return 'nothing priced yet';
  const parts = cost.costs.map((line) => `${KINDS[line.kind] ?? line.kind} ${money(line.amount, line.currency)}`);
  return `${money(cost.total, cost.currency)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
};

/** The spend over {@code [from, to)} into the overview's spend box. */
export const showSpend = async (console, from, to) => {
  const spend = await console.request('GET',
    `/v1/analytics/spend?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString() })}`);
  const periods = el('dl', 'admin__facts');
  spend.periods.forEach((period) => {
    periods.append(el('dt', null, PERIODS[period.period] ?? period.period), el('dd', null,
      `${money(period.spent, spend.currency)}${period.budget !== undefined ? ` of ${money(period.budget, spend.currency)}` : ''}`
      + LEVELS[period.level]));
  });
  const total = spend.costs.reduce((sum, line) => sum + line.amount, 0);
  const range = el('p', null, `Costs in the range: ${money(total, spend.currency)}${spend.costs.length
    ? ` (${spend.costs.map((line) => `${KINDS[line.kind] ?? line.kind} ${money(line.amount, line.currency)}`).join(', ')})` : ''}.`);
  range.id = 'overview-spend-total';
  $('overview-spend').replaceChildren(periods, range);
};
