import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AttachmentTray, describe, refusal } from '../../src/attachment-picker.js';
import { ParleyError } from '../../src/parley-client.js';
import { Texts } from '../../src/texts.js';

const pack = (language) => new Texts(language, JSON.parse(readFileSync(new URL(`../../../texts/${language}.json`, import.meta.url))));
const english = pack('en');

const photo = { name: 'label.jpg', type: 'image/jpeg' };
const invoice = { name: 'invoice.pdf', type: 'application/pdf' };

test('a file uploads, then goes with the message; a refused one is shown and never sent', () => {
  const tray = new AttachmentTray();
  const first = tray.add(photo);
  const second = tray.add(invoice);
  assert.equal(first.image, true);
  assert.equal(second.image, false);
  assert.equal(tray.busy(), true);
  tray.progress(first.key, 0.5);
  assert.equal(describe(tray.find(first.key), english), 'label.jpg, uploading 50%');
  tray.done(first.key, { attachmentId: 'att_1', name: 'label.jpg' });
  tray.failed(second.key, refusal(new ParleyError({ code: 'unsupported_media_type', message: 'application/pdf is not accepted' }), english));
  assert.equal(tray.busy(), false);
  assert.deepEqual(tray.ready(), [{ attachmentId: 'att_1', name: 'label.jpg' }]);
  assert.equal(describe(tray.find(second.key), english),
    'invoice.pdf not attached: this kind of file cannot be sent (photos, PDFs and text files can)');
  assert.equal(describe(tray.find(first.key), english), 'label.jpg attached');
  tray.clear();
  assert.deepEqual(tray.entries, []);
});

test('a message holds at most its limit, and a removed file is not sent', () => {
  const tray = new AttachmentTray({ maxFiles: 2 });
  const a = tray.add(photo);
  tray.add(invoice);
  assert.equal(tray.add({ name: 'third.png', type: 'image/png' }), null);
  tray.done(a.key, { attachmentId: 'att_1', name: 'label.jpg' });
  tray.remove(a.key);
  assert.deepEqual(tray.ready(), []);
  assert.equal(tray.entries.length, 1);
  tray.progress('unknown', 1);
  assert.equal(tray.add({}).name, 'attachment', 'a pasted image without a name');
});

test('progress stays within 0 and 1, and only while uploading', () => {
  const tray = new AttachmentTray();
  const entry = tray.add(photo);
  tray.progress(entry.key, 7);
  assert.equal(entry.progress, 1);
  tray.failed(entry.key);
  tray.progress(entry.key, 0.2);
  assert.equal(entry.progress, 1);
  assert.equal(describe(entry, english), 'label.jpg not attached: the file could not be sent');
});

test("a refusal is worded in the conversation's language, whatever the node's English reason", () => {
  const german = pack('de');
  const tooLarge = new ParleyError({ code: 'too_large', message: 'the file is 12 MiB; the limit is 10 MiB' });
  assert.equal(refusal(tooLarge, german), 'die Datei ist zu groß zum Senden');
  assert.equal(refusal(new ParleyError({ code: 'unsupported_media_type', message: 'x' }), pack('fr')),
    'ce type de fichier ne peut pas être envoyé (photos, PDF et fichiers texte acceptés)');
  assert.equal(refusal(new TypeError('Failed to fetch'), german), 'die Datei konnte nicht gesendet werden');
  const entry = { name: 'foto.jpg', status: 'failed', error: refusal(tooLarge, german) };
  assert.equal(describe(entry, german), 'foto.jpg nicht angehängt: die Datei ist zu groß zum Senden');
});
