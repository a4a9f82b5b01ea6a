// A conversation's files as staff see them (docs/attachments.md), in the agent console
// (agent-files.js) and the admin console's conversation view (admin-conversations.js): an image as a
// thumbnail that opens large, any other file as a chip that saves it. A file is read with the
// console's own credential, so it shows through a blob URL, read once.
import { el } from './console-dom.js';

const KIND = { 'application/pdf': 'PDF', 'text/plain': 'text' };

export class StaffFiles {
  /** `read(file)`: a promise of the node's response to the file's download, with the console's credential. */
  constructor(read) {
    this.read = read;
    this.blobs = new Map(); // attachmentId -> promise of a blob URL
  }

  /** The list of `files` (the node's attachments: id, name, type, size), or none when there are none. */
  list(files) {
    if (files.length === 0) return [];
    const list = el('ul', 'files');
    list.setAttribute('aria-label', 'Files');
    list.append(...files.map((file) => this.item(file)));
    return [list];
  }

  item(file) {
    const item = el('li', 'file');
    const button = el('button', 'file__chip');
    button.type = 'button';
    const image = file.contentType.startsWith('image/');
    const kind = image ? 'image' : KIND[file.contentType] ?? file.contentType;
    button.setAttribute('aria-label', `${image ? 'Open' : 'Save'} ${file.name} (${kind}, ${sizeOf(file.size)})`);
    if (image) {
      const thumbnail = el('img', 'file__thumbnail');
      thumbnail.alt = file.name;
      this.blob(file).then((url) => { thumbnail.src = url; }, () => { thumbnail.alt = `${file.name} (not loaded)`; });
      button.append(thumbnail);
    }
    button.append(el('span', 'file__name', `${file.name} · ${sizeOf(file.size)}`));
    // An image opens large in a tab of its own; any other file is saved.
    button.addEventListener('click', () => this.blob(file).then((url) => {
      const link = el('a');
      Object.assign(link, image ? { href: url, target: '_blank', rel: 'noopener' } : { href: url, download: file.name });
      link.click();
    }));
    item.append(button);
    return item;
  }

  /** The file's content as a blob URL, read once with the console's credential. */
  blob(file) {
    if (!this.blobs.has(file.attachmentId)) {
      this.blobs.set(file.attachmentId, this.read(file).then((response) => {
        if (!response.ok) throw new Error(`the node answered ${response.status}`);
        return response.blob();
      }).then((content) => URL.createObjectURL(content)));
      this.blobs.get(file.attachmentId).catch(() => this.blobs.delete(file.attachmentId));
    }
    return this.blobs.get(file.attachmentId);
  }
}

function sizeOf(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
