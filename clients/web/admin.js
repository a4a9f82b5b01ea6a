// The admin console: signs in with an email and password or an admin API key (admin-account.js) and works on the tenant's bot configuration,
// its own tools, knowledge base, API keys and audit log, and reads its conversations and their figures, through the public REST API only (openapi.json). No build
// step. A key lives in sessionStorage (this tab); a password sign-in in an HttpOnly cookie. No key's
// secret is ever put into the page except a new key's, once, right after it was created.

import { counted } from '/client/texts.js';
import {
  AccessView, Credential, cookieSession, sessionOf, showSetupHint, signInWithPassword, signOutCookie,
} from './admin-account.js';
import { BotView } from './admin-bot.js';
import { AdminChanges } from './admin-changes.js';
import { Checklist } from './admin-checklist.js';
import { Translations } from './admin-translations.js';
import { Conversations } from './admin-conversations.js';
import { ExperimentsPanel } from './admin-experiments.js';
import { Install } from './admin-install.js';
import { Overview } from './admin-overview.js';
import { when, who } from './admin-time.js';
import { ToolsView } from './admin-tools.js';
import { TicketsView } from './tickets-view.js';
import { Webhooks } from './admin-webhooks.js';
import { Campaigns } from './admin-campaigns.js';
import { SavedRepliesAdmin } from './admin-saved-replies.js';
import { SourcesView } from './admin-sources.js';
import { $, el, emptyRow, fill, textRow } from './console-dom.js';

