// The token of a ParleyClient given a token provider (session-client.js loads this module for
// such a client only): fetched before the first connect, again shortly before its `exp` (at most
// 30 s, and at most a fifth of its lifetime, ahead), and again after a socket that closed before it
// opened, as a refused upgrade (a 401 for an expired token) looks to a browser.

import { ParleyError } from './session-socket.js';

/** A token is replaced this long before its `exp` (at most a fifth of its lifetime). */
const TOKEN_REFRESH_MARGIN_MS = 30000;

/** The `exp` of a JWT in milliseconds, or null when it has none (or is no JWT). */
export function tokenExpiry(token) {
  try {
    const payload = atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
    const exp = JSON.parse(new TextDecoder().decode(Uint8Array.from(payload, (c) => c.charCodeAt(0)))).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export class SessionToken {
  /**
   * `provider`: an async function giving a fresh token; `token`: one to start with, if any;
   * `wanted()`: whether the client wants to be connected (only then is a token renewed ahead of
   * time); `renewed({expiresAt})` hears each new token, `failed(error)` a renewal ahead of time that failed.
   */
  constructor({ provider, token = null, wanted, renewed, failed }) {
    Object.assign(this, { provider, token, wanted, renewed, failed });
    this.timer = null;
  }

  /** The token to connect with: a fresh one when there is none, it is about to expire, or the last socket was `refused`. */
  async current(refused) {
    const expiry = this.token ? tokenExpiry(this.token) : null;
    const stale = expiry !== null && expiry - Date.now() < this.marginMs(expiry);
    if (!this.token || stale || refused) await this.refresh();
    return this.token;
  }

  marginMs(expiry) {
    const lifetime = expiry - (this.issuedAt ?? Date.now());
    return Math.min(TOKEN_REFRESH_MARGIN_MS, Math.max(1000, lifetime / 5));
  }

  async refresh() {
    const token = await this.provider();
    if (typeof token !== 'string' || !token) throw new ParleyError({ code: 'unauthorized', message: 'the token provider gave no token' });
    this.token = token;
    this.issuedAt = Date.now();
    this.renewed({ expiresAt: tokenExpiry(token) });
    this.renewAhead();
  }

  /** The next connect needs a valid token at once, so it is fetched shortly before `exp`. */
  renewAhead() {
    clearTimeout(this.timer);
    const expiry = this.token ? tokenExpiry(this.token) : null;
    if (expiry === null || !this.wanted()) return;
    const delay = Math.max(0, expiry - Date.now() - this.marginMs(expiry));
    this.timer = setTimeout(() => {
      if (this.wanted()) this.refresh().catch((failure) => this.failed({ code: failure.code ?? 'unauthorized', message: String(failure.message ?? failure) }));
    }, delay);
  }

  /** No renewal ahead of time while the client does not want to be connected. */
  stop() {
    clearTimeout(this.timer);
  }
}
