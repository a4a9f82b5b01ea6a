// The bot view's Evaluations panel (docs/evaluations.md): the tenant's test cases, each opened to
// read and edit as JSON (checked as it is typed) or deleted, new ones written here, all imported
// from or exported to a JSON file, run on the draft beside the form with the run's progress while it runs, then its
// pass rate, each case's verdict per expectation with the judge's reason and its transcript a click
// away, and how it compares with the live version's latest run, the one the publish gate reads.

import { counted } from '/client/texts.js';
import { $, el, fill, isObject, markField, readObject, saveFile } from './console-dom.js';

/** How often a running run is asked for its progress. */
const POLL_MS = 500;

const percent = (rate) => `${Math.round(rate * 100)} %`;

/** Where the draft's pass rate stands against the live version's, in points of percentage. */
const against = (difference) => {
  const points = Math.round(Math.abs(difference) * 100);
  return points === 0 ? 'the draft is level with it' : `the draft is ${points} points ${difference > 0 ? 'above' : 'below'} it`;
};

/** What an expectation asked for, in a line: its kind and what was given. */
const expected = (expectation) => {
  const given = typeof expectation.expected === 'string' ? expectation.expected : JSON.stringify(expectation.expected);
  return `${expectation.kind}: ${given}`;
};

/** What a new case starts as: one message, one expectation, to be written over. */
const NEW_CASE = { name: 'A new case', messages: ['What the customer writes'], expect: [{ contains: 'what the answer holds' }] };

/**
 * What is wrong with a case's definition as typed, or null: JSON, an object with a name, the
 * customer's messages (or a simulated customer) and a list of expectations. The server checks the
 * rest (each expectation, the limits) when it is saved.
 */
export const caseProblem = (text) => {
  const { value: definition, problem } = readObject(text, 'must be a JSON object: {"name": ..., "messages": [...], "expect": [...]}');
  if (problem) return problem;
  if (typeof definition.name !== 'string' || !definition.name.trim()) return '"name" must be the case\'s name, a text';
  const scripted = Array.isArray(definition.messages) && definition.messages.length > 0
    && definition.messages.every((message) => typeof message === 'string');
  if (!scripted && !isObject(definition.simulatedCustomer)) {
    return '"messages" must list the customer\'s messages as texts (or "simulatedCustomer" describe one)';
  }
  if (!Array.isArray(definition.expect) || !definition.expect.every(isObject)) {
    return '"expect" must be a list of expectations, such as [{"contains": "30 days"}]';
  }
  return null;
};

const verdict = (text) => {
  const badge = el('span', `verdict verdict--${text}`, text);
  badge.dataset.verdict = text;
  return badge;
};

export class EvaluationsPanel {
  /**
   * {@code console} asks the server ({@code request}) and shows refusals ({@code act}); {@code saveDraft}
   * saves the editor's document as the draft and answers it, so a run tests what the form shows.
   */
  constructor(console, saveDraft) {
    this.console = console;
    this.saveDraft = saveDraft;
    this.cases = [];
    $('evaluations-run').addEventListener('click', () => console.act(() => this.runOnDraft(), $('evaluations-run')));
    $('evaluations-file').addEventListener('change', () => console.act(() => this.importFile(), $('evaluations-file')));
    $('evaluations-export').addEventListener('click', () => console.act(() => this.exportFile(), $('evaluations-export')));
    $('case-new').addEventListener('click', () => this.edit(null));
    $('case-definition').addEventListener('input', () => this.check());
    $('case-form').addEventListener('submit', (event) => { event.preventDefault(); this.act(() => this.save(), $('case-save')); });
    $('case-cancel').addEventListener('click', () => this.closeForm());
  }

