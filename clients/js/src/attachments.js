// Files in a conversation (docs/attachments.md): uploading one to the session, and the ids a
// message carries. The node decides a file's type from its content and answers 415 or 413 with
// the reason; this module passes those on as ParleyErrors, never guessing the type itself.

// Only used once a request failed, long after both modules loaded: the import cycle is harmless.
import { ParleyError } from './session-client.js';

/** At most this many files in one message, as the node takes them. */
export const MAX_ATTACHMENTS = 10;

/** The ids of `attachments` (ids, or attachments as upload() resolved them), at most MAX_ATTACHMENTS, without repeats. */
export function attachmentIds(attachments) {
  const ids = (Array.isArray(attachments) ? attachments : [])
    .map((a) => (typeof a === 'string' ? a : a?.attachmentId))
    .filter((id) => typeof id === 'string' && id);
  const unique = [...new Set(ids)];
  if (unique.length > MAX_ATTACHMENTS) throw new RangeError(`a message carries at most ${MAX_ATTACHMENTS} files`);
  return unique;
}

/** An outbox entry as it is kept and sent: its `attachments` only when it has some. */
export function outboxEntry({ clientMsgId, text, attachments }) {
  const ids = Array.isArray(attachments) ? attachments.filter((id) => typeof id === 'string') : [];
  return ids.length ? { clientMsgId, text, attachments: ids } : { clientMsgId, text };
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

/** The text of a message that carries files: what the customer wrote, else the files' names. */
export function messageText(text, attachments) {
  const written = typeof text === 'string' ? text.trim() : '';
  return written || (Array.isArray(attachments) ? attachments : []).map((a) => a?.name).filter(Boolean).join(', ');
}
