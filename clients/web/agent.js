// The agent console: signs in through the tenant's OpenID Connect provider (staff-signin.js), with
// an email and password (admin-account.js: the socket then carries the sign-in cookie) or with an
// API key (agent-sign-in.js), watches the tenant's queue over /v1/agent/ws, opens and takes
// conversations over, writes to customers and hands them back to the bot. No build step; the socket and its reconnects are
// @parley/client's, served by the node, and so is the model of each conversation open here. The
// languages are agent-languages.js's; translations, agent-translation.js's. Beside the conversation:
// every open one (agent-open.js), saved replies (agent-replies.js), internal notes (agent-notes.js),
// the procedures it ran (agent-procedure-runs.js), a call's recording (agent-recording.js) and the agent's profile (agent-profile.js);
// phone calls handed to the console ring on its phone (agent-phone.js). What
// the socket reports goes into the conversations of agent-conversations.js. The console composes
// these parts, the sign-in (agent-sign-in.js) and the conversations too, each told what it needs.

import { ParleyClient } from '/client/parley-client.js';
import { ConsoleLanguages } from './agent-languages.js';
import { $ } from './console-dom.js';
import { fetchWith, requestWith } from './admin-account.js';
import { TicketsView } from './tickets-view.js';
import { replyValues } from './agent-desk.js';
import { OpenConversationsView } from './agent-open.js';
import { QueueView } from './agent-queue.js';
import { MemoryPanel } from './agent-memory.js';
import { NotesPanel } from './agent-notes.js';
import { ProcedureRunsPanel } from './agent-procedure-runs.js';
import { RecordingPanel } from './agent-recording.js';
import { SavedRepliesPicker } from './agent-replies.js';
import { ProfileForm } from './agent-profile.js';
import { AutoTranslation, ReplyPreview } from './agent-translation.js';
import { ConsoleFiles } from './agent-files.js';
import { AgentSignIn } from './agent-sign-in.js';
import { AgentConversations } from './agent-conversations.js';
import { ConsolePhone } from './agent-phone.js';