  async load() {
    const { cases } = await this.console.request('GET', '/v1/evaluations/cases');
    this.cases = cases;
    fill('evaluation-cases', cases, 'No cases yet: write one with New case, import a JSON export, or make one of a conversation.',
      (item, saved) => {
        item.dataset.case = saved.caseId;
        item.append(el('strong', null, saved.name), ' ',
          el('span', 'hint', counted(saved.definition.expect.length, { one: '{count} expectation', other: '{count} expectations' })), ' ',
          this.console.button('edit', 'Open', `Open the case ${saved.name}`, async () => this.edit(saved)),
          this.console.button('delete', 'Delete', `Delete the case ${saved.name}`, () => this.remove(saved)));
      });
    $('evaluations-run').disabled = cases.length === 0;
    $('evaluations-export').disabled = cases.length === 0;
  }

  /** As the console's {@code act}, a refused case's problems listed under its form. */
  act(action, place) {
    $('case-problems').replaceChildren();
    return this.console.act(async () => {
      try {
        await action();
      } catch (failure) {
        if (failure.problems?.length) {
          const list = el('ul', 'console__error');
          failure.problems.forEach((text) => list.append(el('li', null, text)));
          $('case-problems').append(list);
        }
        throw failure;
      }
    }, place);
  }

  /** The form, holding {@code saved} (null: a new case) as JSON to read and change. */
  edit(saved) {
    this.editing = saved;
    $('case-problems').replaceChildren();
    $('case-form-title').textContent = saved ? `Test case ${saved.name}` : 'A new test case';
    $('case-definition').value = JSON.stringify(saved ? saved.definition : NEW_CASE, null, 2);
    this.check();
    $('case-form').hidden = false;
    $('case-form-title').focus();
  }

  /** The definition's problem as it is typed, shown under the field, which is marked invalid while there is one. */
  check() {
    const found = caseProblem($('case-definition').value);
    markField('case-definition', found && `The case: ${found}`);
    return found;
  }

  closeForm() {
    this.editing = null;
    $('case-form').hidden = true;
  }

  async save() {
    const found = this.check();
    if (found) throw Object.assign(new Error(`the case is not saved: ${found}`), { status: 400 });
    const definition = JSON.parse($('case-definition').value);
    const saved = this.editing
      ? await this.console.request('PUT', `/v1/evaluations/cases/${encodeURIComponent(this.editing.caseId)}`, definition)
      : await this.console.request('POST', '/v1/evaluations/cases', definition);
    this.closeForm();
    await this.load();
    $('evaluations-progress').textContent = `Saved the case ${saved.name}.`;
  }

  async remove(saved) {
    if (!await this.console.confirm(`Delete the test case ${saved.name}? Runs from now on leave it out.`, 'Delete')) return;
    await this.console.request('DELETE', `/v1/evaluations/cases/${encodeURIComponent(saved.caseId)}`);
    if (this.editing?.caseId === saved.caseId) this.closeForm();
    await this.load();
    $('evaluations-progress').textContent = `Deleted the case ${saved.name}.`;
  }

