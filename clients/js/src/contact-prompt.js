// What a chat asks a customer whom no person could answer (out of hours, nobody online, nobody in
// time): an email address for the reply, optional, checked before it is sent as a `contact` frame
// (docs/protocol.md#contact). The node answers with a notice saying honestly where the reply will
// reach them; the prompt goes once that notice is in the conversation, and comes back after a
// reload only while it is not. The widget and the chat page each place its box and style it.

const NOBODY_CAME = /^notice-(no_agent_online|no_agent_in_time)-/;
const CONTACT_NOTED = /^notice-contact-/;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** The address typed, trimmed ({ ok: true, email }), none ({ ok: true, email: null }), or not an address ({ ok: false }). */
export function checkEmail(raw) {
  const email = String(raw ?? '').trim();
  if (!email) return { ok: true, email: null };
  const ok = email.length <= 254 && EMAIL.test(email) && !email.startsWith('.') && !email.includes('..')
    && !email.includes('.@');
  return ok ? { ok, email } : { ok: false };
}

/** Whether a message (its turnId) says nobody could answer, or that the customer's contact was noted; null otherwise. */
export function contactStep(turnId) {
  if (NOBODY_CAME.test(turnId ?? '')) return 'ask';
  if (CONTACT_NOTED.test(turnId ?? '')) return 'noted';
  return null;
}

/** Whether the conversation's messages, oldest first, leave a contact to ask for: nobody came, and none was left since. */
export function contactWanted(messages) {
  let wanted = false;
  for (const message of messages ?? []) {
    const step = contactStep(message.turnId);
    if (step) wanted = step === 'ask';
  }
  return wanted;
}

export class ContactPrompt {
  /**
   * `texts`: the chat's Texts (contactTitle, contactEmail, contactTranscript, contactSend,
   * contactSkip, contactInvalid, contactSending); `doc` makes the elements; `idPrefix` keeps ids apart on a page.
   */
  constructor(texts, { doc = globalThis.document, idPrefix = 'parley-contact' } = {}) {
    this.texts = texts;
    const make = (tag, attributes = {}, ...children) => {
      const node = doc.createElement(tag);
      for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
      node.append(...children);
      return node;
    };
    this.title = make('p', { id: `${idPrefix}-title`, class: 'contact-title' });
    this.label = make('label', { for: `${idPrefix}-email` });
    this.input = make('input', { id: `${idPrefix}-email`, type: 'email', name: 'email', autocomplete: 'email',
      maxlength: '254', 'aria-describedby': `${idPrefix}-status` });
    this.transcript = make('input', { id: `${idPrefix}-transcript`, type: 'checkbox', name: 'transcript' });
    this.transcriptLabel = make('label', { for: `${idPrefix}-transcript` });
    this.send = make('button', { type: 'submit', class: 'contact-send' });
    this.skip = make('button', { type: 'button', class: 'contact-skip' });
    this.status = make('p', { id: `${idPrefix}-status`, class: 'contact-status', role: 'status' });
    this.box = make('form', { class: 'contact-prompt', 'aria-labelledby': `${idPrefix}-title`, novalidate: '' },
      this.title, this.label, this.input, make('div', { class: 'contact-transcript' }, this.transcript, this.transcriptLabel),
      make('div', { class: 'contact-actions' }, this.send, this.skip), this.status);
    this.box.hidden = true;
    this.applyTexts();
  }

  /** The words in the customer's language (again after the language changed). */
  applyTexts(texts = this.texts) {
    this.texts = texts;
    const t = (key) => texts.get(key);
    this.title.textContent = t('contactTitle');
    this.label.textContent = t('contactEmail');
    this.transcriptLabel.textContent = t('contactTranscript');
    this.send.textContent = t('contactSend');
    this.skip.textContent = t('contactSkip');
  }

  /** Follows the conversation `client` is in; returns how to stop. */
  follow(client) {
    const submit = (event) => {
      event.preventDefault();
      this.leave(client, this.input.value);
    };
    const skip = () => this.leave(client, '');
    this.box.addEventListener('submit', submit);
    this.skip.addEventListener('click', skip);
    const offs = [
      client.on('message', (frame) => this.onMessage(frame)),
      client.on('error', (error) => this.onRefused(error)),
      client.on('reset', () => this.hide()),
      client.on('closed', () => this.hide()),
    ];
    return () => {
      offs.forEach((off) => off());
      this.box.removeEventListener('submit', submit);
      this.skip.removeEventListener('click', skip);
    };
  }

  onMessage(frame) {
    const step = contactStep(frame.turnId);
    if (step === 'ask') this.show();
    else if (step === 'noted') this.hide();
  }

  /** The node refused the address: said next to the field, which stays for another try. */
  onRefused(error) {
    if (error?.refused !== 'contact' || this.box.hidden) return;
    this.setBusy(false);
    this.invalid(error.message ?? this.texts.get('contactInvalid'));
  }

  /** Sends what the customer typed (nothing: they come back for the reply); false when it was not sent. */
  leave(client, typed) {
    const checked = checkEmail(typed);
    if (!checked.ok) {
      this.invalid(this.texts.get('contactInvalid'));
      this.input.focus();
      return false;
    }
    const frame = { type: 'contact' };
    if (checked.email) Object.assign(frame, { email: checked.email, transcript: this.transcript.checked });
    if (!client.sendFrame(frame)) return false;
    this.input.removeAttribute('aria-invalid');
    this.status.textContent = this.texts.get('contactSending');
    this.setBusy(true);
    return true;
  }

  invalid(text) {
    this.input.setAttribute('aria-invalid', 'true');
    this.status.textContent = text;
  }

  setBusy(busy) {
    this.send.disabled = this.skip.disabled = busy;
  }

  show() {
    if (!this.box.hidden) return;
    this.box.hidden = false;
    this.status.textContent = '';
    this.setBusy(false);
  }

  hide() {
    this.box.hidden = true;
    this.input.value = '';
    this.status.textContent = '';
  }
}
