// Experiments (docs/bot-config.md#experiments): start one (the draft or a saved version against the
// live version, on a share of new conversations), watch each arm's figures with their 95 % intervals
// and the candidate-minus-live difference (docs/analytics.md#experiments), stop it, or promote the
// candidate through the evaluation gate; the experiments before are listed with how they ended.

import { $, el, fill } from './console-dom.js';
import { when, who } from './admin-time.js';
import { LiveReads } from './live-reads.js';

// How each ending reads; the codes are the API's.
const ENDINGS = {
  stopped: 'stopped',
  promoted: 'promoted',
  published: 'ended by a publish',
  rolled_back: 'ended by a rollback',
};

// The figures of an arm, in the order the table shows them, each with how it reads.
const FIGURES = [
  { name: 'Containment', of: (arm) => arm.containment, diff: 'containment', format: 'share' },
  { name: 'Handoff rate', of: (arm) => arm.handoffRate, diff: 'handoffRate', format: 'share' },
  { name: 'CSAT (mean rating)', of: (arm) => arm.csat.mean, diff: 'csat', format: 'mean', count: (arm) => arm.csat.count },
  { name: 'Quality score (mean)', of: (arm) => arm.quality.mean, diff: 'qualityScore', format: 'mean', count: (arm) => arm.quality.scored },
  { name: 'Tokens per conversation', of: (arm) => arm.tokensPerConversation, diff: 'tokensPerConversation', format: 'whole' },
  { name: 'Cost per conversation', of: (arm) => arm.costPerConversationUsd, diff: 'costPerConversationUsd', format: 'usd' },
];

const number = (value, format, signed) => {
  const sign = signed && value > 0 ? '+' : '';
  switch (format) {
    case 'share': return `${sign}${(value * 100).toFixed(1)}${signed ? ' pts' : ' %'}`;
    case 'whole': return `${sign}${Math.round(value)}`;
    case 'usd': return `${sign}$${value.toFixed(4)}`;
    default: return `${sign}${value.toFixed(2)}`;
  }
};

/** A figure and its interval as a cell reads: "62.0 % (55.1 to 68.4 %)", a dash for none. */
export const estimate = (figure, format, signed = false) => {
  if (!figure) return '–';
  const value = number(figure.value, format, signed);
  if (figure.low === null || figure.low === undefined) return value;
  return `${value} (${number(figure.low, format, signed)} to ${number(figure.high, format, signed)})`;
};

/** The candidate as people name it. */
const candidateName = (experiment) => (experiment.candidate.draft !== null && experiment.candidate.draft !== undefined
  ? `draft ${experiment.candidate.draft}` : `version ${experiment.candidate.version}`);

/**
 * What the panel is read again at (live-reads.js): an experiment or the versions changed, or a
 * conversation begun (its customer's first message) or closed, which the running experiment's arms count.
 */
export const EXPERIMENT_KINDS = ['config', 'experiments', 'conversations'];

export class ExperimentsPanel {
  /** {@code console} asks the server ({@code request}) and runs actions, showing refusals ({@code act}). */
  constructor(console) {
    this.console = console;
    this.running = null;
    this.drawn = null; // the answers last drawn: the panel is drawn again only when they changed
    // Read again while on screen; a rating or a score, which the node does not announce, when the
    // page is seen again or on Refresh.
    this.live = new LiveReads({ read: () => this.load(), shown: () => !$('workspace').hidden && !$('view-bot').hidden,
      kinds: EXPERIMENT_KINDS, changes: console.changes });
    $('experiment-start').addEventListener('submit', (event) => {
      event.preventDefault();
      this.console.act(() => this.start(), $('experiment-submit'));
    });
    $('experiment-refresh').addEventListener('click', () => this.console.act(() => this.load(), $('experiment-refresh')));
    $('experiment-stop').addEventListener('click', () => this.console.act(() => this.end('stop'), $('experiment-stop')));
    $('experiment-promote').addEventListener('click', () => this.console.act(() => this.end('promote'), $('experiment-promote')));
  }

