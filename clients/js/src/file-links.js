// The files a message carries, as the chat shows them (docs/attachments.md): an image as a
// thumbnail, any other file as a chip with its name and size, each a link to the file's URL on
// the node. The node answers only with the conversation's credential, which a link cannot carry:
// the thumbnail and the file opened are read with the client's (readAttachment) and shown from
// memory. Shared by the widget and the chat page.
import { ParleyError } from './session-client.js';

const FILE_URL = /^\/v1\/sessions\/([^/?#]+)(\/attachments\/[^/?#]+)$/;

/** A file of the conversation (an attachment's `url`), read with the client's credential: a Blob; rejects as upload() does. */
export async function readAttachment(client, { url }) {
  const [, sessionId, path] = FILE_URL.exec(url ?? '') ?? [];
  if (!sessionId) throw new TypeError(`not a file of a conversation: ${url}`);
  const response = await client.sessionRequest(decodeURIComponent(sessionId), path, { method: 'GET' });
  if (!response.ok) {
    const answer = await response.json().catch(() => null);
    throw new ParleyError({ code: answer?.error?.code ?? 'internal', message: answer?.error?.message ?? `the node answered ${response.status}` });
  }
  return response.blob();
}

/** A file's size as a person reads it: 820 B, 48 KB, 2.4 MB. */
export function fileSize(bytes, language = 'en') {
  const [value, unit] = bytes < 1024 ? [bytes, 'B'] : bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB'];
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: value < 10 && unit !== 'B' ? 1 : 0 }).format(value)} ${unit}`;
}

/** Whether the chat shows a file as a picture (a type the node has scrubbed and serves inline). */
export function isImage(attachment) {
  return /^image\/(jpeg|png|webp|gif)$/.test(attachment?.contentType ?? '');
}

export class FileLinks {
  /** `client()`: the conversation's ParleyClient now (its node and credential); `doc` makes the elements. */
  constructor(client, { doc = globalThis.document, language = 'en' } = {}) {
    this.client = client;
    this.doc = doc;
    this.language = language;
    this.blobs = new Map(); // url -> Promise<object URL>, each file read once
  }

  /** A list of links to `attachments`, or null when there are none. */
  render(attachments) {
    if (!attachments?.length) return null;
    const list = this.doc.createElement('ul');
    list.className = 'files';
    list.append(...attachments.map((attachment) => this.link(attachment)));
    return list;
  }

  link(attachment) {
    const item = this.doc.createElement('li');
    const link = this.doc.createElement('a');
    link.href = new URL(attachment.url, this.client().options.baseUrl).href;
    link.download = attachment.name;
    link.className = isImage(attachment) ? 'file image' : 'file';
    const name = this.doc.createElement('span');
    name.className = 'name';
    name.textContent = `${attachment.name} (${fileSize(attachment.size ?? 0, this.language)})`;
    if (isImage(attachment)) {
      const thumbnail = this.doc.createElement('img');
      Object.assign(thumbnail, { alt: '', className: 'thumbnail' });
      this.read(attachment).then((url) => { thumbnail.src = url; }, () => thumbnail.remove());
      link.append(thumbnail);
    }
    link.append(name);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      this.read(attachment).then((url) => {
        const save = Object.assign(this.doc.createElement('a'), { href: url, download: attachment.name });
        save.click();
      }, () => link.setAttribute('aria-disabled', 'true'));
    });
    item.append(link);
    return item;
  }

  /** The file's content as an object URL, read once with the client's credential. */
  read(attachment) {
    if (!this.blobs.has(attachment.url)) {
      this.blobs.set(attachment.url, readAttachment(this.client(), attachment).then((blob) => URL.createObjectURL(blob)));
    }
    return this.blobs.get(attachment.url);
  }
}
