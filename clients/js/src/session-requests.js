// ParleyClient's requests over REST about a session (session-client.js loads this module with the
// first): a rating the socket could not carry, the language the node decided, a file's upload. The
// node decides a file's type from its content and answers 415 or 413 with the reason; an upload
// passes those on as ParleyErrors, never guessing the type itself.

import { ParleyError, nodeUrl, ratedOf } from './session-socket.js';

export async function rateOverRest(client, rating, sessionId) {
  const response = await client.sessionRequest(sessionId, '/rating', { method: 'POST', body: JSON.stringify(rating) });
  const answer = await response.json().catch(() => null);
  if (response.ok) return ratedOf(answer ?? rating);
  const retryAfter = Number(response.headers.get('Retry-After'));
  throw new ParleyError({
    code: answer?.error?.code ?? 'internal',
    message: answer?.error?.message ?? `the node answered ${response.status}`,
    retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
  });
}

export async function language(client, sessionId) {
  if (!sessionId) return null;
  const response = await client.sessionRequest(sessionId, '', { method: 'GET' }).catch(() => null);
  const view = response?.ok ? await response.json().catch(() => null) : null;
  return typeof view?.language === 'string' ? view.language : null;
}

/** A request about one session, with this client's credential (its token, else the publishable key or the sign-in cookie). */
export async function sessionRequest(client, sessionId, path, init) {
  const { baseUrl, tenant, publishableKey } = client.options;
  const token = await client.credential();
  const url = nodeUrl(baseUrl, `/v1/sessions/${encodeURIComponent(sessionId)}${path}`,
    { tenant, key: token ? undefined : publishableKey }, false);
  const headers = { 'Content-Type': init.contentType ?? 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  // A staff member signed in on the node's own page: the sign-in cookie goes along, and a change its CSRF token.
  const { csrfToken } = client.options;
  if (token || !csrfToken) return client.fetch(url, { ...init, headers, credentials: 'omit' });
  if (init.method !== 'GET') headers['X-Csrf-Token'] = csrfToken;
  return client.fetch(url, { ...init, headers, credentials: 'same-origin' });
}

/**
 * Uploads `file` (a File, a Blob, or bytes) to the session with the client's credential:
 * POST /v1/sessions/{id}/attachments?name=. Resolves with `{attachmentId, contentType, size,
 * name, url}`; rejects with a ParleyError carrying the node's code (`unsupported_media_type`,
 * `too_large`, `not_found`) and reason. `onProgress(fraction)` hears 0 when the upload starts and 1
 * when the node has stored the file. A client that starts its conversation on the first message
 * (`startOnSend`) starts it for a file attached before any message.
 */
export async function uploadAttachment(client, file, { name, sessionId = client.sessionId, onProgress } = {}) {
  // A file attached before the first message (the widget starts the conversation on it) starts it.
  if (!sessionId && client.options?.startOnSend) sessionId = (await client.startSession())?.sessionId;
  if (!sessionId) throw new TypeError('upload needs a session: connect (or send a first message) first');
  const fileName = name ?? (typeof file?.name === 'string' ? file.name : 'attachment');
  onProgress?.(0);
  const response = await client.sessionRequest(sessionId, `/attachments?name=${encodeURIComponent(fileName)}`,
    { method: 'POST', body: file, contentType: typeof file?.type === 'string' && file.type ? file.type : 'application/octet-stream' });
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ParleyError({ code: answer?.error?.code ?? 'internal', message: answer?.error?.message ?? `the node answered ${response.status}` });
  }
  onProgress?.(1);
  return answer;
}
