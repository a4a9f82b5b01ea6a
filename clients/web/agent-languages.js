// The languages of the agent console (docs/languages.md, "Staff"): each conversation's language, in
// the queue and in the open conversation; the agent's own language, a setting of this browser (the
// browser's language until the agent picks another); the model's translations of the customer's
// messages the agent asked for; and the agent's replies sent translated into the conversation's
// language, marked as translations with what the agent wrote (previewed first: agent-translation.js).

import { $, el } from './console-dom.js';

const STORE = 'parley.agent.language';
/** The languages the setting offers: those Parley has language packs for (docs/languages.md). */
const OFFERED = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'];
const NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** {@code tag}'s name in English ("German"), or the tag itself when the browser knows no name for it. */
export const languageName = (tag) => {
  try {
    return NAMES.of(tag) ?? tag;
  } catch {
    return tag;
  }
};

const primary = (tag) => tag.split('-')[0].toLowerCase();

export class ConsoleLanguages {
  /** {@code changed} is called when the agent picks another language: what is shown depends on it. */
  constructor(changed) {
    const browsers = primary(navigator.language || 'en');
    const choices = OFFERED.includes(browsers) ? OFFERED : [browsers, ...OFFERED];
    $('agent-language').replaceChildren(...choices.map((tag) => {
      const option = el('option', null, languageName(tag));
      option.value = tag;
      return option;
    }));
    $('agent-language').value = localStorage.getItem(STORE) ?? browsers;
    $('agent-language').addEventListener('change', () => {
      localStorage.setItem(STORE, $('agent-language').value);
      changed();
    });
    this.marks = new Map(); // sessionId -> seq -> the translation an agent's message was sent as
    this.read = new Map(); // sessionId -> { language, bySeq: seq -> text }: the customer's words translated
  }

  get agent() {
    return $('agent-language').value;
  }

  /** The conversation's language tag, or null until one is decided. */
  static of(session) {
    return session.language?.tag ?? null;
  }

  /** Whether the conversation is in another language than the agent's (and in one at all). */
  foreign(session) {
    const language = ConsoleLanguages.of(session);
    return language !== null && primary(language) !== primary(this.agent);
  }

  /** A followed conversation's language, decided or changed since it was opened (a {@code language} frame). */
  static changed(session, frame) {
    session.language = { tag: frame.language };
  }

  /** The translation marks of a session's messages, as opened or as they come. */
  noteMessages(sessionId, messages) {
    const marks = this.marks.get(sessionId) ?? new Map();
    messages.filter((message) => message.translation).forEach((message) => marks.set(message.seq, message.translation));
    this.marks.set(sessionId, marks);
  }

  /** The model's translation of the customer's messages (a {@code translation} frame). */
  noteTranslation(frame) {
    this.read.set(frame.sessionId, { language: frame.language, bySeq: new Map(frame.messages.map((m) => [m.seq, m.text])) });
  }

  /** The queue card's line: channel, customer and the conversation's language when it has one. */
  queueLine(waiting) {
    return [waiting.channel, waiting.userId ?? 'anonymous', waiting.language && languageName(waiting.language)]
      .filter(Boolean).join(' · ');
  }

  /** The open conversation's language, the translate button, and the choice to send a reply translated. */
  render(session, mine) {
    const language = ConsoleLanguages.of(session);
    $('conversation-language').textContent = language
      ? `Language: ${languageName(language)} (${language})` : 'Language: not decided yet';
    $('conversation-language').dataset.language = language ?? '';
    const foreign = this.foreign(session);
    $('translate').hidden = !foreign;
    $('translate').textContent = `Translate into ${languageName(this.agent)}`;
    $('translate-reply-box').hidden = !(foreign && mine);
    $('translate-reply-label').textContent = `Translate into ${languageName(language ?? this.agent)} by the model, to read before sending`;
  }

  /** The language the reply is written in, when it is to be sent translated; null to send it as written. */
  replyFrom(session) {
    return this.foreign(session) && $('translate-reply').checked ? this.agent : null;
  }

  /** Whether the agent unticked the translation of a conversation in another language: the node then leaves the reply as written. */
  asWritten(session) {
    return this.foreign(session) && !$('translate-reply').checked;
  }

  /**
   * Under each customer message of the transcript {@code list} its translation, under each agent
   * message sent translated what the agent wrote: after every drawing, since a translation comes
   * after the messages it is of (a bubble drawn again has lost it, one kept has it already).
   */
  annotate(list, sessionId) {
    const marks = this.marks.get(sessionId);
    const read = this.read.get(sessionId);
    for (const li of list.querySelectorAll('li[data-seq]')) {
      const bubble = li.querySelector('.bubble');
      if (!bubble || bubble.querySelector('.bubble__translation')) continue;
      const seq = Number(li.dataset.seq);
      const mark = li.classList.contains('msg--agent') ? marks?.get(seq) : undefined;
      const text = li.classList.contains('msg--user') ? read?.bySeq.get(seq) : undefined;
      if (mark && mark.original === bubble.querySelector('.bubble__text')?.textContent) {
        // The model failed: the words went as written, and the agent is told the customer read them so.
        bubble.dataset.untranslated = 'true';
        bubble.append(el('p', 'bubble__translation', `Not translated into ${languageName(mark.to)} (the model failed): `
          + 'the customer read it as written'));
      } else if (mark) {
        bubble.querySelector('.bubble__text').lang = mark.to;
        bubble.dataset.translated = 'true';
        bubble.append(el('p', 'bubble__translation',
          `Machine translation into ${languageName(mark.to)} of what was written in ${languageName(mark.from)}: “${mark.original}”`));
      } else if (text) {
        const line = el('p', 'bubble__translation', `${languageName(read.language)} (machine translation): ${text}`);
        line.lang = read.language;
        bubble.append(line);
      }
    }
  }
}
