// Tickets as the agent and admin consoles show them (tickets-view.js draws them): which ones a
// filter asks the node for, each ticket's line, what its history says in words, and the
// conversation that opened it. No DOM here, so node's unit tests read it as it is.

export const STATUS_FILTERS = Object.freeze([
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'closed', label: 'Closed' },
  { value: '', label: 'Any status' },
]);

export const ASSIGNEE_FILTERS = Object.freeze([
  { value: '', label: 'Anyone or nobody' },
  { value: 'me', label: 'Mine' },
  { value: 'unassigned', label: 'Unassigned' },
]);

const LIST_LIMIT = 200;
const ROLES = { user: 'Customer', assistant: 'Bot', tool: 'Tool call', system: 'Notice', agent: 'Agent' };
const capital = (word) => word.charAt(0).toUpperCase() + word.slice(1);

/** The request for the tickets a filter shows ({ status, assignee }: values of the lists above), newest first. */
export function ticketsPath({ status = '', assignee = '' } = {}) {
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (assignee) query.set('assignee', assignee);
  query.set('limit', String(LIST_LIMIT));
  return `/v1/tickets?${query}`;
}

/** The path of one ticket, by its id as the node gives it (T-1042). */
export const ticketPath = (id) => `/v1/tickets/${encodeURIComponent(id)}`;

/** Whom a ticket is assigned to, in words: "You" when it is {@code self} (the console's agent id, if known). */
export function assigneeText(assignee, self) {
  if (!assignee) return 'Nobody';
  if (self && assignee === self) return 'You';
  return assignee.startsWith('key:') ? `API key "${assignee.slice('key:'.length)}"` : assignee;
}

/** The change of status a ticket's button makes: an open one is closed, a closed or resolved one opened again. */
export function statusChange(ticket) {
  return ['closed', 'resolved'].includes(ticket.status)
    ? { status: 'open', label: 'Reopen' }
    : { status: 'closed', label: 'Close' };
}

/** Can {@code self} take this ticket: not while it is theirs already. */
export const canAssignTo = (ticket, self) => !self || ticket.assignee !== self;

/** A ticket's cells in the list: id, subject, status, priority, created (the viewer's local time), assignee. */
export function ticketCells(ticket, self) {
  return [ticket.id, ticket.subject, capital(ticket.status), capital(ticket.priority),
    new Date(ticket.createdAt).toLocaleString(), assigneeText(ticket.assignee, self)];
}

/** Each entry of a ticket's history in words, oldest first. */
export function historyLines(history, self) {
  return (history ?? []).map((change) => {
    const parts = [];
    if (change.action === 'created') {
      parts.push(`Opened, ${change.statusTo ?? 'open'}, priority ${change.priorityTo ?? 'normal'}`);
    } else {
      if (change.statusTo) parts.push(`Status ${change.statusFrom} → ${change.statusTo}`);
      if (change.priorityTo) parts.push(`Priority ${change.priorityFrom} → ${change.priorityTo}`);
      if (change.assignedTo) parts.push(`Assigned to ${assigneeText(change.assignedTo, self).replace(/^You$/, 'you')}`);
      if (change.note) parts.push(`Note: ${change.note}`);
    }
    return { at: change.at, text: parts.join('; ') };
  });
}

const LANGUAGES = new Intl.DisplayNames(['en'], { type: 'language' });
/** A language tag as staff read it, "German (de)". */
const languageText = (tag) => {
  try {
    return `${LANGUAGES.of(tag) ?? tag} (${tag})`;
  } catch {
    return tag;
  }
};

/**
 * What staff read under an agent's message sent translated ({@code translation}: what the agent
 * wrote, in which language, into which): the note, and the agent's own words when the customer read
 * others. Null for a message sent as it was written.
 */
export function translationNote(text, translation) {
  if (!translation) return null;
  const { original, from, to } = translation;
  if (original === text) {
    return { note: `Not translated into ${languageText(to)} (the model failed): the customer read the agent's words as written.` };
  }
  return { note: `Machine translation into ${languageText(to)} of the agent's words in ${languageText(from)}:`, original, from };
}

/** The conversation's messages as the ticket shows them: who said it, and what; an agent's translated reply with what they wrote. */
export function transcriptLines(conversation) {
  return (conversation?.messages ?? []).map((message) => ({
    role: message.role,
    who: message.role === 'agent' && message.author ? `Agent ${message.author}` : ROLES[message.role] ?? message.role,
    at: message.at,
    text: message.text,
    lang: message.translation?.to,
    translation: translationNote(message.text, message.translation),
  }));
}

/**
 * What the customer read of each reply the ticket keeps as its agent wrote it, by the reply's text:
 * the conversation's message sent translated from those words, in the language it was sent in.
 */
export function readByCustomer(conversation) {
  const read = new Map();
  (conversation?.messages ?? []).forEach((message) => {
    const { translation } = message;
    if (message.role === 'agent' && translation && translation.original !== message.text) {
      read.set(translation.original, { text: message.text, lang: translation.to,
        note: `The customer read it in ${languageText(translation.to)}, as the model translated it:` });
    }
  });
  return read;
}

/** Where staff reply to a ticket (the reply goes into its conversation, and by email when it can). */
export const repliesPath = (id) => `${ticketPath(id)}/replies`;

/** What the ticket knows of the customer's contact, in words (the address itself is never shown). */
export function contactText(ticket) {
  if (!ticket.sessionId) return 'Opened through the API: replies cannot reach a customer.';
  return ticket.contact === 'email'
    ? 'The customer left an email address: replies go to the conversation and by email.'
    : 'No email address: replies wait in the conversation for the customer to come back.';
}

const MAIL = {
  none: () => '',
  pending: (reply) => (reply.lastError ? `email not sent yet, retrying (${reply.lastError})` : 'email being sent'),
  sent: () => 'emailed',
  failed: (reply) => `email failed: ${reply.lastError ?? 'unknown error'}`,
};

/** Each reply, oldest first: who wrote it, when, what, and where it got to. */
export function replyLines(replies) {
  return (replies ?? []).map((reply) => {
    const where = [reply.inConversation ? 'in the conversation' : 'not in the conversation yet',
      (MAIL[reply.mail] ?? MAIL.none)(reply)].filter(Boolean).join(' · ');
    return { seq: reply.seq, who: reply.authorName, at: reply.createdAt, text: reply.text, where,
      failed: reply.mail === 'failed' };
  });
}
