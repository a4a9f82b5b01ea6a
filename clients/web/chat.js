// Parley web chat. The protocol (socket, reconnects, resume, outbox) is @parley/client's, served by
// the node at /client/parley-client.js, and so is the model of the conversation shown (its
// Conversation: pending messages, seq dedupe, answers streaming, handoff, rating); this page is
// what the customer sees of it.
//
// Its parts: the View (chat-view.js) draws a Conversation into the page; Chat (chat-conversation.js)
// feeds the client's events to the Conversation and asks the View to draw it; the texts
// (chat-texts.js), the rating (chat-rating.js) and the approvals (chat-approvals.js) beside them.
// This module starts them and wires the page's controls.

import { ContactPrompt, ParleyClient, chooseLanguage } from '/client/parley-client.js';
import { ComposerFiles } from '/client/composer-files.js';
import { pageApprovalCards } from './chat-approvals.js';
import { Chat } from './chat-conversation.js';
import { RatingPrompt } from './chat-rating.js';
import { loadTexts, t, texts } from './chat-texts.js';
import { View, el } from './chat-view.js';
import { Voice } from './voice.js';

export { toolActivity } from './chat-view.js';

/** The session id the tabs of this page share: each follows the one another tab started. localStorage can throw. */
function sessionStore(tenant) {
  const key = `parley.session.${tenant ?? 'default'}`;
  return {
    key, // other tabs' changes to it arrive as `storage` events
    set(id) {
      try { localStorage.setItem(key, id); } catch { /* this tab only */ }
    },
    clear() {
      try { localStorage.removeItem(key); } catch { /* this tab only */ }
    },
  };
}

/**
 * The microphone button and the line showing what the bot hears, hidden until the node says it can
 * talk; when its `session` frame says it cannot, a note under the composer says so instead.
 */
function bootVoice(doc, client, view) {
  const button = doc.getElementById('voice');
  const heard = doc.getElementById('heard');
  const voiceOff = doc.getElementById('voice-off');
  const labels = {
    get off() { return t('talk'); },
    starting: 'Starting the microphone…',
    on: 'Listening: speak, or click to stop',
    speaking: 'Speaking: talk to interrupt, or click to stop',
  };
  const voice = new Voice({
    win: window,
    send: (frame) => client.send(frame),
    sendAudio: (buffer) => client.sendAudio(buffer),
    ui: {
      setState(state) {
        button.hidden = state === 'unavailable';
        voiceOff.hidden = state !== 'unavailable';
        button.dataset.state = state;
        button.setAttribute('aria-pressed', String(state === 'on' || state === 'speaking'));
        button.setAttribute('aria-label', labels[state] ?? labels.off);
        button.title = labels[state] ?? labels.off;
        if (state === 'off' || state === 'unavailable') heard.hidden = true;
      },
      showHeard(text, final) {
        heard.hidden = !text;
        heard.textContent = text;
        heard.classList.toggle('heard--final', final);
      },
      notify(text) {
        view.notify('voice', text, 'info');
      },
    },
  });
  button.addEventListener('click', async () => {
    await client.startSession();
    voice.toggle();
  });
  return voice;
}

