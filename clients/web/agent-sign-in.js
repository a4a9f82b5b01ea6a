// How the agent console (agent.js) signs its agent in and out: through the tenant's OpenID Connect
// provider (staff-signin.js), with an email and password (admin-account.js: the socket then
// carries the sign-in cookie) or with an API key; a reload or the way back from the provider
// resumes the session kept in this tab. The console composes it and is told, through the `link`
// it gives, when to connect and when the agent signed out; it keeps the credential for the REST API.

import { Credential, cookieSession, sessionOf, signInWithPassword, signOutCookie } from './admin-account.js';
import { $ } from './console-dom.js';
import { StaffSession, beginSignIn, completeSignIn, providerOf } from './staff-signin.js';

export const STORE = 'parley.agent';

export class AgentSignIn {
  /**
   * `link`: `connect(credential, name, phone)` (the console's socket, as this agent), `status(state,
   * text)` (the console's status line) and `signedOut()` (the console lets go of its socket and views).
   */
  constructor(link) {
    this.link = link;
    this.staff = null;
    this.token = null;
    this.csrfToken = null;
  }

  /**
   * Connects the console with `credential` (the client's: a `token`, a `tokenProvider`, or the
   * cookie's `csrfToken`), which every request then carries: the socket, the REST API's, and the
   * client's own (a file's upload and download) alike.
   */
  connect(credential, name, phone) {
    this.token = credential.token ?? null;
    this.link.connect(credential, name, phone);
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
      // Signed in a moment ago (an invitation or reset followed): customers see the name the node keeps (never the email).
      this.useCookie(signedIn, '', '');
    } else if (saved?.csrfToken) {
      this.useCookie(saved, saved.name, saved.phone);
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
    this.link.status('connecting', 'Finding your organisation…');
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
        this.useCookie(session, name, phone);
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
    this.connect({ csrfToken: session.csrfToken }, name, phone);
  }

  /** The REST API's credential (the tickets view's): the sign-in the socket uses. */
  async credential() {
    if (this.staff) return Credential.apiKey(await this.staffToken());
    return this.token ? Credential.apiKey(this.token) : Credential.cookie(this.csrfToken);
  }

  /** Ends the session: the socket, the tokens of this tab, and the provider's session when it has an end-session endpoint. */
  signOut({ atProvider = true } = {}) {
    this.link.signedOut();
    sessionStorage.removeItem(STORE);
    if (this.csrfToken) signOutCookie(this.csrfToken);
    this.csrfToken = null;
    const staff = this.staff;
    this.staff = null;
    for (const id of ['workspace', 'tickets-view', 'views', 'profile-button', 'profile']) $(id).hidden = true;
    $('signin').hidden = false;
    $('signout').hidden = true;
    $('token').value = '';
    this.link.status('signed-out', 'Signed out');
    if (atProvider) staff?.signOut();
    else staff?.forget();
  }

  signInFailed(why) {
    $('signin-error').hidden = false;
    $('signin-error').textContent = `Sign-in failed: ${why}.`;
    sessionStorage.removeItem(STORE);
    this.staff?.forget();
    this.link.status('signed-out', 'Signed out');
  }
}
