// Staff sign-in through the tenant's OpenID Connect provider: authorization code with PKCE (S256),
// the console being a public client (no secret). The node says where the provider is
// (GET /v1/auth/oidc); the console sends the agent there, exchanges the code itself, and keeps the
// tokens in sessionStorage (this tab only, never a cookie). The ID token is the credential the node
// verifies; the refresh token renews it shortly before it expires, and when renewal fails the
// session ends with the token.

const PENDING = 'parley.agent.oidc.pending';
const SIGNED_IN = 'parley.agent.oidc';
const RENEW_BEFORE_MS = 60_000;

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const claimsOf = (jwt) => JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
const redirectUri = () => `${location.origin}${location.pathname}`;

/** Where the tenant's staff sign in; null when it has no provider (its staff use an API key). */
export async function providerOf(tenant) {
  const response = await fetch(`/v1/auth/oidc?tenant=${encodeURIComponent(tenant)}`);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error((await response.json()).message ?? `the node answered ${response.status}`);
  return response.json();
}

/** Sends the agent to the provider; the page comes back to {@link completeSignIn} with a code. */
export async function beginSignIn(tenant, provider, profile) {
  const verifier = random();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random();
  const nonce = random();
  sessionStorage.setItem(PENDING, JSON.stringify({ tenant, provider, profile, verifier, state, nonce }));
  const url = new URL(provider.authorizationEndpoint);
  Object.entries({
    response_type: 'code', client_id: provider.clientId, redirect_uri: redirectUri(), scope: provider.scope,
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256',
  }).forEach(([name, value]) => url.searchParams.set(name, value));
  location.assign(url.toString());
}

async function tokenRequest(provider, fields) {
  const response = await fetch(provider.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: provider.clientId, ...fields }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.id_token) throw new Error(body.error_description ?? body.error ?? 'the provider gave no ID token');
  return body;
}

/**
 * Back from the provider (?code=&state=): checks the state, exchanges the code with its verifier,
 * checks the ID token's nonce, and keeps the session. Null when this page load is no such return.
 */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('state') || !(params.has('code') || params.has('error'))) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', redirectUri());
  if (!pending || pending.state !== params.get('state')) throw new Error('the sign-in was not started here');
  if (params.has('error')) throw new Error(params.get('error_description') ?? params.get('error'));
  const tokens = await tokenRequest(pending.provider, {
    grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(), code_verifier: pending.verifier,
  });
  if (claimsOf(tokens.id_token).nonce !== pending.nonce) throw new Error('the ID token is not the answer to this sign-in');
  const session = new StaffSession({ tenant: pending.tenant, provider: pending.provider, profile: pending.profile,
    idToken: tokens.id_token, refreshToken: tokens.refresh_token ?? null });
  session.save();
  return session;
}

/** A signed-in agent: the ID token, renewed with the refresh token while the provider allows it. */
export class StaffSession {
  constructor(saved) {
    Object.assign(this, saved);
  }

  static restored() {
    const saved = JSON.parse(sessionStorage.getItem(SIGNED_IN) ?? 'null');
    return saved ? new StaffSession(saved) : null;
  }

  save() {
    const { tenant, provider, profile, idToken, refreshToken } = this;
    sessionStorage.setItem(SIGNED_IN, JSON.stringify({ tenant, provider, profile, idToken, refreshToken }));
  }

  expiresAt() {
    return claimsOf(this.idToken).exp * 1000;
  }

  /** The ID token, renewed first when it has less than a minute left; throws when it cannot be. */
  async token() {
    if (Date.now() < this.expiresAt() - RENEW_BEFORE_MS) return this.idToken;
    if (!this.refreshToken) throw new Error('the session has expired');
    const tokens = await tokenRequest(this.provider, { grant_type: 'refresh_token', refresh_token: this.refreshToken });
    this.idToken = tokens.id_token;
    this.refreshToken = tokens.refresh_token ?? this.refreshToken;
    this.save();
    return this.idToken;
  }

  /** Forgets the tokens of this tab. */
  forget() {
    sessionStorage.removeItem(SIGNED_IN);
  }

  /** Forgets the tokens; at the provider too when it has an end-session endpoint (the page leaves for it). */
  signOut() {
    this.forget();
    if (!this.provider.endSessionEndpoint) return;
    const url = new URL(this.provider.endSessionEndpoint);
    url.searchParams.set('id_token_hint', this.idToken);
    url.searchParams.set('post_logout_redirect_uri', redirectUri());
    location.assign(url.toString());
  }
}