async function boot(doc) {
  const tenant = new URLSearchParams(window.location.search).get('tenant') ?? undefined;
  let language = chooseLanguage(new URLSearchParams(window.location.search).get('language'), navigator.languages ?? [], navigator.language);
  // A language the node does not know: English texts, and the node decides the conversation's.
  if (!await loadTexts(doc, tenant, language)) {
    language = undefined;
    await loadTexts(doc, tenant, 'en');
  }
  const form = doc.getElementById('composer');
  const input = doc.getElementById('input');
  let client;
  const view = new View(doc, {
    onOutboxAction: (action, id) => client.outboxAction(action, id),
    onReply: (value) => (client.sendUser(value), input.focus()),
    onNoticeDismissed: () => input.focus(),
  });
  const store = sessionStore(tenant);
  // A page view starts no conversation: the customer's first message (or word) does.
  const protocol = new ParleyClient({ baseUrl: window.location.origin, tenant, startOnSend: true, language });
  const contact = new ContactPrompt(texts, { doc, idPrefix: 'contact' });
  doc.getElementById('approvals').after(contact.box);
  contact.follow(protocol);
  // The node may decide another language (what the customer writes in): the page follows it, as the
  // `session` frame of each start or resume names it, then the node's `language` frame.
  // Files: attached by the button, dropped on the composer or pasted into the message; a message's shown under it.
  const files = view.files = new ComposerFiles({ load: (module) => import(`/client/${module}`), client: () => protocol,
    texts: () => texts, changed: () => view.schedule(client.conversation), place: (list) => form.before(list),
    button: doc.getElementById('attach'), input: doc.getElementById('files'), zone: form.parentElement, pasteTarget: input, doc });
  protocol.on('attachments', (frame) => files.shown(() => client.conversation.applyAttachments(frame)));
  const followLanguage = async (decided) => {
    if (decided && decided.split('-')[0] !== texts.language.split('-')[0]) await loadTexts(doc, tenant, decided);
    contact.applyTexts(texts);
    files.applyTexts(texts);
  };
  protocol.on('session', (frame) => followLanguage(frame.language));
  protocol.on('language', (frame) => followLanguage(frame.language));
  client = new Chat({ protocol, store, view, tenant });
  client.voice = bootVoice(doc, client, view);
  const rating = new RatingPrompt(doc, protocol);
  client.onConversationClosed = (closed) => rating.ask(closed);
  const approvals = pageApprovalCards(doc.getElementById('approvals'), { t, el });
  protocol.on('approval', (frame) => approvals.show(protocol, frame));
  protocol.on('agentApproval', (frame) => approvals.showWaiting(frame));
  protocol.on('reset', () => approvals.clear());
  protocol.on('closed', () => approvals.clear());

  const autosize = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
  };
  const submit = async () => {
    const typed = input.value;
    input.value = '';
    autosize();
    input.focus();
    const message = await files.message(typed);
    if (message) client.sendUser(message.text, message.attachments);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (event) => {
    // isComposing: Enter also confirms an IME candidate (Japanese, Chinese…); that is not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', autosize);

  // An agent holding the conversation sees the customer writing, and the other way round; a few
  // seconds between signals is plenty for a "typing…" line.
  let composingSent = 0;
  input.addEventListener('input', () => {
    if (Date.now() - composingSent > 3000 && client.send({ type: 'composing' })) {
      composingSent = Date.now();
    }
  });
  const agentComposing = doc.getElementById('agent-composing');
  let composingTimer;
  client.onComposing = (frame) => {
    agentComposing.textContent = t('typing', { name: frame.author ?? t('anAgent') });
    agentComposing.hidden = false;
    clearTimeout(composingTimer);
    composingTimer = setTimeout(() => { agentComposing.hidden = true; }, 4000);
  };

  // While a person is asked for, the customer's place and wait stay in view, updated as the queue
  // moves; once an agent (or the bot again) answers, the line goes.
  const queuePlace = doc.getElementById('queue-place');
  client.onHandoff = ({ queue }) => {
    queuePlace.hidden = !queue;
    if (!queue) return;
    const minutes = Number(queue.expectedWaitMinutes);
    queuePlace.textContent = t(minutes > 0 ? 'queueWait' : 'queue', { position: queue.position, minutes });
  };

  // "New conversation" asks first, in the page: `close` archives the session on the server and
  // the other tabs follow at once, so an undo would have to hold both back on a timer that a
  // closed tab never finishes. A <dialog>, not window.confirm, which sandboxed embeds block; it is
  // modal (Escape cancels, focus stays inside) and Cancel has the focus. With nothing to lose, it
  // does not ask.
  const confirmNew = doc.getElementById('confirm-new');
  const startNew = () => {
    client.newConversation();
    input.value = '';
    autosize();
    input.focus();
  };
  doc.getElementById('new-conversation').addEventListener('click', () => {
    if (client.conversation.ordered().length === 0) startNew();
    else confirmNew.showModal();
  });
  confirmNew.addEventListener('click', (event) => {
    const button = event.target.closest('button[value]');
    if (button) confirmNew.close(button.value);
  });
  confirmNew.addEventListener('close', () => {
    if (confirmNew.returnValue === 'confirm') startNew();
    confirmNew.returnValue = '';
  });

  window.addEventListener('storage', (event) => {
    if (event.key === store.key) client.follow(event.newValue);
  });
  doc.getElementById('retry-now').addEventListener('click', () => client.retryNow());

  window.addEventListener('online', () => client.nudge());
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') client.nudge();
  });

  // On a phone the keyboard would cover half the page at once: focus only with a fine pointer.
  if (window.matchMedia?.('(pointer: fine)').matches) input.focus();
  client.connect();
  window.parleyChat = { client, protocol, get conversation() { return client.conversation; } }; // for debugging from the console
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => boot(document));
  else boot(document);
}
