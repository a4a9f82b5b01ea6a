import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParleyClient, ParleyError, attachmentIds, MAX_ATTACHMENTS } from '../../src/parley-client.js';
import { messageText, outboxEntry } from '../../src/attachments.js';
import { nodeWithClient, settle } from './fake-node.mjs';

const ID = 'att_0123456789abcdef0123456789abcdef';

test('a message carries ids, from uploads or as they are, once each and at most ten', () => {
  assert.deepEqual(attachmentIds([ID, { attachmentId: ID }, { attachmentId: 'att_2' }, null]), [ID, 'att_2']);
  assert.deepEqual(attachmentIds(undefined), []);
  assert.throws(() => attachmentIds(Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => `att_${i}`)), RangeError);
  assert.deepEqual(outboxEntry({ clientMsgId: 'c-1', text: 'hi', attachments: [] }), { clientMsgId: 'c-1', text: 'hi' });
  assert.deepEqual(outboxEntry({ clientMsgId: 'c-1', text: 'hi', attachments: [ID] }),
    { clientMsgId: 'c-1', text: 'hi', attachments: [ID] });
});

test('upload posts the raw file with its name and the credential, and reports progress', async () => {
  const calls = [];
  const client = new ParleyClient({ baseUrl: 'https://support.example', tenant: 'acme', token: 't0k', WebSocket: class {},
    fetch: async (url, init) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ attachmentId: ID, contentType: 'image/png', size: 3, name: 'a b.png',
        url: `/v1/sessions/s-1/attachments/${ID}` }), { status: 201 });
    } });
  const progress = [];
  const file = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
  const uploaded = await client.upload(file, { name: 'a b.png', sessionId: 's-1', onProgress: (f) => progress.push(f) });
  assert.equal(uploaded.attachmentId, ID);
  assert.deepEqual(progress, [0, 1]);
  assert.match(calls[0].url.toString(), /\/v1\/sessions\/s-1\/attachments\?name=a(%20|\+)b\.png/);
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.body, file);
  assert.equal(calls[0].init.headers.Authorization, 'Bearer t0k');
  assert.equal(calls[0].init.headers['Content-Type'], 'image/png');
});

test("the node's refusal is a ParleyError with its code and reason", async () => {
  const client = new ParleyClient({ baseUrl: 'https://support.example', tenant: 'acme', token: 't0k', WebSocket: class {},
    fetch: async () => new Response(JSON.stringify({ error: { code: 'unsupported_media_type',
      message: "the file's content is none of the accepted types" } }), { status: 415 }) });
  await assert.rejects(client.upload(new Blob(['MZ']), { sessionId: 's-1' }), (error) => {
    assert.ok(error instanceof ParleyError);
    assert.equal(error.code, 'unsupported_media_type');
    assert.match(error.message, /none of the accepted types/);
    return true;
  });
  await assert.rejects(client.upload(new Blob(['x'])), TypeError, 'no session yet');
});

test('a file attached before any message starts the conversation first', async () => {
  const requests = [];
  const fetch = async (url) => (requests.push(new URL(url)), new Response(JSON.stringify({ attachmentId: ID }), { status: 201 }));
  const { node, client } = nodeWithClient({ startOnSend: true, publishableKey: 'pk_acme', fetch });
  await client.connect();
  assert.equal(client.state, 'idle');
  const uploaded = client.upload(new Blob(['hi'], { type: 'text/plain' }), { name: 'note.txt' });
  await settle();
  const socket = node.sockets.at(-1);
  socket.open();
  assert.deepEqual(socket.frames('start'), [{ type: 'start' }]);
  socket.receive({ type: 'session', sessionId: 's-9', resumed: false, lastSeq: 0, mode: 'llm', status: 'open', voice: false });
  assert.equal((await uploaded).attachmentId, ID);
  assert.equal(requests[0].pathname, '/v1/sessions/s-9/attachments');
  const { client: waiting } = nodeWithClient({ publishableKey: 'pk_acme' });
  await assert.rejects(waiting.upload(new Blob([])), TypeError, 'a client that waits for no first message needs a session');
});

test("a message of files only says their names; what was written goes as written", () => {
  assert.equal(messageText('  Here is the label ', [{ name: 'label.jpg' }]), 'Here is the label');
  assert.equal(messageText('', [{ name: 'label.jpg' }, { name: 'invoice.pdf' }]), 'label.jpg, invoice.pdf');
  assert.equal(messageText(' ', []), '');
});
