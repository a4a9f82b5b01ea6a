// Files in a conversation (docs/attachments.md): the ids a message carries and its text; their
// upload to the session is ParleyClient's upload() (session-requests.js).

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

/** The text of a message that carries files: what the customer wrote, else the files' names. */
export function messageText(text, attachments) {
  const written = typeof text === 'string' ? text.trim() : '';
  return written || (Array.isArray(attachments) ? attachments : []).map((a) => a?.name).filter(Boolean).join(', ');
}
