import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttachmentTray, describe } from '../../src/attachment-picker.js';

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
  assert.equal(describe(tray.find(first.key)), 'label.jpg, uploading 50%');
  tray.done(first.key, { attachmentId: 'att_1', name: 'label.jpg' });
  tray.failed(second.key, "the file is application/pdf, which this service does not accept");
  assert.equal(tray.busy(), false);
  assert.deepEqual(tray.ready(), [{ attachmentId: 'att_1', name: 'label.jpg' }]);
  assert.equal(describe(tray.find(second.key)), 'invoice.pdf not attached: the file is application/pdf, which this service does not accept');
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
  assert.equal(entry.error, 'the file could not be attached');
});
