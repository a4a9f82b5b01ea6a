// The bot: the live version, the draft as a form generated from the configuration's JSON Schema and
// as raw JSON (two tabs of one document), the diff against the live version, publish, history and
// rollback, each change sent with the live version it was written from (409 when another admin
// published meanwhile), publish and rollback confirmed with what they change; and the draft tried
// in the real widget, in a frame beside the form. The versions' list says whether there is a
// draft, so the page asks for one only when there is (no 404 for "none yet").

import { lineDiff, pretty } from './admin-diff.js';
import { EvaluationsPanel } from './admin-evaluations.js';
import { ProcedureEditor } from './admin-procedure-editor.js';
import { SchemaForm } from './admin-schema-form.js';
import { when, who } from './admin-time.js';
import { $, el, fill } from './console-dom.js';

/**
 * Fills {@code box} with the line diff of two documents, each line marked (+ added, - removed) as
 * well as coloured; {@code same} is said instead when nothing differs.
 */
export const drawDiff = (box, before, after, same) => {
  box.replaceChildren();
  const lines = lineDiff(pretty(before).split('\n'), pretty(after).split('\n'));
  if (lines.every((line) => line.kind === 'same')) {
    box.append(el('span', 'diff__same', same));
    return;
  }
  lines.forEach(({ kind, text }) => {
    const mark = { added: '+ ', removed: '- ', same: '  ' }[kind];
    box.append(el('span', `diff__${kind}`, `${mark}${text}\n`));
  });
};

export class BotView {
  /** {@code console} asks the server ({@code request}, {@code optional}) and shows its refusals ({@code act}, {@code button}). */
  constructor(console) {
    this.console = console;
    this.live = null;
    this.schema = null;
    this.form = new SchemaForm($('draft-form-fields'), (document) => { $('draft-editor').value = pretty(document); },
      (view) => console.show(view).then(() => $(`${view}-title`).focus()), { procedures: new ProcedureEditor() });
    this.evaluations = new EvaluationsPanel(console, () => this.saveDraft());
    const actions = $('draft-actions');
    $('draft-form').addEventListener('submit', (event) => { event.preventDefault(); this.act(() => this.saveDraft(), actions); });
    $('show-diff').addEventListener('click', () => this.act(() => this.showDiff(), actions));
    $('publish').addEventListener('click', () => this.act(() => this.publish(), actions));
    $('discard-draft').addEventListener('click', () => this.act(() => this.discardDraft(), actions));
    $('try-draft').addEventListener('click', () => this.act(() => this.tryDraft(), actions));
    document.querySelectorAll('#draft-tabs [role="tab"]').forEach((tab) => {
      tab.addEventListener('click', () => this.act(() => this.showTab(tab.id)));
      tab.addEventListener('keydown', (event) => this.moveBetweenTabs(event));
    });
  }

  /** As the console's {@code act}, the problems of a refused document also shown at the fields they name. */
  act(action, place) {
    this.form.showProblems([]);
    return this.console.act(async () => {
      try {
        await action();
      } catch (failure) {
        this.form.showProblems(failure.problems ?? []);
        throw failure;
      }
    }, place);
  }

  async load() {
    const [versions, schema] = await Promise.all([
      this.console.request('GET', '/v1/config/versions'), this.schema ?? this.console.request('GET', '/v1/config/schema'),
      this.evaluations.load()]);
    // The live version is the newest: a rollback publishes the old one again as a new version.
    const live = versions.versions.at(-1) ?? null;
    const draft = versions.draft ? await this.console.optional('/v1/config/draft') : null;
    this.schema = schema;
    this.draft = draft;
    this.showLive(live);
    $('draft-summary').textContent = draft ? `(draft ${draft.draft}, saved ${when(draft.at)} by ${who(draft.author)})` : '(no draft: a copy of the live version)';
    $('draft-editor').value = pretty(draft ? draft.config : live?.config ?? {});
    this.form.render(schema, draft ? draft.config : live?.config ?? {});
    $('draft-message').value = draft?.message ?? '';
    $('diff').replaceChildren();
    $('diff-box').hidden = true;
    fill('history', [...versions.versions].reverse(), 'No version published yet.', (item, version) => {
      item.dataset.version = version.version;
      item.append(el('span', null, `Version ${version.version}, ${when(version.at)}, ${who(version.author)}${version.message ? `: ${version.message}` : ''}`));
      if (live && version.version !== live.version) {
        item.append(this.console.button('rollback', `Roll back to version ${version.version}`, null, () => this.rollback(version)));
      }
    });
  }

  showLive(live) {
    this.live = live;
    $('live-summary').textContent = live
      ? `Live: version ${live.version}, published ${when(live.at)} by ${who(live.author)}${live.message ? `: ${live.message}` : ''}`
      : 'Nothing published yet: the node\'s settings apply.';
  }

