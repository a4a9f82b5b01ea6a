// The agent's workspace as data (the views agent-open.js, agent-replies.js and agent-notes.js draw
// it): which open conversations a filter asks the node for and how each reads, the saved replies a
// search finds and a reply's variables filled for a conversation, and notes in words. No DOM here,
// so node's unit tests read it as it is.

/**
 * Who answers an open conversation, as the filter offers it, and the statuses it asks the node for
 * (status=): every one but closed for anyone.
 */
export const ANSWERED_BY_FILTERS = Object.freeze([
  { value: '', label: 'Anyone', statuses: ['open', 'waiting', 'with_agent'] },
  { value: 'bot', label: 'The bot', statuses: ['open'] },
  { value: 'waiting', label: 'Waiting for a person', statuses: ['waiting'] },
  { value: 'agent', label: 'A person joined', statuses: ['with_agent'] },
]);

const OPEN_LIMIT = 100;
const VARIABLE = /\{\{\s*([a-z]+(?:\.[a-z]+)*)\s*\}\}/gi;

/** The request for the tenant's open conversations ({ answeredBy, language }: a filter's values), newest first. */
export function openConversationsPath({ answeredBy = '', language = '' } = {}) {
  const filter = ANSWERED_BY_FILTERS.find((each) => each.value === answeredBy) ?? ANSWERED_BY_FILTERS[0];
  const query = new URLSearchParams({ status: filter.statuses.join(',') });
  if (language) query.set('language', language);
  query.set('limit', String(OPEN_LIMIT));
  return `/v1/conversations?${query}`;
}

/**
 * Who answers the conversation {@code row} (a GET /v1/conversations entry), in words, as it stands
 * now: a person asked for earlier whom nobody took is in a ticket, or back with the bot.
 */
export function answeredBy(row) {
  // Nobody answers a failed-safe conversation until an admin retries it (docs/operations.md#failed-safe-sessions).
  if (row.failedSafe) return 'Failed safe: paused until an admin retries it';
  if (row.status === 'with_agent') return 'A person joined';
  if (row.status === 'waiting') return 'Waiting for a person';
  if (row.ticket) return `Ticket ${row.ticket}`;
  if (row.handoff?.askedAt) return 'With the bot';
  return 'The bot answers';
}

/** The line of an open conversation: channel, customer, language and how many messages it has. */
export function openLine(row, languageName = (tag) => tag) {
  const messages = (row.messages?.user ?? 0) + (row.messages?.bot ?? 0) + (row.messages?.agent ?? 0);
  return [row.channel, row.userId ?? 'anonymous', row.language && languageName(row.language),
    messages === 1 ? '1 message' : `${messages} messages`].filter(Boolean).join(' · ');
}

/** The saved replies whose title or body holds every word of {@code query} (case-insensitive), in their order. */
export function matchReplies(replies, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return replies.filter((reply) => {
    const text = `${reply.title}\n${reply.body}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/**
 * A saved reply's {@code body} with its variables filled from {@code values} ({ 'customer.name':
 * 'Ada', ... }); a variable without a value stays as written, for the agent to fill, and is named in
 * {@code missing}.
 */
export function fillReply(body, values) {
  const missing = [];
  const text = body.replace(VARIABLE, (written, name) => {
    const value = values[name.toLowerCase()];
    if (value === undefined || value === null || value === '') {
      if (!missing.includes(name)) missing.push(name);
      return written;
    }
    return String(value);
  });
  return { text, missing };
}

/**
 * The variables a conversation gives a saved reply: the customer's name (a fact the bot learnt, else
 * none), id and language, the agent's name, and the conversation's channel.
 */
export function replyValues(session, agentName) {
  const fact = (name) => session?.facts?.find((f) => f.name === name)?.value;
  return {
    'customer.name': fact('name') ?? fact('customer_name') ?? fact('first_name'),
    'customer.id': session?.userId ?? undefined,
    'customer.email': fact('email'),
    'conversation.language': session?.language?.tag ?? undefined,
    'conversation.channel': session?.channel,
    'agent.name': agentName,
  };
}

/** A note's heading: who wrote it, and when, in the reader's time. */
export function noteHeading(note, locale = undefined) {
  const at = new Date(note.createdAt);
  const when = Number.isNaN(at.getTime()) ? note.createdAt
    : at.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return `${note.author} · ${when}`;
}
