// How the consoles prove who they are (the agent console signs in with a password here too), and
// the tenant's staff and sites. Two ways in: an email
// and password (the node then keeps the sign-in in an HttpOnly cookie no script can read, and the
// console sends the CSRF token the node gave it with every change), or an admin API key (kept in
// this tab's sessionStorage). While nobody can sign in yet, the console says where the node's
// first-run setup link is.

import { $, el, fill } from './console-dom.js';
import { when } from './admin-time.js';

/** The credential of the console's requests: a sign-in cookie (with its CSRF token) or an API key. */
export class Credential {
  static apiKey(key) {
    return Object.assign(new Credential(), { key });
  }

  static cookie(csrfToken) {
    return Object.assign(new Credential(), { csrfToken });
  }

  /** What a fetch of the REST API adds: the key's header, or the cookie and, on a change, the CSRF token. */
  fetchOptions(method) {
    if (this.key) return { headers: { Authorization: `Bearer ${this.key}` }, credentials: 'omit' };
    const changes = !['GET', 'HEAD'].includes(method);
    return { headers: changes ? { 'X-Csrf-Token': this.csrfToken } : {}, credentials: 'same-origin' };
  }
}

async function answer(response) {
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `the node answered ${response.status}`);
  return body;
}

/** A request of the REST API with {@code credential}: the node's response as it came (a refusal too). */
export function fetchWith(credential, method, path, body) {
  const { headers, credentials } = credential.fetchOptions(method);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials, cache: 'no-store',
  });
}

/** A request of the REST API with {@code credential}: its JSON answer (null for none), or its refusal thrown in the node's words. */
export async function requestWith(credential, method, path, body) {
  const response = await fetchWith(credential, method, path, body);
  return response.status === 204 ? null : answer(response);
}

/** Who the request's credential is (GET /v1/auth/session); null when it proves nobody. */
export async function sessionOf(credential, tenant) {
  const { headers, credentials } = credential.fetchOptions('GET');
  const query = tenant ? `?tenant=${encodeURIComponent(tenant)}` : '';
  const response = await fetch(`/v1/auth/session${query}`, { headers, credentials, cache: 'no-store' });
  if (response.status === 401) return null;
  return answer(response);
}

/** The sign-in cookie's session, if the browser holds one still valid. */
export async function cookieSession() {
  const session = await sessionOf(Credential.cookie(null));
  return session?.csrfToken ? session : null;
}

/**
 * Signs in with an email and a password; the organisation the page is for ({@code tenant}, by default
 * the page's ?tenant=) is checked when named, so an account of another is told so.
 */
export async function signInWithPassword(email, password, tenant = new URLSearchParams(location.search).get('tenant')) {
  return answer(await fetch('/v1/auth/sign-in', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin', cache: 'no-store',
    body: JSON.stringify({ email, password, ...(tenant ? { tenant } : {}) }),
  }));
}

export async function signOutCookie(csrfToken) {
  await fetch('/v1/auth/sign-out', { method: 'POST', headers: { 'X-Csrf-Token': csrfToken }, credentials: 'same-origin' });
}

/** Shows where the first-run setup link is while the node has none set up. */
export async function showSetupHint() {
  const state = await fetch('/v1/setup', { cache: 'no-store' }).then(answer).catch(() => null);
  $('setup-hint').hidden = !state?.pending;
  if (state?.pending) {
    $('setup-hint').textContent = 'Nobody can sign in yet. The node printed a one-time setup link in its log when it '
      + 'started: look for "First-run setup" (e.g. docker logs, or journalctl) and open that link to make the first '
      + 'account. No shell commands needed.';
  }
}

/** The tenant's publishable keys and allowed sites (the Keys view), and its staff and pending invitations (the Staff view), for its admins. */
export class AccessView {
  constructor(console) {
    this.console = console;
    $('site-key-create').addEventListener('click', () => console.act(() => this.createKey()));
    $('site-origins').addEventListener('submit', (event) => { event.preventDefault(); console.act(() => this.saveOrigins()); });
    $('staff-invite').addEventListener('submit', (event) => { event.preventDefault(); console.act(() => this.invite()); });
  }

  async load() {
    $('site-new-key').hidden = true;
    await this.loadSite();
  }

