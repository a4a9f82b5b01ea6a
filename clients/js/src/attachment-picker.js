// Attaching files to a message, shared by the chat page, the widget and the agent console
// (docs/attachments.md): a button, drag and drop and paste add files; each shows as a chip, a
// thumbnail for an image, with its upload's progress and a button to remove it; the message sent
// carries those uploaded. `AttachmentTray` is the state, without a DOM (unit-tested);
// `AttachmentPicker` renders it with plain DOM calls, keyboard and screen-reader friendly, in the
// words of the conversation's language (the `attach…` texts of clients/texts).
import { MAX_ATTACHMENTS } from './attachments.js';
import { listenForFiles } from './composer-files.js';

const ICON = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">'
  + '<path fill="currentColor" d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 '
  + '0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z"/></svg>';

/** The files of the message being written: each uploading, ready (uploaded) or failed. */
export class AttachmentTray {
  constructor({ maxFiles = MAX_ATTACHMENTS } = {}) {
    this.maxFiles = maxFiles;
    this.entries = [];
    this.next = 1;
  }

  /** Adds a file being uploaded; null (nothing added) when the message holds as many as it may. */
  add(file) {
    if (this.entries.length >= this.maxFiles) return null;
    const entry = { key: `file-${this.next++}`, name: typeof file?.name === 'string' && file.name ? file.name : 'attachment',
      image: typeof file?.type === 'string' && file.type.startsWith('image/'), status: 'uploading', progress: 0,
      attachment: null, error: null };
    this.entries.push(entry);
    return entry;
  }

  progress(key, fraction) {
    const entry = this.find(key);
    if (entry?.status === 'uploading') entry.progress = Math.max(0, Math.min(1, fraction));
  }

  /** The node stored it: it goes with the message; its name is the node's (made safe). */
  done(key, attachment) {
    const entry = this.find(key);
    if (!entry) return;
    Object.assign(entry, { status: 'ready', progress: 1, attachment, name: attachment?.name ?? entry.name });
  }

  /** The node refused it (the reason, e.g. a type the service does not take): shown, never sent. */
  failed(key, reason) {
    const entry = this.find(key);
    if (entry) Object.assign(entry, { status: 'failed', error: reason ?? null });
  }

  remove(key) {
    this.entries = this.entries.filter((e) => e.key !== key);
  }

  /** The attachments the next message carries. */
  ready() {
    return this.entries.filter((e) => e.status === 'ready').map((e) => e.attachment);
  }

  /** Whether an upload is still under way (the message waits for it). */
  busy() {
    return this.entries.some((e) => e.status === 'uploading');
  }

  /** After the message was sent: the files it carried go, the failed ones too. */
  clear() {
    this.entries = this.entries.filter((e) => e.status === 'uploading');
  }

  find(key) {
    return this.entries.find((e) => e.key === key);
  }
}

/** What a screen reader hears of an entry, and what its chip says, in `texts`' language. */
export function describe(entry, texts) {
  const { name } = entry;
  if (entry.status === 'uploading') return texts.get('attachUploading', { name, percent: Math.round(entry.progress * 100) });
  if (entry.status === 'failed') return texts.get('attachFailed', { name, reason: entry.error ?? texts.get('attachError') });
  return texts.get('attachReady', { name });
}

/** Why the node refused a file (413 `too_large`, 415 `unsupported_media_type`), in `texts`' language. */
export function refusal(error, texts) {
  const key = { too_large: 'attachTooLarge', unsupported_media_type: 'attachUnsupported' }[error?.code];
  return texts.get(key ?? 'attachError');
}

/** A file input for attaching: hidden, several files, of the types a conversation takes. */
export function fileInput(doc, accept = ACCEPT) {
  const input = doc.createElement('input');
  Object.assign(input, { type: 'file', multiple: true, accept, hidden: true });
  return input;
}

const ACCEPT = 'image/*,application/pdf,text/plain';

/**
 * The tray's view. `upload(file, {onProgress})` uploads one file (the client's upload());
 * `texts` words it (the chat's Texts); `document` is the page's (or a shadow root's owner). A
 * page that drew its own attach `button` and file `input` (the widget, before this module loads)
 * gives them; else the picker makes them. Call attach() with where files may be dropped and
 * pasted; place `button`, `input` and `list` where the page wants them.
 */
