// Attaching files to a message, shared by the chat page, the widget and the agent console
// (docs/attachments.md): a button, drag and drop and paste add files; each shows as a chip, a
// thumbnail for an image, with its upload's progress and a button to remove it; the message sent
// carries those uploaded. `AttachmentTray` is the state, without a DOM (unit-tested);
// `AttachmentPicker` renders it with plain DOM calls, keyboard and screen-reader friendly.
import { MAX_ATTACHMENTS } from './attachments.js';

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

  /** The node refused it (its reason, e.g. a type the service does not take): shown, never sent. */
  failed(key, message) {
    const entry = this.find(key);
    if (entry) Object.assign(entry, { status: 'failed', error: message || 'the file could not be attached' });
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

/** What a screen reader hears of an entry, and what its chip says. */
export function describe(entry) {
  if (entry.status === 'uploading') return `${entry.name}, uploading ${Math.round(entry.progress * 100)}%`;
  if (entry.status === 'failed') return `${entry.name} not attached: ${entry.error}`;
  return `${entry.name} attached`;
}

/**
 * The tray's view. `upload(file, {onProgress})` uploads one file (the client's upload());
 * `document` is the page's (or a shadow root's owner). Call attach() with where files may be
 * dropped and pasted; place `button`, `input` and `list` where the page wants them.
 */
export class AttachmentPicker {
  constructor({ upload, document: doc = globalThis.document, accept = 'image/*,application/pdf,text/plain',
    label = 'Attach a file', onChange = () => {} } = {}) {
    this.upload = upload;
    this.doc = doc;
    this.onChange = onChange;
    this.tray = new AttachmentTray();
    this.urls = new Map();
    this.input = doc.createElement('input');
    Object.assign(this.input, { type: 'file', multiple: true, accept, hidden: true });
    this.input.addEventListener('change', () => {
      this.add([...this.input.files]);
      this.input.value = '';
    });
    this.button = doc.createElement('button');
    Object.assign(this.button, { type: 'button', className: 'attach', title: label, innerHTML: ICON });
    this.button.setAttribute('aria-label', label);
    this.button.addEventListener('click', () => this.input.click());
    this.list = doc.createElement('ul');
    this.list.className = 'attachments';
    this.list.setAttribute('aria-live', 'polite');
    this.list.setAttribute('aria-label', 'Attached files');
  }

  /** Files dropped on `zone` or pasted into `pasteTarget` are attached. */
  attach(zone, pasteTarget = zone) {
    zone.addEventListener('dragover', (event) => {
      if ([...(event.dataTransfer?.types ?? [])].includes('Files')) event.preventDefault();
    });
    zone.addEventListener('drop', (event) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      this.add(files);
    });
    pasteTarget.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return; // text is pasted as text
      event.preventDefault();
      this.add(files);
    });
  }

  add(files) {
    for (const file of files) {
      const entry = this.tray.add(file);
      if (!entry) break;
      if (entry.image && globalThis.URL?.createObjectURL) this.urls.set(entry.key, URL.createObjectURL(file));
      this.upload(file, { onProgress: (fraction) => this.changed(() => this.tray.progress(entry.key, fraction)) })
        .then((attachment) => this.changed(() => this.tray.done(entry.key, attachment)),
          (error) => this.changed(() => this.tray.failed(entry.key, error?.message)));
    }
    this.render();
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
    name.textContent = describe(entry);
    item.append(name);
    if (entry.status === 'uploading') {
      const bar = this.doc.createElement('progress');
      Object.assign(bar, { max: 1, value: entry.progress });
      bar.setAttribute('aria-label', `Uploading ${entry.name}`);
      item.append(bar);
    }
    const remove = this.doc.createElement('button');
    Object.assign(remove, { type: 'button', className: 'remove', textContent: '×' });
    remove.setAttribute('aria-label', `Remove ${entry.name}`);
    remove.addEventListener('click', () => {
      this.forget(entry.key);
      this.changed(() => this.tray.remove(entry.key));
      this.button.focus();
    });
    item.append(remove);
    return item;
  }
}
