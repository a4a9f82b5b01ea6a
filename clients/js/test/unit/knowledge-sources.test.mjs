// The model of a tenant's knowledge sources (src/knowledge-sources.js) the admin console draws: the
// body that adds a source, how a source stands with its sync's progress, its documents' statuses,
// the address of an upload and what it did.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  documentStatus, patternLines, progressOf, sourceBody, sourceOrigin, sourceState, statusSummary, uploadPath,
  uploadSummary,
} from '../../src/knowledge-sources.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const when = (at) => at.slice(11, 16);
const source = (fields) => ({ syncing: false, nextSyncAt: '2026-11-30T12:00:00Z', ...fields });

test('a website is added from its form: globs a line each, the limit a number, blank fields left to the node', () => {
  assert.deepEqual(sourceBody({ kind: 'website', name: ' Help ', url: ' https://help.example.com/sitemap.xml ', sitemap: true,
    include: '/en/*\n\n /de/* \n', exclude: '', pageLimit: '50', syncEvery: 'P1D' }),
  { kind: 'website', name: 'Help', url: 'https://help.example.com/sitemap.xml', sitemap: true, include: ['/en/*', '/de/*'],
    exclude: [], pageLimit: 50, syncEvery: 'P1D' });
  assert.deepEqual(sourceBody({ kind: 'zendesk', name: '', url: 'https://x.example/export.json', sitemap: true, include: '/a',
    pageLimit: '', syncEvery: '' }), { kind: 'zendesk', url: 'https://x.example/export.json' }, 'an export has no globs');
  assert.throws(() => sourceBody({ kind: 'website', url: 'https://a.example/', pageLimit: '0' }), /whole number from 1/);
  assert.throws(() => sourceBody({ kind: 'website', url: 'https://a.example/', pageLimit: '2.5' }), /whole number/);
  assert.deepEqual(patternLines(' /a \n\n/b'), ['/a', '/b']);
});

test('a sync under way shows how far it has gone; one not yet listed, and a finished one, show no bar', () => {
  assert.deepEqual(progressOf(source({ syncing: true, progress: { done: 3, total: 12 } })), { done: 3, total: 12, percent: 25 });
  assert.deepEqual(progressOf(source({ syncing: true, progress: { done: 0, total: 0 } })), { done: 0, total: 0, percent: 100 });
  assert.equal(progressOf(source({ syncing: true, progress: null })), null);
  assert.equal(progressOf(source({ syncing: false, progress: { done: 3, total: 3 } })), null);

  assert.equal(sourceState(source({ syncing: true, progress: { done: 3, total: 12 } }), when, NOW).text, 'Syncing: 3 of 12 pages');
  assert.equal(sourceState(source({ syncing: true }), when, NOW).text, 'Syncing: listing the pages');
  assert.deepEqual(sourceState(source({ lastSyncAt: '2026-11-29T11:00:00Z', lastOutcome: '2 imported' }), when, NOW),
    { state: 'idle', progress: null, text: 'Last synced 11:00: 2 imported. Next sync 12:00.' });
  assert.deepEqual(sourceState(source({ nextSyncAt: '2026-11-29T11:59:00Z' }), when, NOW),
    { state: 'due', progress: null, text: 'Never synced. Waiting for a sync to start.' });
});

test('a files source is a name and a limit, says its last upload, is never due, and its uploads name it', () => {
  assert.deepEqual(sourceBody({ kind: 'files', name: ' Manuals ', url: 'https://ignored.example/', sitemap: true, include: '/a',
    pageLimit: '20', syncEvery: 'P1D' }), { kind: 'files', name: 'Manuals', pageLimit: 20 });
  assert.throws(() => sourceBody({ kind: 'files', name: ' ' }), /needs a name/);
  const files = { kind: 'files', syncing: false, url: null, nextSyncAt: null };
  assert.deepEqual(sourceState(files, when, NOW), { state: 'idle', progress: null, text: 'No files uploaded yet.' });
  assert.equal(sourceState({ ...files, lastSyncAt: '2026-11-29T11:00:00Z', lastOutcome: 'help.zip: 2 imported' }, when, NOW).text,
    'Last upload 11:00: help.zip: 2 imported.');
  assert.equal(sourceState({ ...files, syncing: true, progress: { done: 1, total: 4 } }, when, NOW).text,
    'Storing an upload: 1 of 4 files');
  assert.equal(sourceOrigin(files), 'files uploaded here');
  assert.equal(sourceOrigin({ kind: 'website', url: 'https://help.example.com/' }), 'https://help.example.com/');
  assert.equal(uploadPath('a b.md'), '/v1/kb/files?name=a%20b.md');
  assert.equal(uploadPath('help.zip', 's/1'), '/v1/kb/files?name=help.zip&source=s%2F1');
});

test('each document says its status; a failed one why, and whether its last good version stays', () => {
  assert.equal(documentStatus({ status: 'imported' }), 'imported');
  assert.equal(documentStatus({ status: 'failed', reason: 'answered 500', searchable: true }),
    'failed: answered 500 (its last good version is still searchable)');
  assert.equal(documentStatus({ status: 'failed', reason: 'timed out', searchable: false }), 'failed: timed out');
  assert.equal(documentStatus({ status: 'retired' }), 'retired: no longer in the source, out of the index');
  assert.equal(statusSummary([{ status: 'failed' }, { status: 'imported' }, { status: 'imported' }]), '2 imported, 1 failed');
  assert.equal(statusSummary([]), 'no documents yet');
});

test('an upload of files says what became of them, each failed one with why', () => {
  assert.equal(uploadSummary([{ status: 'imported' }, { status: 'unchanged' }]), '1 imported, 1 unchanged');
  assert.equal(uploadSummary([{ status: 'imported' }, { status: 'failed', path: 'a.png', reason: 'a.png is not HTML' }]),
    '1 imported, 1 failed (a.png is not HTML)');
});