  async load() {
    const [{ experiments }, versions] = await Promise.all([
      this.console.request('GET', '/v1/experiments'), this.console.request('GET', '/v1/config/versions'),
    ]);
    const running = experiments.find((experiment) => experiment.status === 'running') ?? null;
    this.running = running ? await this.console.request('GET', `/v1/experiments/${running.id}`) : null;
    if (!this.live.started) this.live.start();
    const answers = JSON.stringify([experiments, this.running, versions]);
    if (answers === this.drawn) return;
    this.drawn = answers;
    this.candidates(versions);
    $('experiment-start').hidden = this.running !== null;
    $('experiment-watch').hidden = this.running === null;
    if (this.running) this.watch(this.running);
    fill('experiment-list', experiments.filter((experiment) => experiment.status !== 'running'), 'No experiment yet.',
      (item, experiment) => item.append(el('p', null, this.summary(experiment))));
  }

  /** The candidates one may start: the draft, and every saved version but the live one. */
  candidates({ versions, draft }) {
    const select = $('experiment-candidate');
    const chosen = select.value;
    select.replaceChildren();
    if (draft) select.append(new Option(`The draft (draft ${draft})`, 'draft'));
    versions.slice(0, -1).reverse().forEach((version) =>
      select.append(new Option(`Version ${version.version}${version.message ? `: ${version.message}` : ''}`, version.version)));
    if ([...select.options].some((option) => option.value === chosen)) select.value = chosen;
    const none = select.options.length === 0;
    $('experiment-submit').disabled = none || versions.length === 0;
    $('experiment-hint').textContent = versions.length === 0 ? 'Publish a version first: an experiment compares with it.'
      : none ? 'Save a draft (or publish a second version) to have a candidate.' : '';
  }

  async start() {
    const chosen = $('experiment-candidate').value;
    const share = Number($('experiment-share').value) / 100;
    const started = await this.console.request('POST', '/v1/experiments',
      { candidate: chosen === 'draft' ? 'draft' : Number(chosen), share });
    await this.load();
    $('experiment-status').textContent = `Experiment ${started.id} started: ${candidateName(started)} on `
      + `${Math.round(started.share * 100)} % of new conversations.`;
    $('experiment-watch-title').focus();
  }

  /** Stops the running experiment, or promotes its candidate (the evaluation gate may refuse, saying why). */
  async end(how) {
    const answer = await this.console.request('POST', `/v1/experiments/${this.running.id}/${how}`);
    const id = this.running.id;
    await this.load();
    $('experiment-status').textContent = how === 'stop' ? `Experiment ${id} stopped: new conversations get the live version.`
      : `Experiment ${id} promoted: version ${answer.version.version} is live.`;
    $('experiments-title').focus();
  }

  /** The running experiment's arms, figure by figure, with the difference the data show or not. */
  watch(experiment) {
    const { live, candidate, difference } = experiment.figures;
    $('experiment-watch-title').textContent = `Experiment ${experiment.id}: ${candidateName(experiment)} against `
      + `version ${experiment.liveVersion}, ${Math.round(experiment.share * 100)} % of new conversations`;
    $('experiment-since').textContent = `Started ${when(experiment.startedAt)} by ${who(experiment.startedBy)}. `
      + `Conversations so far: ${live.conversations} live, ${candidate.conversations} on the candidate.`;
    const body = $('experiment-arms');
    body.replaceChildren();
    for (const figure of FIGURES) {
      const row = el('tr');
      row.dataset.figure = figure.diff;
      const label = el('th', null, figure.name);
      label.scope = 'row';
      const cell = (arm) => {
        const text = estimate(figure.of(arm), figure.format);
        return el('td', null, figure.count ? `${text}, n = ${figure.count(arm)}` : text);
      };
      const diff = difference[figure.diff];
      const clear = diff && diff.low !== null && diff.low !== undefined && (diff.low > 0 || diff.high < 0);
      const change = el('td', null, estimate(diff, figure.format, true));
      if (clear) change.append(el('span', 'hint', ' (the interval excludes 0)'));
      row.append(label, cell(live), cell(candidate), change);
      body.append(row);
    }
  }

  summary(experiment) {
    const ended = experiment.ended;
    return `Experiment ${experiment.id}: ${candidateName(experiment)} against version ${experiment.liveVersion}, `
      + `${Math.round(experiment.share * 100)} %, started ${when(experiment.startedAt)}`
      + (ended ? `; ${ENDINGS[ended.reason] ?? ended.reason} ${when(ended.at)} by ${who(ended.by)}`
        + (ended.version ? ` (version ${ended.version} live)` : '') : '');
  }

  forget() {
    this.live.stop();
    this.running = null;
    this.drawn = null;
    $('experiment-arms').replaceChildren();
    $('experiment-list').replaceChildren();
    $('experiment-status').textContent = '';
  }
}
