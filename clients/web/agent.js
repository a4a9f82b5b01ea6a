// The agent console: signs in through the tenant's OpenID Connect provider (staff-signin.js), with
// an email and password (admin-account.js: the socket then carries the sign-in cookie) or with an
// API key, watches the tenant's queue over /v1/agent/ws, opens and takes conversations over, writes
// to customers and hands them back to the bot. No build step; the socket and its reconnects are
// @parley/client's, served by the node, and so is the model of each conversation open here. The
// languages are agent-languages.js's; translations, agent-translation.js's. Beside the conversation:
// every open one (agent-open.js), saved replies (agent-replies.js), internal notes (agent-notes.js),
// the procedures it ran (agent-procedure-runs.js) and the agent's profile (agent-profile.js).

import { BubbleList, Conversation, ParleyClient, ReplyBar, ReplyOptions } from '/client/parley-client.js';
import { ConsoleLanguages } from './agent-languages.js';
import { $, el } from './console-dom.js';
import { Credential, cookieSession, requestWith, sessionOf, signInWithPassword, signOutCookie } from './admin-account.js';
import { StaffSession, beginSignIn, completeSignIn, providerOf } from './staff-signin.js';
import { TicketsView } from './tickets-view.js';
import { replyValues } from './agent-desk.js';
import { OpenConversationsView } from './agent-open.js';
import { QueueView } from './agent-queue.js';
import { NotesPanel } from './agent-notes.js';
import { ProcedureRunsPanel } from './agent-procedure-runs.js';
import { SavedRepliesPicker } from './agent-replies.js';
import { ProfileForm } from './agent-profile.js';
import { AutoTranslation, ReplyPreview } from './agent-translation.js';
import { ConsoleFiles } from './agent-files.js';

const ROLE_NAMES = { user: 'Customer', assistant: 'Bot', agent: 'Agent', system: 'Notice' };
const HANDOFF_TEXT = {
  bot: 'The bot answers',
  waiting_for_agent: 'Waiting for a person',
  agent: 'Held by',
};
const STORE = 'parley.agent';