export class AttachmentPicker {
  constructor({ upload, texts, document: doc = globalThis.document, button = null, input = null, onChange = () => {} } = {}) {
    this.upload = upload;
    this.texts = texts;
    this.doc = doc;
    this.onChange = onChange;
    this.tray = new AttachmentTray();
    this.urls = new Map();
    this.uploads = new Set();
    // A page that gives its own button and input listens to them itself (listenForFiles).
    this.input = input ?? fileInput(doc);
    if (!input) listenForFiles({ input: this.input }, (files) => this.add(files));
    this.button = button ?? Object.assign(doc.createElement('button'), { type: 'button', className: 'attach', innerHTML: ICON });
    if (!button) this.button.addEventListener('click', () => this.input.click());
    this.list = doc.createElement('ul');
    this.list.className = 'attachments';
    this.list.setAttribute('aria-live', 'polite');
    this.applyTexts(texts);
  }

  /** The words in the conversation's language (again after it changed). */
  applyTexts(texts) {
    this.texts = texts;
    this.button.title = texts.get('attach');
    this.button.setAttribute('aria-label', this.button.title);
    this.list.setAttribute('aria-label', texts.get('attachedFiles'));
    this.render();
  }

  /** Files dropped on `zone` or pasted into `pasteTarget` are attached. */
  attach(zone, pasteTarget = zone) {
    listenForFiles({ zone, pasteTarget }, (files) => this.add(files));
  }

  add(files) {
    for (const file of files) {
      const entry = this.tray.add(file);
      if (!entry) break;
      if (entry.image && globalThis.URL?.createObjectURL) this.urls.set(entry.key, URL.createObjectURL(file));
      const upload = this.upload(file, { onProgress: (fraction) => this.changed(() => this.tray.progress(entry.key, fraction)) })
        .then((attachment) => this.changed(() => this.tray.done(entry.key, attachment)),
          (error) => this.changed(() => this.tray.failed(entry.key, refusal(error, this.texts))))
        .finally(() => this.uploads.delete(upload));
      this.uploads.add(upload);
    }
    this.render();
  }

  /** Resolves once no upload is under way: a message sent meanwhile waits for its files. */
  settled() {
    return Promise.allSettled([...this.uploads]);
  }

  /** The attachments to send with the message, and the tray emptied of them. */
  take() {
    const ready = this.tray.ready();
    this.tray.entries.filter((e) => e.status !== 'uploading').forEach((e) => this.forget(e.key));
    this.tray.clear();
    this.render();
    return ready;
  }

  changed(change) {
    change();
    this.render();
  }

  forget(key) {
    const url = this.urls.get(key);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(key);
  }

  render() {
    this.list.replaceChildren(...this.tray.entries.map((entry) => this.chip(entry)));
    this.list.hidden = this.tray.entries.length === 0;
    this.onChange(this.tray);
  }

  chip(entry) {
    const item = this.doc.createElement('li');
    item.className = `attachment ${entry.status}`;
    const url = this.urls.get(entry.key);
    if (url) {
      const thumbnail = this.doc.createElement('img');
      Object.assign(thumbnail, { src: url, alt: '', className: 'thumbnail' });
      item.append(thumbnail);
    }
    const name = this.doc.createElement('span');
    name.className = 'name';
    name.textContent = describe(entry, this.texts);
    item.append(name);
    if (entry.status === 'uploading') {
      const bar = this.doc.createElement('progress');
      Object.assign(bar, { max: 1, value: entry.progress });
      bar.setAttribute('aria-label', this.texts.get('attachUploading', { name: entry.name, percent: Math.round(entry.progress * 100) }));
      item.append(bar);
    }
    const remove = this.doc.createElement('button');
    Object.assign(remove, { type: 'button', className: 'remove', textContent: '×' });
    remove.setAttribute('aria-label', this.texts.get('attachRemove', { name: entry.name }));
    remove.addEventListener('click', () => {
      this.forget(entry.key);
      this.changed(() => this.tray.remove(entry.key));
      this.button.focus();
    });
    item.append(remove);
    return item;
  }
}