  /** The live version this page showed: every change is sent as based on it. */
  get baseVersion() {
    return this.live?.version ?? 0;
  }

  /** Form and JSON are one document: the JSON is read when the form is shown, refused when it is not JSON. */
  showTab(id) {
    if (id === 'tab-form') this.form.render(this.schema, this.draftDocument());
    document.querySelectorAll('#draft-tabs [role="tab"]').forEach((tab) => {
      const selected = tab.id === id;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $(tab.getAttribute('aria-controls')).hidden = !selected;
    });
  }

  /** Left and right arrows move between the tabs, as the ARIA tabs pattern has it. */
  moveBetweenTabs(event) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const tabs = [...document.querySelectorAll('#draft-tabs [role="tab"]')];
    const next = tabs[(tabs.indexOf(event.target) + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    next.focus();
    next.click();
  }

  /** The editor's document; text that is no JSON is refused here, naming where it breaks. */
  draftDocument() {
    try {
      return JSON.parse($('draft-editor').value);
    } catch (failure) {
      throw Object.assign(new Error('the draft is not valid JSON'), { status: 400, problems: [failure.message] });
    }
  }

  async saveDraft() {
    const saved = await this.console.request('PUT', '/v1/config/draft', { config: this.draftDocument(), message: $('draft-message').value.trim() });
    await this.load();
    this.showDiff();
    $('draft-status').textContent = `Draft ${saved.draft} saved.`;
    return saved;
  }

  showDiff() {
    drawDiff($('diff'), this.live?.config ?? {}, this.draftDocument(), 'The draft is the same as the live version.');
    $('diff-box').hidden = false;
  }

  /** A change the server refused as stale (409): the page shows the version now live and compares with it. */
  async stale(failure) {
    if (failure.status === 409) {
      this.showLive(await this.console.optional('/v1/config'));
      this.showDiff();
    }
    throw failure;
  }

  async publish() {
    const { baseVersion } = this;
    const draft = this.draftDocument();
    if (!await this.console.confirm('Publish the draft? New conversations run on it at once.', 'Publish',
      (box) => drawDiff(box, this.live?.config ?? {}, draft, 'Nothing changes: the draft is the same as the live version.'))) return;
    try {
      // The message typed now goes with the version: the draft is saved with it, then published. A
      // draft saved as it stands is published as it is: saving it again would give it a new number,
      // and the publish gate would ask for a new evaluation run of that number.
      const message = $('draft-message').value.trim();
      const unchanged = this.draft && pretty(this.draft.config) === pretty(draft)
        && (this.draft.message ?? '') === message;
      // The publish names the draft the admin saw, so one saved meanwhile by someone else is refused.
      const saved = unchanged ? this.draft
        : await this.console.request('PUT', '/v1/config/draft', { config: draft, message, baseVersion });
      const published = await this.console.request('POST', '/v1/config/draft/publish',
        { baseVersion, draft: saved.draft });
      await this.load();
      $('draft-status').textContent = `Published as version ${published.version}.`;
    } catch (failure) {
      await this.stale(failure);
    }
  }

  async discardDraft() {
    await this.console.request('DELETE', '/v1/config/draft');
    await this.load();
    $('draft-status').textContent = 'Draft discarded.';
  }

  /** Publishes {@code version}'s configuration again, once the admin saw what it changes against the live one. */
  async rollback(version) {
    if (!await this.console.confirm(`Roll back to version ${version.version}? Its settings are published again as a new version.`,
      'Roll back', (box) => drawDiff(box, this.live?.config ?? {}, version.config, 'Nothing changes: it is the same as the live version.'))) return;
    try {
      const current = await this.console.request('POST', '/v1/config/rollback', { version: version.version, baseVersion: this.baseVersion });
      await this.load();
      $('draft-status').textContent = `Version ${version.version} is live again, as version ${current.version}.`;
    } catch (failure) {
      await this.stale(failure);
    }
  }

  /**
   * Saves the draft, then runs the real widget on it in the frame beside the form: a new test
   * conversation each time, started with this tab's key (admin-try.js), greeted as the draft greets.
   */
  async tryDraft() {
    const saved = await this.saveDraft();
    const frame = $('try-frame');
    frame.src = `admin-try.html?tenant=${encodeURIComponent(this.console.tenant)}&draft=${saved.draft}`;
    $('try').hidden = false;
    $('try-status').textContent = `The widget runs draft ${saved.draft}, in a new test conversation.`;
  }

  /** Signing out empties the frame: its conversation was the admin's. */
  forget() {
    $('try-frame').src = 'about:blank';
    $('try').hidden = true;
    this.live = null;
    this.evaluations.forget();
  }
}
