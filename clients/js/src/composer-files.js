// The files of a chat's composer and of its messages, for a page that loads their views only when
// first used (the widget, docs/widget.md): the page draws an attach button and a file input; the
// picker (attachment-picker.js) loads when the customer first chooses, drops or pastes a file, and
// the links to a message's files (file-links.js) with it or when a message first carries one.
import { messageText } from './attachments.js';
import { FirstUse } from './first-use.js';

/** Files given to the page, chosen with `input`, dropped on `zone` or pasted into `pasteTarget`: each batch to `add(files)`. */
export function listenForFiles({ input = null, zone = null, pasteTarget = zone }, add) {
  input?.addEventListener('change', () => {
    const files = [...input.files];
    input.value = '';
    if (files.length) add(files);
  });
  zone?.addEventListener('dragover', (event) => {
    if ([...(event.dataTransfer?.types ?? [])].includes('Files')) event.preventDefault();
  });
  zone?.addEventListener('drop', (event) => {
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    add(files);
  });
  pasteTarget?.addEventListener('paste', (event) => {
    const files = [...(event.clipboardData?.files ?? [])];
    // text is pasted as text
    if (files.length === 0) return;
    event.preventDefault();
    add(files);
  });
}

export class ComposerFiles {
  /**
   * `load(module)` imports a module of the library; `client()` and `texts()` are the chat's now;
   * `changed()` redraws the chat; `place(list)` puts the list of attached files in the composer;
   * `button` and `input` are the page's attach button and file input; files dropped on `zone` or
   * pasted into `pasteTarget` are attached too.
   */
  constructor({ load, client, texts, changed, place, button, input, zone, pasteTarget, doc = globalThis.document }) {
    this.texts = texts;
    this.links = new FirstUse(() => load('file-links.js')
      .then(({ FileLinks }) => new FileLinks(client, { doc, language: texts().language })), changed);
    this.picker = new FirstUse(() => Promise.all([load('attachment-picker.js'), this.links.need()])
      .then(([{ AttachmentPicker }]) => {
        const picker = new AttachmentPicker({ upload: (file, options) => client().upload(file, options), texts: texts(),
          document: doc, button, input });
        place(picker.list);
        return picker;
      }));
    button.addEventListener('click', () => input.click());
    listenForFiles({ input, zone, pasteTarget }, (files) => this.picker.use((picker) => picker.add(files), true));
  }

  /**
   * The message to send: `text` and the files attached, once their uploads ended (the files'
   * names when nothing was written); null when there is nothing to send.
   */
  async message(text) {
    const picker = await this.picker.ready?.catch(() => null);
    if (picker) await picker.settled();
    const said = messageText(text, picker?.tray.ready() ?? []);
    // Nothing to send (a refused file alone): its chip stays, saying why.
    return said ? { text: said, attachments: picker?.take() ?? [] } : null;
  }

  /** A new conversation: the files attached to the one before are not its own, and go. */
  clear() {
    this.picker.use((picker) => picker.take());
  }

  /** Applies a message's files to the chat's model (`apply`) once their links can be drawn. */
  shown(apply) {
    this.links.use(apply, true);
  }

  /** The links to `item`'s files, or null. */
  linksOf(item) {
    return this.links.part?.render(item.attachments) ?? null;
  }

  applyTexts(texts) {
    this.picker.part?.applyTexts(texts);
  }
}
