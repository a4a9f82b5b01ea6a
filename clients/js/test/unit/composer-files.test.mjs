import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComposerFiles, listenForFiles } from '../../src/composer-files.js';

function target() {
  const element = new EventTarget();
  element.clicks = 0;
  element.click = () => element.clicks++;
  return element;
}

function event(type, fields) {
  return Object.assign(new Event(type, { cancelable: true }), fields);
}

test('files chosen, dropped or pasted are given in batches; pasted text and dragged text are left alone', () => {
  const given = [];
  const input = Object.assign(target(), { files: ['a.jpg'], value: 'C:\\fakepath\\a.jpg' });
  const zone = target();
  const pasteTarget = target();
  listenForFiles({ input, zone, pasteTarget }, (files) => given.push(files));
  input.dispatchEvent(new Event('change'));
  assert.equal(input.value, '', 'the same file can be chosen again');
  const over = event('dragover', { dataTransfer: { types: ['Files'] } });
  zone.dispatchEvent(over);
  assert.equal(over.defaultPrevented, true, 'a file may be dropped');
  const drop = event('drop', { dataTransfer: { files: ['b.png'] } });
  zone.dispatchEvent(drop);
  assert.equal(drop.defaultPrevented, true);
  const text = event('paste', { clipboardData: { files: [] } });
  pasteTarget.dispatchEvent(text);
  assert.equal(text.defaultPrevented, false, 'text is pasted as text');
  pasteTarget.dispatchEvent(event('paste', { clipboardData: { files: ['c.png'] } }));
  assert.deepEqual(given, [['a.jpg'], ['b.png'], ['c.png']]);
});

test('the picker loads with the first file, and a message waits for its uploads and carries them', async () => {
  const loaded = [];
  const placed = [];
  const uploads = [];
  class AttachmentPicker {
    constructor({ upload }) { this.upload = upload; this.list = 'list'; this.files = []; }
    add(files) { this.files.push(...files); uploads.push(...files.map((file) => this.upload(file, {}))); }
    settled() { return Promise.allSettled(uploads); }
    get tray() { return { ready: () => this.files.map((name) => ({ attachmentId: `att_${name}`, name })) }; }
    take() { return this.files.splice(0).map((name) => ({ attachmentId: `att_${name}`, name })); }
  }
  const load = async (module) => (loaded.push(module), module === 'attachment-picker.js' ? { AttachmentPicker } : { FileLinks: class {} });
  const button = target();
  const input = Object.assign(target(), { files: [], value: '' });
  const client = { upload: async (file) => ({ attachmentId: `att_${file}` }) };
  const files = new ComposerFiles({ load, client: () => client, texts: () => ({ language: 'en' }), changed: () => {},
    place: (list) => placed.push(list), button, input, zone: target(), pasteTarget: target() });
  assert.deepEqual(await files.message('  hello '), { text: 'hello', attachments: [] }, 'without files nothing loads');
  assert.equal(await files.message(' '), null);
  assert.deepEqual(loaded, []);
  button.dispatchEvent(new Event('click'));
  assert.equal(input.clicks, 1, 'the button opens the file chooser');
  input.files = ['label.jpg'];
  input.dispatchEvent(new Event('change'));
  assert.deepEqual(await files.message(''), { text: 'label.jpg', attachments: [{ attachmentId: 'att_label.jpg', name: 'label.jpg' }] });
  assert.deepEqual(loaded.sort(), ['attachment-picker.js', 'file-links.js']);
  assert.deepEqual(placed, ['list']);
  assert.deepEqual(await files.message('again'), { text: 'again', attachments: [] }, 'sent files go with one message only');
  input.files = ['old.pdf'];
  input.dispatchEvent(new Event('change'));
  files.clear();
  assert.deepEqual(await files.message('new conversation'), { text: 'new conversation', attachments: [] },
    'files attached to the conversation before do not go with the next one');
});