class Console {
  constructor() {
    this.client = null;
    this.agentId = null;
    this.sent = 0;
    this.languages = new ConsoleLanguages(() => {
      this.desk.renderConversation();
      this.autoTranslation.consider(this.desk.selected, this.desk.current?.session);
    });
    this.view = 'workspace';
    this.account = new AgentSignIn({
      connect: (credential, name, phone) => this.connect(credential, name, phone),
      status: (state, text) => this.status(state, text),
      signedOut: () => this.signedOut(),
    });
    const request = (method, path, body) => this.account.credential().then((credential) => requestWith(credential, method, path, body));
    const send = (frame) => this.send(frame);
    this.tickets = new TicketsView($('tickets'), { request, self: () => this.agentId });
    this.allOpen = new OpenConversationsView({ request, open: (sessionId) => send({ type: 'open', sessionId }),
      join: (sessionId) => send({ type: 'take', sessionId }) });
    this.notes = new NotesPanel({ request });
    this.memory = new MemoryPanel({ request });
    this.runs = new ProcedureRunsPanel({ request });
    const recording = new RecordingPanel({ request,
      read: (path) => this.account.credential().then((credential) => fetchWith(credential, 'GET', path)) });
    this.replies = new SavedRepliesPicker({ request,
      values: () => replyValues(this.desk.current?.session, this.agentName) });
    this.profile = new ProfileForm({ request, saved: () => this.connect(...this.connected) });
    this.preview = new ReplyPreview({ send, post: (sessionId, text, translated) => this.post(sessionId, text, translated) });
    this.autoTranslation = new AutoTranslation({ languages: this.languages, send });
    this.queue = new QueueView({ send, languages: this.languages });
    this.phone = new ConsolePhone();
    this.files = new ConsoleFiles({ client: () => this.client, selected: () => this.desk.selected });
    this.desk = new AgentConversations({ queue: this.queue, languages: this.languages, autoTranslation: this.autoTranslation,
      runs: this.runs, recording, notes: this.notes, memory: this.memory, files: this.files, preview: this.preview,
      self: () => this.agentId });
    document.querySelectorAll('[data-agent-view]').forEach((button) =>
      button.addEventListener('click', () => this.showView(button.dataset.agentView)));
    $('signin').addEventListener('submit', (event) => { event.preventDefault(); this.account.signIn(); });
    $('take').addEventListener('click', () => this.send({ type: 'take', sessionId: this.desk.selected }));
    $('take-next').addEventListener('click', () => this.client?.sendFrame({ type: 'takeNext' }));
    $('auto-assign').addEventListener('change', () =>
      this.client?.sendFrame({ type: 'autoAssign', enabled: $('auto-assign').checked }));
    this.composingSent = 0;
    $('reply').addEventListener('input', () => {
      if (this.desk.selected && Date.now() - this.composingSent > 3000) {
        this.composingSent = Date.now();
        this.send({ type: 'composing', sessionId: this.desk.selected });
      }
    });
    $('hand-back').addEventListener('click', () => this.send({ type: 'handBack', sessionId: this.desk.selected }));
    $('suggest').addEventListener('click', () => this.send({ type: 'suggest', sessionId: this.desk.selected }));
    $('translate').addEventListener('click', () =>
      this.send({ type: 'translate', sessionId: this.desk.selected, language: this.languages.agent }));
    $('close-session').addEventListener('click', () => this.send({ type: 'close', sessionId: this.desk.selected }));
    $('composer').addEventListener('submit', (event) => { event.preventDefault(); this.reply(); });
    $('reply').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); this.reply(); }
    });
    $('oidc-signin').addEventListener('click', () => this.account.signInWithProvider());
    $('signout').addEventListener('click', () => this.account.signOut());
    $('tenant').value = new URLSearchParams(location.search).get('tenant') ?? '';
    this.account.resume();
  }

  /** Connects the agent socket as the agent `credential` signs in (agent-sign-in.js), shown to customers as `name`. */
  connect(credential, name, phone) {
    this.connected = [credential, name, phone];
    this.status('connecting', 'Connecting…');
    const previous = this.client;
    this.client = null;
    previous?.disconnect();
    this.everSignedIn = false;
    // The token goes as a subprotocol, not in the URL, which proxies and histories keep (docs/protocol.md).
    const client = new ParleyClient({
      baseUrl: location.origin, ...credential, path: '/v1/agent/ws', start: false, query: { name, phone },
    });
    this.client = client;
    client.on('frame', (frame) => this.onFrame(frame));
    this.phone.connect(credential);
    client.on('state', ({ state }) => {
      if (state !== 'offline' || this.client !== client) return;
      if (!this.everSignedIn) {
        // Never signed in: the node refused the credential (or a pasted value is none).
        this.client = null;
        client.disconnect();
        this.account.signInFailed('the node does not accept this sign-in as an agent of this server');
        return;
      }
      this.agentId = null;
      this.status('offline', 'Connection lost; reconnecting…');
    });
    client.connect().catch((failure) => {
      if (this.client === client && failure.code === 'unauthorized') this.account.signInFailed('that is not a token');
    });
  }

  /** The agent signed out (agent-sign-in.js): the socket goes, and the views that poll stop. */
  signedOut() {
    const client = this.client;
    this.client = null;
    client?.disconnect();
    this.phone.disconnect();
    this.allOpen.stop();
    this.tickets.forget();
  }

  /** A frame of the agent socket: `hello` signs the agent in; the rest concern the conversations. */
  onFrame(frame) {
    if (frame.type !== 'hello') {
      this.desk.onFrame(frame);
      return;
    }
    // Reconnected, or connected anew (a saved profile): what was open is opened again.
    if (this.everSignedIn || this.desk.conversations.size > 0) this.resumeWork();
    this.everSignedIn = true;
    this.agentId = frame.agentId;
    this.agentName = frame.agent;
    for (const id of ['signout', 'views', 'profile-button']) $(id).hidden = false;
    $('signin').hidden = true;
    this.allOpen.start();
    this.showView(this.view);
    this.status('online', `Signed in as ${frame.agent} (${frame.tenant})`);
    this.desk.render();
  }

  /** The conversations (the workspace) or the tickets; the view's heading takes the focus when chosen. */
  showView(view) {
    const changed = view !== this.view;
    this.view = view;
    ['workspace', 'tickets-view'].forEach((id) => { $(id).hidden = id !== view; });
    document.querySelectorAll('[data-agent-view]').forEach((button) => {
      if (button.dataset.agentView === view) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    });
    if (view !== 'tickets-view') return;
    this.tickets.load();
    if (changed) $('tickets-title').focus();
  }

  /** After a reconnect: reopen the conversations that were open, and ask for pushed ones again, as the box says. */
  resumeWork() {
    this.desk.conversations.forEach((_, sessionId) => this.send({ type: 'open', sessionId }));
    if ($('auto-assign').checked) this.client.sendFrame({ type: 'autoAssign', enabled: true });
  }

  status(state, text) {
    $('console-status').dataset.state = state;
    $('console-status').textContent = text;
  }

  send(frame) {
    return (frame.sessionId ?? true) && this.client?.sendFrame(frame);
  }

  /** A reply in another language than the conversation's is previewed translated first; any other is sent. */
  reply() {
    const text = $('reply').value.trim();
    const followed = this.desk.current;
    if (!text || !followed || this.files.busy()) return;
    const translateFrom = this.languages.replyFrom(followed.session);
    if (translateFrom) this.preview.ask(this.desk.selected, text, translateFrom);
    else if (this.post(this.desk.selected, text, undefined, this.languages.asWritten(followed.session))) $('reply').value = '';
  }

  /** Sends {@code text} (a previewed translation when {@code translated}, untranslated by the node when {@code asWritten}); it shows at once, signed with the agent's name, until acked. */
  post(sessionId, text, translated, asWritten) {
    const followed = this.desk.conversations.get(sessionId);
    const clientMsgId = `a-${Date.now()}-${this.sent++}`;
    const attachments = followed ? this.files.take(sessionId) : [];
    if (!followed || !this.send({ type: 'reply', sessionId, clientMsgId, text, ...(translated ? { translated } : {}), ...(asWritten ? { asWritten } : {}),
      ...(attachments.length ? { attachments } : {}) })) return false;
    followed.conversation.addPending(clientMsgId, text, { role: 'agent', author: this.agentName, state: 'sent' });
    this.desk.render();
    return true;
  }
}

new Console();
