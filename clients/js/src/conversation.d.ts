// Types of the conversation model of @parley/client (conversation.js): what a browser surface shows
// of one conversation, fed with the frames of docs/protocol.md.

import type { Attachment, CitationFrame, Role } from './parley-client.js';

/**
 * `queued` (not sent yet), `sent` (waiting for its ack), `failed` (the node refused it),
 * `streaming` (the answer being written), `stale` (the answer broke off), `final` (stored),
 * `local` (a line of the surface's own).
 */
export type ItemState = 'queued' | 'sent' | 'failed' | 'streaming' | 'stale' | 'final' | 'local';

export interface ToolCall { name: string; status: 'started' | 'succeeded' | 'failed'; detail: string | null }

/** What becomes one bubble; the same object (and id) from pending to stored, from streaming to final. */
export interface ConversationItem {
  readonly id: string;
  readonly role: Role;
  readonly text: string;
  /** The stored message's seq; null while pending, streaming or local. */
  readonly seq: number | null;
  /** Placed just after this seq (a broken-off answer, a local line). */
  readonly anchorSeq: number | null;
  readonly turnId: string | null;
  /** A message written here: its clientMsgId. */
  readonly clientMsgId: string | null;
  readonly at: string | null;
  readonly state: ItemState;
  /** The answer's tool calls, the latest last (at most 20). */
  readonly tools: readonly ToolCall[];
  /** A spoken answer the customer spoke over: `text` is what they heard. */
  readonly interrupted: boolean;
  /** The agent who wrote it. */
  readonly author: string | null;
  /** Where the node serves the agent's picture (a path on its origin), on an agent's message. */
  readonly authorPicture: string | null;
  readonly source: string | null;
  /** The files the message carries (its `attachments` frame, or those sent with it). */
  readonly attachments: readonly Attachment[];
  /** The articles an answer cites, as its `message` frame's `citations` (CitationLinks checks them); none for most. */
  readonly citations: readonly CitationFrame[];
  /** Grows with every change: a surface redraws the item when it differs from what it drew. */
  readonly rev: number;
}

export interface AppliedMessage {
  item: ConversationItem | null;
  /** New to this conversation (not a replay of one it has, nor the echo of one written here). */
  fresh: boolean;
  /** After the session's lastSeq when it (re)started: news, not a replay. */
  live: boolean;
}

export interface HandoffState {
  readonly status: 'bot' | 'waiting_for_agent' | 'agent';
  /** The agent's name, as the customer sees it, while one holds the conversation. */
  readonly agent: string | null;
  readonly agentId: string | null;
  /** Where the node serves the picture of the agent who holds the conversation. */
  readonly picture: string | null;
  /** The customer's place in the agent queue while a person is asked for. */
  readonly queue: { readonly position: number; readonly expectedWaitMinutes: number | null } | null;
  /** Back with the bot after an agent held it. */
  readonly handedBack: boolean;
}

export interface RatingState {
  readonly state: 'unrated' | 'sending' | 'rated';
  readonly score: number | null;
  readonly comment: string | null;
  readonly at: string | null;
  /** Why the last rating was refused. */
  readonly error: string | null;
}

export class Conversation {
  constructor();
  readonly sessionId: string | null;
  readonly lastSeq: number | null;
  readonly handoff: HandoffState;
  readonly rating: RatingState;
  /** Set once the session ended. */
  readonly closed: { reason: string | null } | null;

  /** Forgets everything: another conversation starts. */
  reset(): void;
  /** Forgets the history, keeping messages written here that are not stored yet. */
  resetHistory(): void;
  /** Returns true when it is another session than the one shown, which then starts afresh. */
  applySession(frame: { sessionId: string; lastSeq?: number }): boolean;
  applyClosed(event?: { reason?: string | null }): void;

  applyMessage(frame: {
    seq: number; role: Role; text: string; turnId?: string | null; at?: string | null; interrupted?: boolean;
    author?: string | null; source?: string | null; authorPicture?: string | null; citations?: readonly CitationFrame[] | null;
  }): AppliedMessage;
  applyInterrupted(frame: { turnId: string; seq: number; text: string }): ConversationItem | null;

  addPending(clientMsgId: string, text: string,
    options?: { role?: Role; author?: string | null; state?: 'queued' | 'sent'; attachments?: readonly Attachment[] }): ConversationItem;
  /** The files the message at `seq` carries; null when that message is not shown. */
  applyAttachments(frame: { seq: number; attachments: readonly Attachment[] }): ConversationItem | null;
  setConnected(connected: boolean): void;
  applyAck(ack: { clientMsgId: string; seq: number }): ConversationItem | null;
  fail(clientMsgId: string): void;
  /** Every message not stored yet shows as refused (an error that names no message); an ack still stores one. */
  failPending(): void;
  /** Takes a failed message out, to be sent again; its text, or null. */
  takeFailed(clientMsgId: string): string | null;
  discard(clientMsgId: string): void;

  applyTyping(frame: { turnId: string }): ConversationItem | null;
  applyDelta(frame: { turnId: string; text: string }): ConversationItem | null;
  applyTool(frame: { turnId: string; name: string; status: ToolCall['status']; detail?: string | null }): ConversationItem | null;
  abandonTurns(): void;
  connectionLost(): void;

  addLocal(role: Role, text: string, source?: string | null): ConversationItem;

  applyHandoff(frame: { status: HandoffState['status']; agent?: string | null; agentId?: string | null; picture?: string | null }): HandoffState;
  applyQueue(frame: { position: number; expectedWaitMinutes?: number | null }): HandoffState;

  /** False when the conversation is rated already or a rating is being sent. */
  startRating(rating: { score: number; comment?: string | null }): boolean;
  applyRated(rating: { score: number; comment?: string | null; at?: string | null }): RatingState;
  ratingRefused(error: { code: string; message?: string }): RatingState;

  /** Stored messages by seq, anchored lines after their seq, then the rest in the order they appeared. */
  ordered(): ConversationItem[];
}
