// Knowledge sources: the tenant's websites, help-centre exports and files sources (GET /v1/kb/sources),
// one added from the form, each with its last and next sync, a bar while a sync runs and a Sync now
// button (a files source syncs when files are uploaded to it, from the upload form, which names it);
// a source's documents with what its last sync did with each (GET /v1/kb/sources/{id}/documents).
// What a source's state means is the client library's (knowledge-sources.js); this view draws it,
// and reads the sources again when the node tells of a change of the knowledge base (live-reads.js),
// as a sync goes too, so the bar moves by itself.

import {
  UPLOADABLE, documentStatus, sourceBody, sourceOrigin, sourceState, statusSummary, uploadPath, uploadSummary,
} from '/client/knowledge-sources.js';
import { when } from './admin-time.js';
import { $, el, emptyRow, fill, textRow } from './console-dom.js';
import { LiveReads } from './live-reads.js';

const DOCUMENT_COLUMNS = 5;
const KINDS = { website: 'website', zendesk: 'Zendesk export', intercom: 'Intercom export', files: 'files' };

export class SourcesView {
  /** {@code console} asks the server ({@code request}) and shows its refusals ({@code act}, {@code button}). */
  constructor(console) {
    this.console = console;
    this.shown = null;
    this.live = new LiveReads({ read: () => this.loadSources(), shown: () => !$('workspace').hidden
      && !$('view-sources').hidden, kinds: ['knowledge'], changes: console.changes });
    $('source-kind').addEventListener('change', () => this.showKind());
    $('files-chosen').accept = UPLOADABLE;
    $('files-upload').addEventListener('submit', (event) => {
      event.preventDefault();
      console.act(() => this.upload(), $('files-submit'));
    });
    $('source-add').addEventListener('submit', (event) => {
      event.preventDefault();
      console.act(() => this.add(), $('source-submit'));
    });
  }

  async load() {
    this.showKind();
    this.live.start();
    await this.loadSources();
  }

  forget() {
    this.live.stop();
    this.shown = null;
    $('source-documents-box').hidden = true;
  }

  showKind() {
    const kind = $('source-kind').value;
    $('source-website-fields').hidden = kind !== 'website';
    $('source-fetched-fields').hidden = kind === 'files';
    $('source-schedule-fields').hidden = kind === 'files';
    $('source-url').required = kind !== 'files';
  }

  /** Draws the sources, and the documents of the one shown. */
  async loadSources() {
    const { sources } = await this.console.request('GET', '/v1/kb/sources');
    fill('sources', sources, 'No sources yet.', (item, source) => this.drawSource(item, source));
    this.offerFilesSources(sources.filter((source) => source.kind === 'files'));
    const shown = this.shown && sources.find((source) => source.id === this.shown.id);
    if (shown) {
      this.shown = shown;
      await this.loadDocuments(shown);
    }
  }

  drawSource(item, source) {
    const state = sourceState(source, when);
    item.dataset.source = source.id;
    item.dataset.state = state.state;
    const text = el('div', 'source__text');
    text.append(el('strong', null, source.name));
    text.append(el('span', 'hint', ` ${KINDS[source.kind] ?? source.kind}, ${sourceOrigin(source)}`));
    text.append(el('p', 'source__state', state.text));
    if (state.progress) {
      const bar = el('progress', 'source__progress');
      bar.max = Math.max(state.progress.total, 1);
      bar.value = state.progress.total === 0 ? 1 : state.progress.done;
      bar.setAttribute('aria-label', `Sync of ${source.name}: ${state.progress.done} of ${state.progress.total} pages`);
      text.append(bar);
    }
    item.append(text);
    if (source.kind !== 'files') {
      const sync = this.console.button('sync', 'Sync now', `Sync ${source.name} now`, () => this.syncNow(source));
      sync.disabled = state.state !== 'idle';
      item.append(sync);
    }
    item.append(this.console.button('documents', 'Documents', `Documents of ${source.name}`, async () => {
      this.shown = source;
      await this.loadDocuments(source);
      $('source-documents-title').focus();
    }));
  }

  async syncNow(source) {
    await this.console.request('POST', `/v1/kb/sources/${encodeURIComponent(source.id)}/sync`);
    $('sources-status').textContent = `A sync of ${source.name} is asked for.`;
    await this.loadSources();
  }

  async loadDocuments(source) {
    const { documents } = await this.console.request('GET', `/v1/kb/sources/${encodeURIComponent(source.id)}/documents`);
    $('source-documents-box').hidden = false;
    $('source-documents-title').textContent = `Documents of ${source.name}`;
    $('source-documents-summary').textContent = statusSummary(documents);
    const body = $('source-documents').tBodies[0];
    body.replaceChildren();
    documents.forEach((document) => body.append(textRow([document.title || '(no title yet)', document.url,
      document.locale ?? '', documentStatus(document), when(document.changedAt)], { status: document.status })));
    if (documents.length === 0) body.append(emptyRow('No documents yet.', DOCUMENT_COLUMNS));
  }

  /** The files sources an upload may go to, the one chosen kept; the first option is the first files source. */
  offerFilesSources(sources) {
    const select = $('files-source');
    const chosen = select.value;
    const first = select.options[0];
    select.replaceChildren(first, ...sources.map((source) => {
      const option = el('option', null, source.name);
      option.value = source.id;
      return option;
    }));
    select.value = sources.some((source) => source.id === chosen) ? chosen : '';
  }

  /**
   * Each chosen file sent as it is (POST /v1/kb/files) to the files source chosen, one after the
   * other; what became of them said, and that source's documents shown.
   */
  async upload() {
    const results = [];
    let sourceId = $('files-source').value;
    for (const file of $('files-chosen').files) {
      const { headers, credentials } = this.console.credential.fetchOptions('POST');
      headers['Content-Type'] = 'application/octet-stream';
      const response = await fetch(uploadPath(file.name, sourceId), {
        method: 'POST', headers, credentials, body: file, cache: 'no-store',
      });
      const answer = await response.json().catch(() => null);
      if (!response.ok) throw new Error(`${file.name}: ${answer?.error?.message ?? `the server answered ${response.status}`}`);
      results.push(...answer.files);
      sourceId = answer.source;
    }
    $('files-chosen').value = '';
    $('sources-status').textContent = `Uploaded: ${uploadSummary(results)}.`;
    if (sourceId) this.shown = { id: sourceId };
    await this.loadSources();
  }

  async add() {
    const added = await this.console.request('POST', '/v1/kb/sources', sourceBody({
      kind: $('source-kind').value, name: $('source-name').value, url: $('source-url').value,
      sitemap: $('source-sitemap').checked, include: $('source-include').value, exclude: $('source-exclude').value,
      pageLimit: $('source-limit').value, syncEvery: $('source-every').value,
    }));
    $('source-add').reset();
    this.showKind();
    const files = added.kind === 'files';
    $('sources-status').textContent = files ? `Added ${added.name}; upload its files below.` : `Added ${added.name}; its first sync starts now.`;
    this.shown = added;
    await this.loadSources();
    if (files) $('files-source').value = added.id;
  }
}
