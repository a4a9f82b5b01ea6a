// The translations the agent works with, beyond agent-languages.js's marks: a reply written in the
// agent's language is first translated for a preview (a previewReply frame; the node answers a
// replyPreview sent to nobody else), which the agent reads, may edit, and sends as it stands, marked
// with what was written; and the customer's messages are translated into the agent's language as
// they come, whenever the conversation's language is another (a translate frame, as the button).

import { $ } from './console-dom.js';
import { languageName } from './agent-languages.js';

const AUTO_TRANSLATE_MS = 600;

export class ReplyPreview {
  /**
   * @param send (frame) => whether the frame went to the node
   * @param post (sessionId, text, translated) => sends the reply as it stands, marked as a translation
   */
  constructor({ send, post }) {
    this.send = send;
    this.post = post;
    this.asked = null; // { sessionId, text }: a preview on its way
    this.shown = null; // the replyPreview frame shown
    $('reply-preview-send').addEventListener('click', () => this.sendShown());
    $('reply-preview-discard').addEventListener('click', () => this.discard());
    $('reply-preview-text').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); this.sendShown(); }
      if (event.key === 'Escape') { event.preventDefault(); this.discard(); }
    });
  }

  /** Asks for the translation of {@code text}, written in {@code from}; the reply box waits meanwhile. */
  ask(sessionId, text, from) {
    if (this.asked) return;
    if (!this.send({ type: 'previewReply', sessionId, text, translateFrom: from })) return;
    this.asked = { sessionId, text };
    $('reply').readOnly = true;
    this.status('Translating your reply for you to read before it is sent…');
  }

  /** The node's translation: shown to read and edit; nothing was sent. */
  show(frame) {
    if (this.asked?.sessionId !== frame.sessionId) return;
    this.asked = null;
    this.shown = frame;
    $('reply').readOnly = false;
    this.status(null);
    $('reply-preview').hidden = false;
    $('reply-preview-title').textContent = `In ${languageName(frame.to)}, as the customer will read it `
      + `(a machine translation of your words; edit it if needed, then send):`;
    $('reply-preview-text').lang = frame.to;
    $('reply-preview-text').value = frame.text;
    $('reply-preview-text').focus();
  }

  sendShown() {
    const frame = this.shown;
    const text = $('reply-preview-text').value.trim();
    if (!frame || !text) return;
    if (!this.post(frame.sessionId, text, { original: frame.original, from: frame.from, to: frame.to })) return;
    this.hide();
    $('reply').value = '';
    $('reply').focus();
  }

  /** Back to the words as written, in the reply box, to change or to send as written. */
  discard() {
    this.hide();
    $('reply').focus();
  }

  hide() {
    this.shown = null;
    $('reply-preview').hidden = true;
    $('reply-preview-text').value = '';
  }

  /** Another conversation is shown: a preview of this one's reply no longer applies. */
  selected(sessionId) {
    if (this.shown && this.shown.sessionId !== sessionId) this.hide();
  }

  /** The node refused the preview: the reply is still in the box. Whether it was ours. */
  failed(frame) {
    if (this.asked?.sessionId !== frame.sessionId) return false;
    this.asked = null;
    $('reply').readOnly = false;
    this.status(null);
    return true;
  }

  status(text) {
    $('translation-status').hidden = !text;
    $('translation-status').textContent = text ?? '';
  }
}

/** Asks for the customer's messages in the agent's language whenever a conversation in another one has new ones. */
export class AutoTranslation {
  /** @param languages the console's {@link ConsoleLanguages}; @param send (frame) => whether it went */
  constructor({ languages, send }) {
    this.languages = languages;
    this.send = send;
    this.timers = new Map();
  }

  /** {@code session} was opened, or got {@code message}: translated soon when it is the customer's, in another language. */
  consider(sessionId, session, message = null) {
    if (!session || !this.languages.foreign(session)) return;
    if (message && message.role !== 'user') return;
    clearTimeout(this.timers.get(sessionId));
    this.timers.set(sessionId, setTimeout(() => {
      this.timers.delete(sessionId);
      this.send({ type: 'translate', sessionId, language: this.languages.agent });
    }, AUTO_TRANSLATE_MS));
  }
}
