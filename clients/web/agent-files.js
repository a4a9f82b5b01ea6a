// The files of the agent console (docs/attachments.md): the picker beside the reply box uploads to
// the conversation the agent holds, and the reply carries what it uploaded; the files each message
// carries (the socket's `attachments` frames) show under it, an image as a thumbnail, any file as a
// chip that saves it (staff-files.js). Files are read through the console's client, with the
// agent's credential, as everything it sends.
import { AttachmentPicker } from '/client/attachment-picker.js';
import { Texts } from '/client/texts.js';
import { $ } from './console-dom.js';
import { StaffFiles } from './staff-files.js';

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

export class ConsoleFiles {
  /** `client()`: the console's ParleyClient; `selected()`: the conversation shown. */
  constructor({ client, selected }) {
    this.client = client;
    this.selected = selected;
    this.shared = new Map(); // sessionId -> Map(seq -> attachments)
    this.files = new StaffFiles((file) => this.client().sessionRequest(file.sessionId,
      `/attachments/${encodeURIComponent(file.attachmentId)}`, { method: 'GET' }));
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
    return this.files.list((this.shared.get(sessionId)?.get(seq) ?? []).map((file) => ({ ...file, sessionId })));
  }
}
