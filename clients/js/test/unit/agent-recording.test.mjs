// The agent console's call recording (clients/web/agent-recording.js, drawn by staff-recording.js on
// the client library's call-recording.js) on a small fake DOM: a phone call's recording with a
// button on each message said while it recorded, which plays from its time; nothing for a chat, nor
// for a call not recorded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordingPanel } from '../../../web/agent-recording.js';

class FakeElement {
  constructor(tag) {
    Object.assign(this, { tag, children: [], dataset: {}, attributes: {}, listeners: {}, className: '', textContent: '', hidden: false });
  }

  append(...nodes) { this.children.push(...nodes); }

  replaceChildren(...nodes) { this.children = nodes; }

  setAttribute(name, value) { this.attributes[name] = value; }

  addEventListener(type, listener) { this.listeners[type] = listener; }

  play() { this.playing = true; return Promise.resolve(); }
}

const page = () => {
  const ids = Object.fromEntries(['recording-box', 'recording', 'recording-messages', 'recording-status']
    .map((id) => [id, new FakeElement('div')]));
  globalThis.document = { getElementById: (id) => ids[id], createElement: (tag) => new FakeElement(tag) };
  return ids;
};

const VIEW = { messages: [
  { role: 'assistant', text: 'Hello, how can I help?', at: '2026-11-29T10:00:00Z' },
  { role: 'user', text: 'Where is my parcel?', at: '2026-11-29T10:00:09Z' },
] };
const recorded = (status) => async (path) => ({
  status, ok: status === 200, path,
  headers: new Headers(status === 200 ? { 'Recording-Started': '2026-11-29T10:00:06Z' } : {}),
  blob: async () => new Blob([new Uint8Array(8)], { type: 'audio/wav' }),
});

test('a phone call\'s recording plays from the time of a message said while it recorded', async () => {
  const ids = page();
  const read = [];
  const panel = new RecordingPanel({ request: async () => VIEW, read: (path) => { read.push(path); return recorded(200)(path); } });
  await panel.show('s-1', { channel: 'phone' });
  assert.deepEqual(read, ['/v1/conversations/s-1/recording']);
  assert.equal(ids['recording-box'].hidden, false);
  const player = ids.recording.children[0];
  assert.equal(player.tag, 'audio');
  assert.ok(player.src.startsWith('blob:'));
  const [greeting, question] = ids['recording-messages'].children;
  assert.equal(greeting.children.length, 1, 'said before the recording began: no button');
  const button = question.children[1];
  assert.equal(button.textContent, 'Play from 0:03');
  button.listeners.click();
  assert.equal(player.currentTime, 3);
  assert.ok(player.playing);
});

test('a chat has no recording to read, and a call not recorded shows none', async () => {
  const ids = page();
  const read = [];
  const panel = new RecordingPanel({ request: async () => VIEW, read: (path) => { read.push(path); return recorded(404)(path); } });
  await panel.show('s-2', { channel: 'chat' });
  assert.deepEqual(read, [], 'a chat is never asked for one');
  assert.equal(ids['recording-box'].hidden, true);
  await panel.show('s-3', { channel: 'phone' });
  assert.equal(read.length, 1);
  assert.equal(ids['recording-box'].hidden, true);
  assert.equal(ids['recording-status'].textContent, '');
});