class Console {
  constructor() {
    this.client = null;
    this.agentId = null;
    this.conversations = new Map(); // sessionId -> { session, briefing, conversation }
    this.selected = null;
    this.sent = 0;
    this.languages = new ConsoleLanguages(() => {
      this.renderConversation();
      this.autoTranslation.consider(this.selected, this.conversations.get(this.selected)?.session);
    });
    this.view = 'workspace';
    const request = (method, path, body) => this.credential().then((credential) => requestWith(credential, method, path, body));
    const send = (frame) => this.send(frame);
    this.tickets = new TicketsView($('tickets'), { request, self: () => this.agentId });
    this.allOpen = new OpenConversationsView({ request, open: (sessionId) => send({ type: 'open', sessionId }),
      join: (sessionId) => send({ type: 'take', sessionId }) });
    this.notes = new NotesPanel({ request });
    this.runs = new ProcedureRunsPanel({ request });
    this.replies = new SavedRepliesPicker({ request,
      values: () => replyValues(this.conversations.get(this.selected)?.session, this.agentName) });
    this.profile = new ProfileForm({ request, saved: () => this.connect(...this.connected) });
    this.preview = new ReplyPreview({ send, post: (sessionId, text, translated) => this.post(sessionId, text, translated) });
    this.autoTranslation = new AutoTranslation({ languages: this.languages, send });
    this.queue = new QueueView({ send, languages: this.languages });
    this.files = new ConsoleFiles({ client: () => this.client, selected: () => this.selected });
    document.querySelectorAll('[data-agent-view]').forEach((button) =>
      button.addEventListener('click', () => this.showView(button.dataset.agentView)));
    $('signin').addEventListener('submit', (event) => { event.preventDefault(); this.signIn(); });
    $('take').addEventListener('click', () => this.send({ type: 'take', sessionId: this.selected }));
    $('take-next').addEventListener('click', () => this.client?.sendFrame({ type: 'takeNext' }));
    $('auto-assign').addEventListener('change', () =>
      this.client?.sendFrame({ type: 'autoAssign', enabled: $('auto-assign').checked }));
    this.composingSent = 0;
    $('reply').addEventListener('input', () => {
      if (this.selected && Date.now() - this.composingSent > 3000) {
        this.composingSent = Date.now();
        this.send({ type: 'composing', sessionId: this.selected });
      }
    });
    $('hand-back').addEventListener('click', () => this.send({ type: 'handBack', sessionId: this.selected }));
    $('suggest').addEventListener('click', () => this.send({ type: 'suggest', sessionId: this.selected }));
    $('translate').addEventListener('click', () =>
      this.send({ type: 'translate', sessionId: this.selected, language: this.languages.agent }));
    $('close-session').addEventListener('click', () => this.send({ type: 'close', sessionId: this.selected }));
    $('composer').addEventListener('submit', (event) => { event.preventDefault(); this.reply(); });
    this.transcript = new BubbleList($('transcript'), { create: () => el('li'), fill: (li, item) => this.fillMessage(li, item) });
    this.replyBar = new ReplyBar($('offered-replies'), { label: 'Replies the customer can tap' }); // read-only: the customer's to tap
    $('reply').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); this.reply(); }
    });
    $('oidc-signin').addEventListener('click', () => this.signInWithProvider());
    $('signout').addEventListener('click', () => this.signOut());
    $('tenant').value = new URLSearchParams(location.search).get('tenant') ?? '';
    this.resume();
  }

  /** Back from the provider, or a tab reloaded while signed in: the session goes on. */
  async resume() {
    let session;
    try {
      session = await completeSignIn() ?? StaffSession.restored();
    } catch (failure) {
      this.signInFailed(failure.message);
      return;
    }
    if (session) {
      this.staff = session;
      this.connect({ tokenProvider: () => this.staffToken() }, session.profile.name, session.profile.phone);
      return;
    }
    const saved = JSON.parse(sessionStorage.getItem(STORE) ?? 'null');
    const signedIn = saved ? null : await cookieSession().catch(() => null);
    if (signedIn) {
      // Signed in a moment ago (an invitation or reset followed): shown to customers by the email's name part.
      this.useCookie(signedIn, signedIn.email.split('@')[0], '');
    } else if (saved?.csrfToken) {
      this.csrfToken = saved.csrfToken;
      this.connect({}, saved.name, saved.phone);
    } else if (saved) {
      $('token').value = saved.token;
      $('agent-name').value = saved.name;
      $('agent-phone').value = saved.phone || '';
      this.signIn();
    }
  }

  async signInWithProvider() {
    const tenant = $('tenant').value.trim();
    if (!tenant) {
      this.signInFailed('name your organisation');
      return;
    }
    this.status('connecting', 'Finding your organisation…');
    try {
      const provider = await providerOf(tenant);
      if (!provider) {
        this.signInFailed(`${tenant} has no single sign-on here: use an API key`);
        return;
      }
      await beginSignIn(tenant, provider, { name: $('agent-name').value.trim(), phone: $('agent-phone').value.trim() });
    } catch (failure) {
      this.signInFailed(failure.message);
    }
  }

  /** The ID token for the next connect; when it can no longer be renewed, the session has ended. */
  async staffToken() {
    try {
      return await this.staff.token();
    } catch (failure) {
      // Ended already at the provider (or simply expired): nothing to end there, the console just forgets it.
      this.signOut({ atProvider: false });
      this.signInFailed(`your session has ended (${failure.message}); sign in again`);
      throw failure;
    }
  }

  async signIn() {
    const token = $('token').value.trim();
    const name = $('agent-name').value.trim();
    const phone = $('agent-phone').value.trim();
    const tenant = $('tenant').value.trim();
    const email = $('agent-email').value.trim();
    try {
      if (email) {
        const password = $('agent-password').value;
        $('agent-password').value = '';
        const session = await signInWithPassword(email, password, tenant || null);
        this.useCookie(session, name || email.split('@')[0], phone);
        return;
      }
      if (!token) {
        this.signInFailed('sign in with your organisation, your email and password, or give an API key');
        return;
      }
      // A key of another organisation than the one named is told so before the socket opens.
      if (tenant) await sessionOf(Credential.apiKey(token), tenant);
    } catch (failure) {
      this.signInFailed(failure.message);
      return;
    }
    // The key stays in this tab only: closing it signs the agent out.
    sessionStorage.setItem(STORE, JSON.stringify({ token, name, phone }));
    this.connect({ token }, name, phone);
  }

  /**
   * Works as the signed-in staff account of the cookie (HttpOnly, sent with the socket's upgrade);
   * this tab keeps only the CSRF token the console sends back on changes, and the name customers see.
   */
  useCookie(session, name, phone) {
    this.csrfToken = session.csrfToken;
    sessionStorage.setItem(STORE, JSON.stringify({ csrfToken: session.csrfToken, name, phone }));
    this.connect({}, name, phone);
  }

  connect(credential, name, phone) {
    this.connected = [credential, name, phone];
    this.token = credential.token ?? null;
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
    client.on('state', ({ state }) => {
      if (state !== 'offline' || this.client !== client) return;
      if (!this.everSignedIn) {
        // Never signed in: the node refused the credential (or a pasted value is none).
        this.client = null;
        client.disconnect();
        this.signInFailed('the node does not accept this sign-in as an agent of this server');
        return;
      }
      this.agentId = null;
      this.status('offline', 'Connection lost; reconnecting…');
    });
    client.connect().catch((failure) => {
      if (this.client === client && failure.code === 'unauthorized') this.signInFailed('that is not a token');
    });
  }

  /** The REST API's credential (the tickets view's): the sign-in the socket uses. */
  async credential() {
    if (this.staff) return Credential.apiKey(await this.staffToken());
    return this.token ? Credential.apiKey(this.token) : Credential.cookie(this.csrfToken);
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

  /** Ends the session: the socket, the tokens of this tab, and the provider's session when it has an end-session endpoint. */
  signOut({ atProvider = true } = {}) {
    const client = this.client;
    this.client = null;
    client?.disconnect();
    sessionStorage.removeItem(STORE);
    if (this.csrfToken) signOutCookie(this.csrfToken);
    this.csrfToken = null;
    const staff = this.staff;
    this.staff = null;
    $('workspace').hidden = true;
    $('tickets-view').hidden = true;
    $('views').hidden = true;
    $('profile-button').hidden = true;
    $('profile').hidden = true;
    this.allOpen.stop();
    this.tickets.forget();
    $('signin').hidden = false;
    $('signout').hidden = true;
    $('token').value = '';
    this.status('signed-out', 'Signed out');
    if (atProvider) staff?.signOut();
    else staff?.forget();
  }

  signInFailed(why) {
    $('signin-error').hidden = false;
    $('signin-error').textContent = `Sign-in failed: ${why}.`;
    sessionStorage.removeItem(STORE);
    this.staff?.forget();
    this.status('signed-out', 'Signed out');
  }

  /** After a reconnect: reopen the conversations that were open, and ask for pushed ones again, as the box says. */
  resumeWork() {
    this.conversations.forEach((_, sessionId) => this.send({ type: 'open', sessionId }));
    if ($('auto-assign').checked) this.client.sendFrame({ type: 'autoAssign', enabled: true });
  }

  /** The refusal of the agent's last action on the conversation shown ({@code null}: none). */
  refused(text) {
    $('conversation-error').hidden = !text;
    $('conversation-error').textContent = text ?? '';
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
    const followed = this.conversations.get(this.selected);
    if (!text || !followed || this.files.busy()) return;
    const translateFrom = this.languages.replyFrom(followed.session);
    if (translateFrom) this.preview.ask(this.selected, text, translateFrom);
    else if (this.post(this.selected, text)) $('reply').value = '';
  }

  /** Sends {@code text} (a previewed translation when {@code translated}); it shows at once, signed with the agent's name, until acked. */
  post(sessionId, text, translated) {
    const followed = this.conversations.get(sessionId);
    const clientMsgId = `a-${Date.now()}-${this.sent++}`;
    const attachments = followed ? this.files.take(sessionId) : [];
    if (!followed || !this.send({ type: 'reply', sessionId, clientMsgId, text, ...(translated ? { translated } : {}),
      ...(attachments.length ? { attachments } : {}) })) return false;
    followed.conversation.addPending(clientMsgId, text, { role: 'agent', author: this.agentName, state: 'sent' });
    this.renderFollowed();
    this.renderConversation();
    return true;
  }

  onFrame(frame) {
    switch (frame.type) {
      case 'hello':
        // Reconnected, or connected anew (a saved profile): what was open is opened again.
        if (this.everSignedIn || this.conversations.size > 0) this.resumeWork();
        this.everSignedIn = true;
        this.agentId = frame.agentId;
        this.agentName = frame.agent;
        $('signin').hidden = true;
        $('signout').hidden = false;
        $('views').hidden = false;
        $('profile-button').hidden = false;
        this.allOpen.start();
        this.showView(this.view);
        this.status('online', `Signed in as ${frame.agent} (${frame.tenant})`);
        break;
      case 'queue':
        this.queue.waiting(frame);
        break;
      case 'approvals':
        this.queue.toApprove(frame.approvals);
        return;
      case 'conversation': {
        // Opened, or opened again after a reconnect: what it had is kept, what is new is added.
        const { session, briefing, sessionId } = frame;
        const conversation = this.conversations.get(sessionId)?.conversation ?? new Conversation();
        const replies = this.conversations.get(sessionId)?.replies ?? new ReplyOptions();
        this.languages.noteMessages(sessionId, session.messages);
        for (const message of session.messages) conversation.applyMessage(message), replies.applyMessage(message);
        conversation.applyHandoff(session.handoff);
        if (session.rating) conversation.applyRated(session.rating);
        if (session.status !== 'open') conversation.applyClosed({ reason: session.closeReason ?? session.status });
        this.conversations.set(sessionId, { session, briefing, conversation, replies });
        this.autoTranslation.consider(sessionId, session);
        this.select(sessionId);
        break;
      }
      case 'message':
      case 'ack':
      case 'handoff':
      case 'tool': // the bot's tool calls, with its answer: what it looked up or changed, and how it went
      case 'rated':
      case 'closed': {
        const conversation = this.conversations.get(frame.sessionId)?.conversation;
        if (!conversation) return;
        if (frame.type !== 'ack' && frame.type !== 'rated') this.runs.moved(frame.sessionId); // a run may have moved on
        if (frame.type === 'message') {
          this.languages.noteMessages(frame.sessionId, [frame.message]);
          conversation.applyMessage(frame.message);
          this.conversations.get(frame.sessionId).replies.applyMessage(frame.message);
          this.autoTranslation.consider(frame.sessionId, this.conversations.get(frame.sessionId).session, frame.message);
        } else if (frame.type === 'ack') {
          conversation.applyAck(frame);
        } else if (frame.type === 'handoff') conversation.applyHandoff(frame);
        else if (frame.type === 'tool') conversation.applyTool(frame);
        else if (frame.type === 'rated') conversation.applyRated(frame);
        else conversation.applyClosed(frame);
        break;
      }
      case 'attachments':
        this.files.heard(frame);
        break;
      case 'approval':
        // A tool call of the bot waits for a person (docs/tools.md#approvals): one of ours to decide, or the customer's.
        this.queue.approval(frame);
        break;
      case 'suggestion':
        if (frame.sessionId === this.selected) this.refused(null);
        // Into the reply box, for the agent to edit and send, or not; what is typed there already stays.
        if (frame.sessionId === this.selected && !$('reply').value.trim()) $('reply').value = frame.text;
        return;
      case 'replyPreview':
        this.preview.show(frame);
        return;
      case 'translation':
        if (frame.sessionId === this.selected) this.refused(null);
        this.languages.noteTranslation(frame);
        break;
      case 'language': {
        const followed = this.conversations.get(frame.sessionId);
        if (!followed) return;
        ConsoleLanguages.changed(followed.session, frame);
        break;
      }
      case 'composing':
        if (frame.sessionId === this.selected) {
          $('customer-composing').hidden = false;
          clearTimeout(this.composingTimer);
          this.composingTimer = setTimeout(() => { $('customer-composing').hidden = true; }, 4000);
        }
        return;
      case 'error':
        // Beside the conversation's actions that caused it; the status line keeps saying who is signed in.
        this.refused(this.preview.failed(frame)
          ? `Refused: ${frame.message}. Your reply was not sent: it is still in the box, to send again or as written.`
          : `Refused: ${frame.message}`);
        // The agent socket's errors name the conversation, not the reply: its unacked ones show as not sent.
        this.conversations.get(frame.sessionId)?.conversation.failPending();
        break;
      default:
        return;
    }
    this.renderFollowed();
    this.renderConversation();
  }

  select(sessionId) {
    if (sessionId !== this.selected) this.refused(null);
    this.selected = sessionId;
    this.notes.show(sessionId);
    this.runs.show(sessionId, this.conversations.get(sessionId)?.session);
    this.preview.selected(sessionId);
    this.renderFollowed();
    this.renderConversation();
  }

  renderFollowed() {
    $('followed').replaceChildren(...[...this.conversations.entries()].map(([sessionId, { session, conversation }]) => {
      const card = el('li', `card${sessionId === this.selected ? ' is-selected' : ''}`);
      card.dataset.session = sessionId;
      const last = conversation.ordered().findLast((item) => item.text);
      const top = el('div', 'card__top');
      top.append(el('span', null, `${session.channel} · ${session.userId ?? 'anonymous'}`),
        el('span', null, conversation.closed ? 'closed' : this.handoffText(conversation.handoff)));
      card.append(top, el('p', 'card__text', last ? last.text : ''));
      card.addEventListener('click', () => this.select(sessionId));
      return card;
    }));
  }

  handoffText(handoff) {
    if (handoff.status === 'agent') return `${HANDOFF_TEXT.agent} ${handoff.agentId === this.agentId ? 'you' : handoff.agent}`;
    return HANDOFF_TEXT[handoff.status] ?? handoff.status;
  }

  renderConversation() {
    const followed = this.conversations.get(this.selected);
    $('conversation').hidden = !followed;
    if (!followed) return;
    this.queue.renderApprovals(this.selected);
    const { session, briefing, conversation } = followed;
    const { handoff, closed, rating } = conversation;
    $('conversation-title').textContent = `${session.channel} conversation with ${session.userId ?? 'an anonymous customer'}`;
    $('handoff-status').textContent = closed ? `Closed${closed.reason ? ` (${closed.reason})` : ''}` : this.handoffText(handoff);
    $('handoff-status').dataset.status = closed ? 'closed' : handoff.status;
    $('rating').hidden = rating.state !== 'rated';
    $('rating').textContent = `Rated ${rating.score} of 5${rating.comment ? `: “${rating.comment}”` : ''}`;
    $('briefing').textContent = briefing || 'Nothing said yet.';
    $('facts').replaceChildren(...session.facts.map((fact) => el('li', null, `${fact.name}: ${fact.value}`)));
    $('lead').hidden = !session.lead;
    if (session.lead) {
      const why = session.lead.contributions.map((c) => `${c.reason} (${c.points > 0 ? '+' : ''}${c.points})`).join('; ');
      $('lead').textContent = `Lead score ${session.lead.score}${session.lead.qualified ? ', qualified' : ''}: ${why}`;
    }
    const mine = handoff.status === 'agent' && handoff.agentId === this.agentId && !closed;
    $('take').hidden = mine || !!closed;
    $('hand-back').hidden = !mine;
    $('suggest').hidden = !mine;
    $('close-session').hidden = !!closed;
    $('reply').disabled = !mine;
    $('send').disabled = !mine;
    this.languages.render(session, mine);
    $('reply').placeholder = mine ? 'Write to the customer (Enter sends)' : 'Take the conversation over to reply';
    const list = $('transcript');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    this.transcript.render(conversation.ordered());
    this.replyBar.render(followed.replies.current());
    this.languages.annotate(list, this.selected);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  /** One message, after the bot's tool calls that went into it; a reply not yet stored shows as such. */
  fillMessage(li, item) {
    li.className = `msg msg--${item.role} is-${item.state}`;
    li.dataset.seq = item.seq ?? '';
    const parts = item.tools.map((tool) => el('p', 'hint', `Tool ${tool.name}: ${tool.status}${tool.detail ? ` (${tool.detail})` : ''}`));
    if (item.text) {
      const bubble = el('div', 'bubble');
      const who = item.role === 'agent' ? item.author : ROLE_NAMES[item.role] ?? item.role;
      bubble.append(el('p', 'bubble__author', who), el('p', 'bubble__text', item.text));
      if (item.state === 'failed') bubble.append(el('p', 'hint', 'Not sent.'));
      parts.push(bubble, ...this.files.partsOf(this.selected, item.seq));
    }
    li.replaceChildren(...parts);
  }
}

new Console();
