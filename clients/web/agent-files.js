// The files of the agent console (docs/attachments.md): the picker beside the reply box uploads to
// the conversation the agent holds, and the reply carries what it uploaded; the files each message
// carries (the socket's `attachments` frames) show under it, an image as a thumbnail, any file as a
// chip that saves it. Files are read with the agent's credential, so both go through blob URLs.
import { AttachmentPicker } from '/client/attachment-picker.js';
import { Texts } from '/client/texts.js';
import { $, el } from './console-dom.js';

// The console speaks English; the picker's words are the widget's, said to an agent.
const WORDS = new Texts('en', {
  attach: 'Attach a file for the customer',
  attachedFiles: 'Files for the customer',
  attachUploading: '{name}, uploading {percent}%',
  attachReady: '{name} attached',
  attachFailed: '{name} not attached: {reason}',
  attachRemove: 'Remove {name}',
  attachTooLarge: 'the file is too large to send',
  attachUnsupported: 'this kind of file cannot be sent (photos, PDFs and text files can)',
  attachError: 'the file could not be sent',
});

const KIND = { 'application/pdf': 'PDF', 'text/plain': 'text' };

export class ConsoleFiles {
  /** `client()`: the console's ParleyClient; `selected()`: the conversation shown. */
  constructor({ client, selected }) {
    this.client = client;
    this.selected = selected;
    this.shared = new Map(); // sessionId -> Map(seq -> attachments)
    this.blobs = new Map(); // attachmentId -> promise of a blob URL
    this.uploadedTo = null;
    this.picker = new AttachmentPicker({
      texts: WORDS,
      upload: (file, options) => {
        this.uploadedTo = this.selected();
        return this.client().upload(file, { ...options, sessionId: this.uploadedTo });
      },
    });
    $('send').before(this.picker.input, this.picker.button);
    $('composer').after(this.picker.list);
    this.picker.render();
    this.picker.attach($('conversation'), $('reply'));
  }

  /** Whether a file is still uploading: the reply waits for it. */
  busy() {
    return this.picker.tray.busy();
  }

  /** The ids of the files the reply to {@code sessionId} carries; the picker is emptied. */
  take(sessionId) {
    const ready = this.picker.take();
    return this.uploadedTo === sessionId ? ready.map((a) => a.attachmentId) : [];
  }

  /** An `attachments` frame: the files of the message at its seq. */
  heard({ sessionId, seq, attachments }) {
    if (!this.shared.has(sessionId)) this.shared.set(sessionId, new Map());
    this.shared.get(sessionId).set(seq, attachments);
    // The message is drawn already (the frame follows it): its files are added to it.
    const shown = sessionId === this.selected() && $('transcript').querySelector(`li[data-seq="${seq}"]`);
    if (!shown) return;
    shown.querySelector('.files')?.remove();
    shown.append(...this.partsOf(sessionId, seq));
  }

  /** The list of the files the message at {@code seq} carries, or none. */
  partsOf(sessionId, seq) {
    const files = this.shared.get(sessionId)?.get(seq) ?? [];
    if (files.length === 0) return [];
    const list = el('ul', 'files');
    list.setAttribute('aria-label', 'Files');
    list.append(...files.map((file) => this.item(sessionId, file)));
    return [list];
  }

  item(sessionId, file) {
    const item = el('li', 'file');
    const button = el('button', 'file__chip');
    button.type = 'button';
    const kind = file.contentType.startsWith('image/') ? 'image' : KIND[file.contentType] ?? file.contentType;
    button.setAttribute('aria-label', `Save ${file.name} (${kind}, ${sizeOf(file.size)})`);
    if (kind === 'image') {
      const thumbnail = el('img', 'file__thumbnail');
      thumbnail.alt = file.name;
      this.blob(sessionId, file).then((url) => { thumbnail.src = url; }, () => { thumbnail.alt = `${file.name} (not loaded)`; });
      button.append(thumbnail);
    }
    button.append(el('span', 'file__name', `${file.name} · ${sizeOf(file.size)}`));
    button.addEventListener('click', () => this.blob(sessionId, file).then((url) => {
      const save = el('a');
      Object.assign(save, { href: url, download: file.name });
      save.click();
    }));
    item.append(button);
    return item;
  }

  /** The file's content as a blob URL, read once with the console's credential. */
  blob(sessionId, file) {
    if (!this.blobs.has(file.attachmentId)) {
      this.blobs.set(file.attachmentId, this.client().sessionRequest(sessionId,
        `/attachments/${encodeURIComponent(file.attachmentId)}`, { method: 'GET' }).then((response) => {
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