  async loadStaffView() {
    $('staff-link').hidden = true;
    await this.loadStaff();
  }

  async loadSite() {
    const site = await this.console.request('GET', '/v1/site');
    $('site-editable').hidden = site.editable;
    fill('site-keys', site.publishableKeys, 'No publishable keys: public pages cannot chat by key.', (item, key) => {
      // The key itself, public by design: the admin matches it with the data-key a page carries.
      item.dataset.fingerprint = key.fingerprint;
      item.append(el('code', null, key.key));
      item.append(this.console.button('remove', 'Remove', `Remove key ${key.key}`, async () => {
        await this.console.request('DELETE', `/v1/site/publishable-keys/${encodeURIComponent(key.fingerprint)}`);
        $('site-status').textContent = `Key ${key.key} is no longer accepted.`;
        await this.loadSite();
      }));
    });
    $('site-origin-list').value = site.allowedOrigins.join('\n');
  }

  async createKey() {
    const created = await this.console.request('POST', '/v1/site/publishable-keys');
    $('site-new-key').hidden = false;
    $('site-new-key-value').value = created.key;
    $('site-status').textContent = `Key ${created.key} added.`;
    await this.loadSite();
  }

  async saveOrigins() {
    const allowedOrigins = $('site-origin-list').value.split('\n').map((line) => line.trim()).filter(Boolean);
    await this.console.request('PUT', '/v1/site/allowed-origins', { allowedOrigins });
    $('site-status').textContent = 'Allowed sites saved.';
    await this.loadSite();
  }

  async loadStaff() {
    const { accounts } = await this.console.request('GET', '/v1/staff');
    fill('staff', accounts, 'No staff accounts yet.', (item, account) => {
      item.dataset.account = account.id;
      item.append(el('span', null, `${account.email} (${account.roles.join(', ')})`));
      item.append(this.console.button('reset', 'Reset password', `Reset the password of ${account.email}`, async () => {
        this.showLink(await this.console.request('POST', `/v1/staff/${encodeURIComponent(account.id)}/password-reset`));
      }));
      item.append(this.console.button('remove', 'Remove', `Remove ${account.email}`, async () => {
        await this.console.request('DELETE', `/v1/staff/${encodeURIComponent(account.id)}`);
        $('staff-status').textContent = `Removed ${account.email}.`;
        await this.loadStaff();
      }));
    });
    await this.loadInvitations();
  }

  /** The invitations not followed yet, each to send again (a new link) or withdraw. */
  async loadInvitations() {
    const { invitations } = await this.console.request('GET', '/v1/staff/invitations');
    fill('staff-invitations', invitations, 'No pending invitations.', (item, invitation) => {
      item.dataset.invitation = invitation.id;
      item.dataset.email = invitation.email;
      item.append(el('span', null, `${invitation.email} (${invitation.roles.join(', ')}), until ${when(invitation.expiresAt)}`));
      item.append(this.console.button('resend', 'Resend', `Send a new invitation link to ${invitation.email}`, async () => {
        this.showLink(await this.console.request('POST', `/v1/staff/invitations/${encodeURIComponent(invitation.id)}/resend`));
        await this.loadInvitations();
      }));
      item.append(this.console.button('withdraw', 'Withdraw', `Withdraw the invitation of ${invitation.email}`, async () => {
        await this.console.request('POST', `/v1/staff/invitations/${encodeURIComponent(invitation.id)}/withdraw`);
        $('staff-status').textContent = `The invitation of ${invitation.email} is withdrawn: its link no longer works.`;
        await this.loadInvitations();
      }));
    });
  }

  async invite() {
    const roles = [...document.querySelectorAll('input[name="staff-role"]:checked')].map((box) => box.value);
    this.showLink(await this.console.request('POST', '/v1/staff/invitations',
      { email: $('staff-email').value.trim(), name: $('staff-name').value.trim(), roles }));
    $('staff-invite').reset();
    await this.loadStaff();
  }

  showLink(link) {
    $('staff-link').hidden = false;
    $('staff-link-value').value = link.link;
    $('staff-status').textContent = `${link.kind === 'reset' ? 'Password reset' : 'Invitation'} link for ${link.email}, `
      + `valid once until ${when(link.expiresAt)}: hand it to them.`;
    $('staff-link-value').select();
  }
}