const STORE = 'parley.admin';
const AUDIT_PAGE = 20;
const PASSAGES = { one: '{count} passage', other: '{count} passages' };
const FORMATS = { md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html' };

/** The server's refusal of a request: its status and its own words, problems included. */
class Refusal extends Error {
  constructor(status, error) {
    super(error?.message ?? `the server answered ${status}`);
    this.status = status;
    this.problems = Array.isArray(error?.problems) ? error.problems : [];
  }
}

class AdminConsole {
  constructor() {
    this.credential = null;
    this.auditNext = null;
    this.replacing = null;
    this.changes = new AdminChanges(this);
    this.bot = new BotView(this);
    this.checklist = new Checklist(this);
    this.translations = new Translations(this, () => { this.bot.showTab('tab-json'); $('draft-editor').focus(); });
    this.experiments = new ExperimentsPanel(this);
    this.install = new Install(this);
    this.overview = new Overview(this);
    this.conversations = new Conversations(this);
    this.webhooks = new Webhooks(this);
    this.sources = new SourcesView(this);
    this.campaigns = new Campaigns(this);
    this.savedReplies = new SavedRepliesAdmin(this);
    this.tools = new ToolsView(this);
    this.tickets = new TicketsView($('tickets'), { request: (method, path, body) => this.request(method, path, body) });
    this.access = new AccessView(this);
    $('key-signin').addEventListener('submit', (event) => { event.preventDefault(); this.signInWithKey($('api-key').value.trim()); });
    $('password-signin').addEventListener('submit', (event) => { event.preventDefault(); this.signInWithPassword(); });
    $('signout').addEventListener('click', () => this.signOut());
    document.querySelectorAll('[data-view]').forEach((button) =>
      // The view's heading takes the focus, so a screen reader says where the admin is.
      button.addEventListener('click', () => this.show(button.dataset.view).then(() => $(`${button.dataset.view}-title`).focus())));
    $('kb-file').addEventListener('change', () => this.readFile());
    $('kb-upload').addEventListener('submit', (event) => { event.preventDefault(); this.act(() => this.upload(), $('kb-submit')); });
    $('kb-cancel').addEventListener('click', () => this.endReplace());
    $('kb-search').addEventListener('submit', (event) => { event.preventDefault(); this.act(() => this.search(), $('kb-search-button')); });
    $('key-create').addEventListener('submit', (event) => { event.preventDefault(); this.act(() => this.createKey(), $('key-submit')); });
    $('key-secret-done').addEventListener('click', () => this.forgetSecret());
    $('audit-filter').addEventListener('submit', (event) => { event.preventDefault(); this.act(() => this.loadAudit(null), $('audit-show')); });
    $('audit-newest').addEventListener('click', () => this.act(() => this.loadAudit(null), $('audit-newest')));
    $('audit-older').addEventListener('click', () => this.act(() => this.loadAudit(this.auditNext), $('audit-older')));
    const saved = sessionStorage.getItem(STORE);
    if (saved) this.signInWithKey(saved);
    else this.resume();
  }

  /** Back on the page with a sign-in cookie still valid: signed in at once; else where to begin. */
  async resume() {
    const session = await cookieSession().catch(() => null);
    if (!session) {
      await showSetupHint();
      return;
    }
    try {
      await this.begin(Credential.cookie(session.csrfToken), session);
    } catch (failure) {
      this.refuseSignIn(failure);
    }
  }

  async signInWithPassword() {
    this.status('connecting', 'Signing in…');
    const password = $('signin-password').value;
    $('signin-password').value = '';
    try {
      const session = await signInWithPassword($('signin-email').value.trim(), password);
      await this.begin(Credential.cookie(session.csrfToken), session);
    } catch (failure) {
      this.refuseSignIn(failure);
    }
  }

  async signInWithKey(key) {
    if (!key) return;
    $('api-key').value = '';
    this.status('connecting', 'Signing in…');
    try {
      const session = await sessionOf(Credential.apiKey(key));
      if (!session) throw new Error('the node does not know this key: it may be revoked or expired, or mistyped');
      // Kept as soon as the node knows it: a reload while the first view loads stays signed in (a refusal forgets it).
      sessionStorage.setItem(STORE, key);
      await this.begin(Credential.apiKey(key), session);
    } catch (failure) {
      this.refuseSignIn(failure);
    }
  }

  refuseSignIn(failure) {
    this.signOut();
    $('signin-error').hidden = false;
    $('signin-error').textContent = `Sign-in refused: ${failure.message}`;
  }

  /** The server's response to a request with the admin's key; a refusal is thrown in the server's words. */
  async send(method, path, body) {
    const { headers, credentials } = this.credential.fetchOptions(method);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials, cache: 'no-store',
    });
    if (!response.ok) throw new Refusal(response.status, (await response.json().catch(() => null))?.error);
    return response;
  }

  /** The same, its JSON body read. */
  async request(method, path, body) {
    const response = await this.send(method, path, body);
    return response.status === 204 ? null : response.json().catch(() => null);
  }

  /** The same, with a 404 (nothing there yet) as null. */
  async optional(path) {
    try {
      return await this.request('GET', path);
    } catch (failure) {
      if (failure instanceof Refusal && failure.status === 404) return null;
      throw failure;
    }
  }

  /** Signed in as {@code session} (who the credential is): the console opens for an admin, and says why not to anyone else. */
  async begin(credential, session) {
    if (!session.roles.includes('admin')) {
      throw new Error(`this ${session.email ? 'account' : 'credential'} of ${session.tenant} has the role `
        + `${session.roles.join(', ')}; the admin console needs the admin role (agents work in the agent console, /agent)`);
    }
    this.credential = credential;
    this.tenant = session.tenant;
    $('signin').hidden = true;
    $('signin-error').hidden = true;
    $('workspace').hidden = false;
    $('signout').hidden = false;
    this.status('online', `Signed in to ${session.tenant}${session.email ? ` as ${session.email}` : ''}`);
    this.changes.follow();
    await this.show('bot');
  }

  signOut() {
    if (this.credential?.csrfToken) signOutCookie(this.credential.csrfToken);
    sessionStorage.removeItem(STORE);
    this.changes.stop();
    this.credential = null;
    this.bot.forget();
    this.experiments.forget();
    this.tools.closeForm();
    this.forgetSecret();
    this.conversations.forget();
    this.tickets.forget();
    this.savedReplies.forget();
    this.overview.gaps.forget();
    this.sources.forget();
    $('workspace').hidden = true;
    $('signout').hidden = true;
    $('signin').hidden = false;
    $('signin-error').hidden = true;
    this.status('signed-out', 'Signed out');
    $('signin-email').focus();
  }

  status(state, text) {
    $('console-status').dataset.state = state;
    $('console-status').textContent = text;
  }

  async show(view) {
    document.querySelectorAll('[data-view]').forEach((button) => {
      if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    });
    document.querySelectorAll('.admin__view').forEach((section) => { section.hidden = section.id !== `view-${view}`; });
    const loads = {
      bot: () => Promise.all([this.bot.load(), this.checklist.load(), this.translations.load(), this.experiments.load()]),
      install: () => this.install.load(),
      overview: () => this.overview.load(),
      conversations: () => this.conversations.load(false),
      tickets: () => this.tickets.load(),
      replies: () => this.savedReplies.load(),
      kb: () => this.loadDocuments(),
      sources: () => this.sources.load(),
      keys: () => this.loadKeys().then(() => this.access.load()),
      staff: () => this.access.loadStaffView(),
      audit: () => this.loadAudit(null),
      webhooks: () => this.webhooks.load(),
      campaigns: () => this.campaigns.load(),
      tools: () => this.tools.load(),
    };
    await this.act(loads[view]);
  }

  /**
   * Runs an action; a refusal is shown in the server's words right after {@code place}, the control
   * that asked for it (above the view when none did: a view that could not load), and a document's
   * problems each listed beside the editor. The refusals of the action before are cleared first.
   */
  async act(action, place = null) {
    $('refusal').hidden = true;
    document.querySelectorAll('[data-refusal-for]').forEach((line) => line.remove());
    $('draft-problems').replaceChildren();
    try {
      await action();
    } catch (failure) {
      this.refuse(failure, place);
    }
  }

  refuse(failure, place) {
    const text = `Refused: ${failure.message}`;
    if (failure.problems?.length) {
      const box = $('draft-problems');
      box.append(el('p', 'console__error', text));
      const list = el('ul', 'console__error');
      failure.problems.forEach((problem) => list.append(el('li', null, problem)));
      box.append(list);
    } else if (place) {
      const line = el('p', 'admin__refusal', text);
      line.setAttribute('role', 'alert');
      line.dataset.refusalFor = place.id || place.className.split(' ').at(-1);
      place.after(line);
    } else {
      $('refusal').hidden = false;
      $('refusal').textContent = text;
    }
  }

  /**
   * Asks the admin to confirm {@code question} in a modal dialog, {@code yes} on its button; with
   * {@code diff} (a function filling a box) what the change would do is shown too. Cancel and
   * Escape answer no; the focus starts on Cancel, so Enter alone changes nothing.
   */
  confirm(question, yes, diff = null) {
    const dialog = $('confirm');
    $('confirm-title').textContent = question;
    $('confirm-text').textContent = diff ? 'What changes (- the live version\'s line, + the new one):' : '';
    $('confirm-text').hidden = !diff;
    $('confirm-diff').hidden = !diff;
    $('confirm-diff').replaceChildren();
    if (diff) diff($('confirm-diff'));
    $('confirm-yes').textContent = yes;
    dialog.showModal();
    $('confirm-no').focus();
    return new Promise((resolve) => {
      const listening = new AbortController();
      const answer = (value) => {
        listening.abort();
        if (dialog.open) dialog.close();
        resolve(value);
      };
      $('confirm-yes').addEventListener('click', () => answer(true), { signal: listening.signal });
      $('confirm-no').addEventListener('click', () => answer(false), { signal: listening.signal });
      dialog.addEventListener('close', () => answer(false), { signal: listening.signal });
    });
  }

  /** A button of a list item that runs {@code action} as any action (its refusal shown beside it); {@code label} names what it acts on. */
  button(className, text, label, action) {
    const button = el('button', `button button--ghost ${className}`, text);
    button.type = 'button';
    if (label) button.setAttribute('aria-label', label);
    button.addEventListener('click', () => this.act(action, button));
    return button;
  }

  // The knowledge base.

  async loadDocuments() {
    const { documents } = await this.request('GET', '/v1/kb/documents');
    fill('kb-documents', documents, 'No documents.', (item, document) => {
      item.dataset.document = document.id;
      // A document stored before documents had a language has none until the index has detected it.
      const language = document.language ?? 'language not detected yet';
      item.append(el('span', null, `${document.title} (${document.format}, ${language}, ${counted(document.chunks, PASSAGES)}, ${when(document.createdAt)})`));
      item.append(this.button('replace', 'Replace', `Replace ${document.title}`, async () => this.startReplace(document)));
      item.append(this.button('delete', 'Delete', `Delete ${document.title}`, async () => {
        await this.request('DELETE', `/v1/kb/documents/${encodeURIComponent(document.id)}`);
        $('kb-status').textContent = `Deleted ${document.title}.`;
        await this.loadDocuments();
      }));
    });
  }

  async readFile() {
    const file = $('kb-file').files[0];
    if (!file) return;
    const extension = file.name.includes('.') ? file.name.split('.').pop().toLowerCase() : '';
    $('kb-format').value = FORMATS[extension] ?? 'text';
    if (!$('kb-doc-title').value) $('kb-doc-title').value = file.name.replace(/\.[^.]+$/, '');
    $('kb-content').value = await file.text();
  }

  /** The upload form turned to replacing `document`: its title and format kept, its new content asked for (the API never returns content). */
  startReplace(document) {
    this.replacing = document;
    $('kb-upload').reset();
    $('kb-doc-title').value = document.title;
    $('kb-format').value = document.format;
    $('kb-language').value = document.language ?? '';
    $('kb-upload-title').textContent = `Replace ${document.title}`;
    $('kb-submit').textContent = 'Replace';
    $('kb-cancel').hidden = false;
    $('kb-status').textContent = `Choose the new file of ${document.title}, or paste its new content.`;
    $('kb-file').focus();
  }

  /** The knowledge base's editor, open on a new article answering {@code question} (a knowledge gap's topic). */
  async writeArticle(question) {
    await this.show('kb');
    this.endReplace();
    $('kb-doc-title').value = question.slice(0, 200);
    $('kb-format').value = 'markdown';
    $('kb-content').value = `# ${question}\n\n`;
    $('kb-status').textContent = `Write the answer to "${question}", then upload it.`;
    $('kb-content').focus();
  }

  /** The upload form back to adding a document. */
  endReplace() {
    this.replacing = null;
    $('kb-upload').reset();
    $('kb-upload-title').textContent = 'Add a document';
    $('kb-submit').textContent = 'Upload';
    $('kb-cancel').hidden = true;
    $('kb-status').textContent = '';
  }

  async upload() {
    const replacing = this.replacing;
    const body = { title: $('kb-doc-title').value.trim(), content: $('kb-content').value, format: $('kb-format').value };
    const language = $('kb-language').value.trim();
    if (language) body.language = language;
    const stored = replacing
      ? await this.request('PUT', `/v1/kb/documents/${encodeURIComponent(replacing.id)}`, body)
      : await this.request('POST', '/v1/kb/documents', body);
    this.endReplace();
    $('kb-status').textContent = `${replacing ? 'Replaced' : 'Added'} ${stored.title} (${counted(stored.chunks, PASSAGES)}).`;
    await this.loadDocuments();
  }

  async search() {
    // The hits of the search before go at once: a refused search leaves none that answer another query.
    const hits = $('kb-hits');
    hits.replaceChildren();
    // What kb_search gives the model: its default of three passages (docs/tools.md).
    const { results } = await this.request('GET', `/v1/kb/search?limit=3&q=${encodeURIComponent($('kb-query').value.trim())}`);
    if (results.length === 0) hits.append(el('li', 'hint', 'No articles found.'));
    results.forEach((hit) => {
      const item = el('li', 'admin__hit');
      item.append(el('strong', null, hit.section ? `${hit.title} · ${hit.section}` : hit.title));
      item.append(el('p', null, hit.snippet || hit.text));
      hits.append(item);
    });
  }

  // API keys: the secret of a new one is shown once; the list never has one.

  async loadKeys() {
    const { keys } = await this.request('GET', '/v1/keys');
    fill('keys', keys, 'No keys created through the API.', (item, key) => {
      item.dataset.key = key.id;
      item.dataset.active = key.active;
      const state = key.active ? (key.expiresAt ? `expires ${when(key.expiresAt)}` : 'active')
        : key.revokedAt ? `revoked ${when(key.revokedAt)}` : 'expired';
      item.append(el('span', null, `${key.name} (${key.roles.join(', ')}), created ${when(key.createdAt)}, ${state}`));
      if (key.active) {
        item.append(this.button('revoke', 'Revoke', `Revoke ${key.name}`, async () => {
          if (!await this.confirm(`Revoke the key ${key.name}? Whatever uses it is refused from now on; a revoked key cannot be restored.`,
            'Revoke')) return;
          await this.request('DELETE', `/v1/keys/${encodeURIComponent(key.id)}`);
          $('keys-status').textContent = `Revoked ${key.name}.`;
          await this.loadKeys();
        }));
      }
    });
  }

  async createKey() {
    const roles = [...document.querySelectorAll('input[name="key-role"]:checked')].map((box) => box.value);
    const expires = $('key-expires').value;
    const created = await this.request('POST', '/v1/keys', {
      name: $('key-name').value.trim(), roles, ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}),
    });
    $('key-create').reset();
    $('key-secret-value').value = created.key;
    $('key-secret').hidden = false;
    $('key-secret-value').focus();
    $('key-secret-value').select();
    $('keys-status').textContent = `Created ${created.name}.`;
    await this.loadKeys();
  }

  forgetSecret() {
    $('key-secret-value').value = '';
    $('key-secret').hidden = true;
  }

  // The audit log, newest first, a page at a time.

  async loadAudit(before) {
    const action = $('audit-action').value.trim();
    const query = new URLSearchParams({ limit: AUDIT_PAGE });
    if (action) query.set('action', action);
    if (before) query.set('before', before);
    const page = await this.request('GET', `/v1/audit?${query}`);
    this.auditNext = page.next ?? null;
    $('audit-older').disabled = !this.auditNext;
    const body = $('audit').tBodies[0];
    body.replaceChildren();
    page.entries.forEach((entry) => {
      body.append(textRow([when(entry.at), who(entry.actor), entry.action, entry.resource ?? '', entry.result,
        entry.reason ?? ''], { action: entry.action }));
    });
    if (page.entries.length === 0) body.append(emptyRow('No entries.', 6));
  }
}

new AdminConsole();