  /** Every case as written, in the file that Import cases reads back. */
  async exportFile() {
    const exported = await this.console.request('GET', '/v1/evaluations/cases/export');
    saveFile(new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' }), 'evaluation-cases.json');
    const count = exported.cases.length;
    $('evaluations-progress').textContent = `Exported ${counted(count, { one: '{count} case', other: '{count} cases' })}.`;
  }

  /** Adds the cases of the JSON export chosen ({"cases": [...]}, as GET /v1/evaluations/cases/export writes it). */
  async importFile() {
    const file = $('evaluations-file').files[0];
    if (!file) return;
    let body;
    try {
      body = JSON.parse(await file.text());
    } catch (failure) {
      throw Object.assign(new Error(`${file.name} is not JSON: ${failure.message}`), { status: 400 });
    }
    const { cases } = await this.console.request('POST', '/v1/evaluations/cases/import', body);
    $('evaluations-file').value = '';
    await this.load();
    $('evaluations-progress').textContent = `Imported ${counted(cases.length, { one: '{count} case', other: '{count} cases' })}.`;
  }

  /** Saves the draft, runs every case on it, and shows the run as it goes. */
  async runOnDraft() {
    const saved = await this.saveDraft();
    $('evaluation-results').replaceChildren();
    $('evaluations-summary').replaceChildren();
    let run = await this.console.request('POST', '/v1/evaluations/runs', { config: 'draft' });
    const bar = $('evaluations-bar');
    bar.hidden = false;
    while (run.status === 'running') {
      bar.max = run.total;
      bar.value = run.done;
      $('evaluations-progress').textContent = `Running on draft ${saved.draft}: ${run.done} of ${run.total} cases done.`;
      await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
      run = await this.console.request('GET', `/v1/evaluations/runs/${encodeURIComponent(run.runId)}`);
    }
    bar.hidden = true;
    this.show(run);
  }

  show(run) {
    const { pass, fail, error } = run.counts;
    $('evaluations-progress').textContent = run.status === 'finished'
      ? `Draft ${run.config.version}: ${pass} passed, ${fail} failed, ${error} errors.`
      : `The run was ${run.status} after ${run.done} of ${run.total} cases; run it again.`;
    const summary = $('evaluations-summary');
    summary.replaceChildren();
    if (run.passRate !== undefined && run.passRate !== null) {
      summary.append(el('p', 'evaluations__rate', `Pass rate: ${percent(run.passRate)}`));
    }
    const live = run.comparedWithLive;
    if (live) {
      const names = (ids) => ids.map((id) => run.cases.find((c) => c.caseId === id)?.name ?? id).join(', ');
      const line = el('p', 'evaluations__compared',
        `Live version ${live.version} passed ${percent(live.passRate)}: ${against(live.difference)}.`);
      summary.append(line);
      if (live.regressions.length) summary.append(el('p', 'evaluations__regressions', `Pass live, not on the draft: ${names(live.regressions)}.`));
      if (live.improvements.length) summary.append(el('p', 'hint', `Pass on the draft only: ${names(live.improvements)}.`));
    } else if (run.status === 'finished') {
      summary.append(el('p', 'hint', 'No finished run of the live version to compare with.'));
    }
    const list = $('evaluation-results');
    list.replaceChildren(...run.cases.map((result) => this.caseItem(result)));
  }

  caseItem(result) {
    const item = el('li', 'admin__item evaluations__case');
    item.dataset.case = result.caseId;
    item.dataset.verdict = result.verdict;
    const heading = el('p');
    heading.append(verdict(result.verdict), ' ', el('strong', null, result.name));
    item.append(heading);
    if (result.error) item.append(el('p', 'console__error', result.error));
    const expectations = el('ul', 'evaluations__expectations');
    expectations.setAttribute('aria-label', `Expectations of ${result.name}`);
    (result.expectations ?? []).forEach((expectation) => {
      const line = el('li');
      line.dataset.verdict = expectation.verdict;
      line.append(verdict(expectation.verdict), ' ', el('code', null, expected(expectation)));
      if (expectation.reason) line.append(' ', el('span', 'evaluations__reason', expectation.reason));
      expectations.append(line);
    });
    const transcript = el('details', 'evaluations__transcript');
    const said = el('ol');
    (result.transcript ?? []).forEach((message) => {
      said.append(el('li', null, `${message.role === 'user' ? 'Customer' : 'Bot'}${message.source ? ` (${message.source})` : ''}: ${message.text}`));
    });
    transcript.append(el('summary', null, `Transcript of ${result.name}`), said);
    item.append(expectations, transcript);
    return item;
  }

  /** Signing out empties the results: their transcripts were the admin's test conversations. */
  forget() {
    this.closeForm();
    $('evaluation-results').replaceChildren();
    $('evaluations-summary').replaceChildren();
    $('evaluations-progress').textContent = '';
  }
}
