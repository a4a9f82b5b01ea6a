import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileLinks, fileSize, isImage, readAttachment } from '../../src/file-links.js';
import { ParleyClient, ParleyError } from '../../src/parley-client.js';

const ID = 'att_0123456789abcdef0123456789abcdef';
const photo = { attachmentId: ID, name: 'label.jpg', contentType: 'image/jpeg', size: 48213, url: `/v1/sessions/s-1/attachments/${ID}` };
const invoice = { ...photo, attachmentId: 'att_2', name: 'invoice.pdf', contentType: 'application/pdf', size: 820, url: '/v1/sessions/s-1/attachments/att_2' };

function clientAnswering(answer) {
  const calls = [];
  const client = new ParleyClient({ baseUrl: 'https://support.example', tenant: 'acme', publishableKey: 'pk_acme', WebSocket: class {},
    fetch: async (url, init) => (calls.push({ url: url.toString(), init }), answer()) });
  return { client, calls };
}

/** A document whose elements record their attributes, children and listeners. */
function fakeDocument() {
  const doc = {
    createElement(name) {
      const element = {
        name, attributes: {}, children: [], listeners: {},
        setAttribute(key, value) { element.attributes[key] = value; },
        append(...nodes) { element.children.push(...nodes); },
        remove() { element.removed = true; },
        addEventListener(type, fn) { element.listeners[type] = fn; },
      };
      return element;
    },
  };
  return doc;
}

test("a file is read with the client's credential, and a refusal is the node's", async () => {
  const { client, calls } = clientAnswering(() => new Response(new Blob(['jpeg']), { status: 200 }));
  const blob = await readAttachment(client, photo);
  assert.equal(await blob.text(), 'jpeg');
  assert.match(calls[0].url, new RegExp(`^https://support.example/v1/sessions/s-1/attachments/${ID}\\?`));
  assert.match(calls[0].url, /key=pk_acme/);
  assert.equal(calls[0].init.method, 'GET');
  const refused = clientAnswering(() => new Response(JSON.stringify({ error: { code: 'not_found', message: 'no such attachment' } }), { status: 404 }));
  await assert.rejects(readAttachment(refused.client, photo), (error) => error instanceof ParleyError && error.code === 'not_found');
  await assert.rejects(readAttachment(client, { url: 'https://elsewhere.example/x' }), TypeError);
});

test('an image shows as a thumbnail, any other file as its name and size, each linking to its URL', async () => {
  globalThis.URL.createObjectURL ??= () => 'blob:x';
  const { client } = clientAnswering(() => new Response(new Blob(['jpeg']), { status: 200 }));
  const links = new FileLinks(() => client, { doc: fakeDocument() });
  assert.equal(links.render([]), null);
  const list = links.render([photo, invoice]);
  assert.equal(list.name, 'ul');
  const [image, file] = list.children.map((item) => item.children[0]);
  assert.equal(image.href, `https://support.example/v1/sessions/s-1/attachments/${ID}`);
  assert.equal(image.download, 'label.jpg');
  assert.deepEqual(image.children.map((c) => c.name), ['img', 'span']);
  assert.equal(image.children[1].textContent, 'label.jpg (47 KB)');
  await links.read(photo);
  assert.match(image.children[0].src, /^blob:/, 'the thumbnail is the file read with the credential');
  assert.deepEqual(file.children.map((c) => [c.name, c.textContent]), [['span', 'invoice.pdf (820 B)']]);
});

test('sizes read as people read them; only the types the node scrubs show as pictures', () => {
  assert.equal(fileSize(820), '820 B');
  assert.equal(fileSize(2.45 * 1024 * 1024), '2.5 MB');
  assert.equal(fileSize(1536, 'de'), '1,5 KB');
  assert.equal(isImage(photo), true);
  assert.equal(isImage({ contentType: 'image/svg+xml' }), false);
  assert.equal(isImage(invoice), false);
});
