// The procedures' runs (the `procedures` of GET /v1/analytics, docs/analytics.md#procedures), shown
// under the overview's figures for the same days: a row per procedure with how its runs ended, and
// the steps where runs stopped short (abandoned or handed over), those most often first.

import { $, el } from './console-dom.js';

/** Where a procedure's runs stopped short, the step where most stopped first, in words. */
export const whereStopped = (procedure) => procedure.dropOuts
  .map((at) => ({ ...at, stopped: at.abandoned + at.handedOver }))
  .sort((a, b) => b.stopped - a.stopped || a.step.localeCompare(b.step))
  .map((at) => `${at.step}: ${at.abandoned} abandoned, ${at.handedOver} handed over`)
  .join('; ');

/** Fills the overview's procedures table from an analytics report. */
export const showProcedures = (report) => {
  const rows = report.procedures.map((procedure) => {
    const row = el('tr');
    row.dataset.procedure = procedure.procedure;
    row.append(el('th', null, procedure.procedure));
    row.firstChild.scope = 'row';
    for (const figure of ['started', 'completed', 'handedOver', 'abandoned', 'running']) row.append(el('td', null, String(procedure[figure])));
    row.append(el('td', null, whereStopped(procedure) || 'none'));
    return row;
  });
  $('procedures-empty').hidden = rows.length > 0;
  $('procedures').replaceChildren(...rows);
};
