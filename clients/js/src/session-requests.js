// A ParleyClient's requests over REST about a session (session-client.js loads this module with the
// first: most conversations make none), with the client's credential: a rating the socket could
// not carry (session-rating.js), the language the node decided, a file's upload. The node decides a
// file's type from its content and answers 415 or 413 with the reason; an upload passes those on as
// ParleyErrors, never guessing the type itself.

import { ParleyError, nodeUrl } from './session-socket.js';

export class SessionRequests {
  /**
   * `options`: the client's (`baseUrl`, `tenant`, `publishableKey`, `csrfToken`); `fetch`;
   * `credential()`: a promise of the client's token, or null (then the publishable key or the sign-in cookie).
   */
  constructor({ options, fetch, credential }) {
    this.options = options;
    this.fetch = fetch;
    this.credential = credential;
  }

  /** A request about one session (`path` under /v1/sessions/{id}). */
  request(sessionId, path, init) {
    return this.send(`/v1/sessions/${encodeURIComponent(sessionId)}${path}`, init);
  }

  /** A request to the node's `path` (/v1/...), such as the signed-in customer's memory (user-memory.js). */
  async send(path, init) {
    const { baseUrl, tenant, publishableKey, csrfToken } = this.options;
    const token = await this.credential();
    const url = nodeUrl(baseUrl, path, { tenant, key: token ? undefined : publishableKey }, false);
    const headers = { 'Content-Type': init.contentType ?? 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    // A staff member signed in on the node's own page: the sign-in cookie goes along, and a change its CSRF token.
    if (token || !csrfToken) return this.fetch(url, { ...init, headers, credentials: 'omit' });
    if (init.method !== 'GET') headers['X-Csrf-Token'] = csrfToken;
    return this.fetch(url, { ...init, headers, credentials: 'same-origin' });
  }

  /** The language the node decided for the session (its view), or null. */
  async language(sessionId) {
    if (!sessionId) return null;
    const response = await this.request(sessionId, '', { method: 'GET' }).catch(() => null);
    const view = response?.ok ? await response.json().catch(() => null) : null;
    return typeof view?.language === 'string' ? view.language : null;
  }

  /**
   * Uploads `file` (a File, a Blob, or bytes) to the session: POST /v1/sessions/{id}/attachments?name=.
   * Resolves with `{attachmentId, contentType, size, name, url}`; rejects with a ParleyError carrying
   * the node's code (`unsupported_media_type`, `too_large`, `not_found`) and reason. `onProgress(fraction)`
   * hears 0 when the upload starts and 1 when the node has stored the file.
   */
  async upload(sessionId, file, { name, onProgress } = {}) {
    if (!sessionId) throw new TypeError('upload needs a session: connect (or send a first message) first');
    const fileName = name ?? (typeof file?.name === 'string' ? file.name : 'attachment');
    onProgress?.(0);
    const response = await this.request(sessionId, `/attachments?name=${encodeURIComponent(fileName)}`,
      { method: 'POST', body: file, contentType: typeof file?.type === 'string' && file.type ? file.type : 'application/octet-stream' });
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      throw new ParleyError({ code: answer?.error?.code ?? 'internal', message: answer?.error?.message ?? `the node answered ${response.status}` });
    }
    onProgress?.(1);
    return answer;
  }
}
