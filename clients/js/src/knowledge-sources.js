// A tenant's knowledge sources (docs/knowledge-sources.md) as the admin console reads and adds
// them: a website, a help-centre export or files uploaded to it, the body that adds one from what a form holds, how a
// source stands (its last and next sync, the progress of the sync under way) and its documents'
// statuses in words. The console reads them again when the node tells of a change of the knowledge
// base (GET /v1/admin/changes), a sync's progress among them, so the progress moves on the page.

const STATUSES = {
  imported: 'imported', unchanged: 'unchanged', updated: 'updated', failed: 'failed', retired: 'retired',
};

/** The lines of a text box as a list of path globs: blank lines left out. */
export const patternLines = (text = '') => String(text).split('\n').map((line) => line.trim()).filter(Boolean);

/**
 * The body of {@code POST /v1/kb/sources} from a form's fields: {kind, name, url, sitemap, include,
 * exclude (each a text of one glob a line), pageLimit (a text; empty: the node's), syncEvery (an
 * ISO-8601 duration; empty: the node's)}. A help-centre export has no sitemap or path globs; a files
 * source (kind 'files') has a name and at most a limit: its files are uploaded, never fetched.
 * @throws Error when the page limit is not a whole number from 1
 */
export const sourceBody = (fields) => {
  const files = fields.kind === 'files';
  const body = files ? { kind: 'files' } : { kind: fields.kind, url: String(fields.url ?? '').trim() };
  const name = String(fields.name ?? '').trim();
  if (name) body.name = name;
  else if (files) throw new Error('a files source needs a name');
  if (fields.kind === 'website') {
    body.sitemap = Boolean(fields.sitemap);
    body.include = patternLines(fields.include);
    body.exclude = patternLines(fields.exclude);
  }
  const limit = String(fields.pageLimit ?? '').trim();
  if (limit) {
    if (!/^[1-9][0-9]*$/.test(limit)) throw new Error('the page limit must be a whole number from 1');
    body.pageLimit = Number(limit);
  }
  if (fields.syncEvery && !files) body.syncEvery = fields.syncEvery;
  return body;
};

/** The source's open sync as {done, total, percent}, or null when none has listed its pages. */
export const progressOf = (source) => {
  const progress = source?.syncing ? source.progress : null;
  if (!progress || !(progress.total >= 0)) return null;
  const percent = progress.total === 0 ? 100 : Math.round((100 * progress.done) / progress.total);
  return { done: progress.done, total: progress.total, percent };
};

/**
 * How the source stands, in words, with times shown by {@code when} (an instant to text): {state
 * ('syncing', 'due', 'idle'), progress (see progressOf), text}. A files source syncs when files are
 * uploaded to it: it says its last upload, and is never due.
 */
export const sourceState = (source, when, now = Date.now()) => {
  const progress = progressOf(source);
  if (source.kind === 'files') {
    if (source.syncing) {
      return { state: 'syncing', progress, text: progress ? `Storing an upload: ${progress.done} of ${progress.total} files` : 'Reading an upload' };
    }
    const text = source.lastSyncAt ? `Last upload ${when(source.lastSyncAt)}: ${source.lastOutcome ?? 'done'}.` : 'No files uploaded yet.';
    return { state: 'idle', progress: null, text };
  }
  if (source.syncing) {
    return { state: 'syncing', progress, text: progress ? `Syncing: ${progress.done} of ${progress.total} pages` : 'Syncing: listing the pages' };
  }
  const last = source.lastSyncAt ? `Last synced ${when(source.lastSyncAt)}: ${source.lastOutcome ?? 'done'}` : 'Never synced';
  if (Date.parse(source.nextSyncAt) <= now) return { state: 'due', progress: null, text: `${last}. Waiting for a sync to start.` };
  return { state: 'idle', progress: null, text: `${last}. Next sync ${when(source.nextSyncAt)}.` };
};

/** A document's status in words: a failed one with why, a retired one saying its versions are kept. */
export const documentStatus = (document) => {
  const status = STATUSES[document.status] ?? String(document.status);
  if (document.status === 'failed') {
    return `${status}: ${document.reason ?? 'no reason given'}${document.searchable ? ' (its last good version is still searchable)' : ''}`;
  }
  if (document.status === 'retired') return `${status}: no longer in the source, out of the index`;
  return status;
};

/** How many documents have each status, in the statuses' order, those with none left out: "3 imported, 1 failed". */
export const statusSummary = (documents) => {
  const counts = new Map(Object.keys(STATUSES).map((status) => [status, 0]));
  documents.forEach((document) => counts.set(document.status, (counts.get(document.status) ?? 0) + 1));
  const parts = [...counts].filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`);
  return parts.length ? parts.join(', ') : 'no documents yet';
};

/** The files extensions the node reads (POST /v1/kb/files), for a file picker's accept. */
export const UPLOADABLE = '.html,.htm,.md,.markdown,.txt,.pdf,.docx,.zip';

/** Where a source's documents come from, in words: its address, or its uploads for a files source. */
export const sourceOrigin = (source) => (source.kind === 'files' ? 'files uploaded here' : source.url);

/** The address that uploads {@code name} (POST /v1/kb/files) to the files source {@code sourceId}, or to the first when empty. */
export const uploadPath = (name, sourceId = '') => `/v1/kb/files?name=${encodeURIComponent(name)}`
  + (sourceId ? `&source=${encodeURIComponent(sourceId)}` : '');

/** What an upload of files did, in a line: "2 imported, 1 failed (a.png: why)". */
export const uploadSummary = (files) => {
  const summary = statusSummary(files);
  const failed = files.filter((file) => file.status === 'failed').map((file) => file.reason ?? file.path);
  return failed.length ? `${summary} (${failed.join('; ')})` : summary;
};
