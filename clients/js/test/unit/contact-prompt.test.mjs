// The prompt for a customer's email when no person could answer: which messages ask for it, the
// address checked before it leaves, the frame sent, and a refusal shown next to the field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContactPrompt, checkEmail, contactStep, contactWanted } from '../../src/contact-prompt.js';
import { Texts } from '../../src/texts.js';

test('an address is trimmed; none is allowed; a mistyped one is not', () => {
  assert.deepEqual(checkEmail('  ann.lee+orders@example.com '), { ok: true, email: 'ann.lee+orders@example.com' });
  assert.deepEqual(checkEmail(''), { ok: true, email: null });
  for (const typed of ['ann', 'ann@example', 'ann@@example.com', 'ann lee@example.com', '.ann@example.com', 'an..n@example.com']) {
    assert.equal(checkEmail(typed).ok, false, typed);
  }
});

test('the prompt is wanted after nobody came, until the contact is noted', () => {
  assert.equal(contactStep('notice-no_agent_online-4'), 'ask');
  assert.equal(contactStep('notice-no_agent_in_time-9'), 'ask');
  assert.equal(contactStep('notice-contact-6'), 'noted');
  assert.equal(contactStep('turn-1'), null);
  const asked = [{ turnId: 'turn-1' }, { turnId: 'notice-no_agent_online-3' }];
  assert.equal(contactWanted(asked), true);
  assert.equal(contactWanted([...asked, { turnId: 'notice-contact-5' }]), false);
  assert.equal(contactWanted([...asked, { turnId: 'notice-contact-5' }, { turnId: 'notice-no_agent_in_time-8' }]), true);
  assert.equal(contactWanted([]), false);
});

/** Just enough of a document for the prompt's elements. */
function fakeDocument() {
  const make = (tag) => {
    const listeners = {};
    const attributes = {};
    return {
      tag, children: [], hidden: false, textContent: '', value: '', checked: false, disabled: false,
      setAttribute(name, value) { attributes[name] = String(value); },
      getAttribute(name) { return attributes[name] ?? null; },
      removeAttribute(name) { delete attributes[name]; },
      append(...children) { this.children.push(...children); },
      addEventListener(type, fn) { listeners[type] = fn; },
      removeEventListener(type) { delete listeners[type]; },
      dispatch(type) { listeners[type]?.({ preventDefault() {} }); },
      focus() {},
    };
  };
  return { createElement: make };
}

function fakeClient() {
  const listeners = {};
  const sent = [];
  return {
    sent,
    on(type, fn) { listeners[type] = fn; return () => delete listeners[type]; },
    emit(type, frame) { listeners[type]?.(frame); },
    sendFrame(frame) { sent.push(frame); return true; },
  };
}

test('the prompt shows when nobody came, sends the address and goes once the node noted it', () => {
  const texts = new Texts('en', { contactInvalid: 'Not an email address.', contactSending: 'Sending…' });
  const prompt = new ContactPrompt(texts, { doc: fakeDocument() });
  const client = fakeClient();
  prompt.follow(client);
  assert.equal(prompt.box.hidden, true);
  client.emit('message', { type: 'message', role: 'system', turnId: 'notice-no_agent_online-3', text: 'Nobody…' });
  assert.equal(prompt.box.hidden, false);

  prompt.input.value = 'ann@example';
  prompt.box.dispatch('submit');
  assert.deepEqual(client.sent, [], 'a mistyped address is not sent');
  assert.equal(prompt.status.textContent, 'Not an email address.');
  assert.equal(prompt.input.getAttribute('aria-invalid'), 'true');

  prompt.input.value = ' ann@example.com ';
  prompt.transcript.checked = true;
  prompt.box.dispatch('submit');
  assert.deepEqual(client.sent, [{ type: 'contact', email: 'ann@example.com', transcript: true }]);
  assert.equal(prompt.send.disabled, true);

  client.emit('error', { code: 'bad_request', refused: 'contact', message: 'that is not an email address' });
  assert.equal(prompt.status.textContent, 'that is not an email address');
  assert.equal(prompt.send.disabled, false, 'the customer may try again');

  client.emit('message', { type: 'message', role: 'system', turnId: 'notice-contact-5', text: "We'll reply here…" });
  assert.equal(prompt.box.hidden, true);
});

test('declining sends a contact without an address', () => {
  const prompt = new ContactPrompt(new Texts('en', {}), { doc: fakeDocument() });
  const client = fakeClient();
  prompt.follow(client);
  client.emit('message', { turnId: 'notice-no_agent_in_time-7' });
  prompt.skip.dispatch('click');
  assert.deepEqual(client.sent, [{ type: 'contact' }]);
});
