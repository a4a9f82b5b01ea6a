// Types of @parley/client, the client of Parley's chat protocol v1 (docs/protocol.md).

export * from './agent-avatar.js';
export * from './bubble-list.js';
export * from './paint-schedule.js';
export * from './citations.js';
export * from './conversation.js';
export * from './contact-prompt.js';
export * from './reply-options.js';
import type { ReplyOption } from './reply-options.js';
export * from './texts.js';

export type Role = 'user' | 'assistant' | 'agent' | 'tool' | 'system';
export type ClientState = 'idle' | 'connecting' | 'open' | 'offline' | 'closed';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What the client needs of a WebSocket constructor (browsers', Node.js 20's, or the `ws` package's). */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: any }) => void) | null;
  onclose: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface ParleyClientOptions {
  /** The node's origin, e.g. "https://support.acme.example"; ws:// or wss:// is derived. Default: the page's origin. */
  baseUrl?: string;
  tenant?: string;
  /** The tenant's publishable key for anonymous chat (sent as ?key=). */
  publishableKey?: string;
  /** A signed token (or an API key), sent in the `bearer.` subprotocol. */
  token?: string;
  /** Gives a token; called again shortly before the current one's `exp`, and after a socket that never opened. */
  tokenProvider?: () => string | Promise<string>;
  /**
   * Signed in with the node's sign-in cookie instead (a page of the node's own origin, e.g. the admin
   * console): the socket's upgrade and REST requests carry the cookie, and a change sends this CSRF
   * token (`GET /v1/auth/session` names it) as `X-Csrf-Token`.
   */
  csrfToken?: string;
  /** Fields of `start` for a new session. */
  userId?: string;
  channel?: 'chat' | 'voice';
  /** A new session runs on the tenant's draft bot configuration; the credential must be an admin's. */
  draft?: boolean;
  /** A new session's language (a BCP 47 tag), sent in `start` (docs/languages.md). */
  language?: string;
  /** Holds the session id, the last seq and the unacked outbox. Default: localStorage, else memory. */
  storage?: StorageLike;
  /** Default `parley:<tenant>` (`parley:default` without a tenant). */
  storageKey?: string;
  WebSocket?: WebSocketConstructor;
  /** For rate() over REST. Default: the global fetch. */
  fetch?: (url: string, init: { method: string; headers: Record<string, string>; body: string; credentials: 'omit' | 'same-origin' }) => Promise<FetchResponseLike>;
  /** Default "/v1/chat/ws"; the agent console's is "/v1/agent/ws" (with `start: false`). */
  path?: string;
  /** Resume the stored session on connect. Default true. */
  resume?: boolean;
  /** A new client asks for the whole conversation on its first start. Default true; false resumes after the stored lastSeq. */
  replay?: boolean;
  /**
   * No session until there is something to say: connect() without a stored session opens no socket
   * (state `idle`, resolving with null), and the first send() starts the session. Default false.
   */
  startOnSend?: boolean;
  /** Send `start` when the socket opens. Default true; false for a socket without sessions (the agent socket). */
  start?: boolean;
  /** More query parameters of the socket's URL (the agent socket's `name` and `phone`). */
  query?: Record<string, string | undefined>;
  /** Reconnect delays: initialMs doubling to maxMs, jittered. Default 500 and 15000. */
  backoff?: { initialMs?: number; maxMs?: number };
  pingIntervalMs?: number;
}

export interface SessionFrame {
  type: 'session';
  sessionId: string;
  resumed: boolean;
  lastSeq: number;
  mode: 'llm' | 'offline';
  status: 'open' | 'closed' | 'archived';
  voice: boolean;
  /** The conversation's language (a BCP 47 tag), absent until the node decides one. */
  language?: string;
}

export interface MessageFrame {
  type: 'message';
  seq: number;
  role: Role;
  text: string;
  turnId: string | null;
  at: string;
  interrupted?: boolean;
  author?: string;
  /** `greeting`: the bot's configured greeting, a new chat conversation's first message (turn `greeting`). */
  source?: 'llm' | 'offline' | 'cache' | 'greeting';
  /** Replies the customer can tap (a bot message's, at most 10): send `value` as a message; gone once the customer writes. */
  options?: ReplyOption[];
  /** The help articles an answer was built on and cites (its text cites each as `[ref]`). */
  citations?: CitationFrame[];
}

/** An article an answer cites; `url` only when it has one (http or https). */
export interface CitationFrame { ref: number; documentId: string; title: string; url?: string; passage: string; language?: string }

export interface DeltaFrame { type: 'delta'; turnId: string; text: string }
export interface TypingFrame { type: 'typing'; turnId: string }
export interface ToolFrame { type: 'tool'; turnId: string; name: string; status: 'started' | 'succeeded' | 'failed'; detail?: string }
export interface HandoffFrame { type: 'handoff'; status: 'bot' | 'waiting_for_agent' | 'agent'; agent?: string }
export interface QueueFrame { type: 'queue'; position: number; expectedWaitMinutes: number }
export interface ComposingFrame { type: 'composing'; role: 'agent'; author?: string }
export interface InterruptedFrame { type: 'interrupted'; turnId: string; seq: number; text: string }
/** The node decided the conversation's language, or another (a BCP 47 tag). */
export interface LanguageFrame { type: 'language'; language: string }

export interface VoiceFrame { type: 'voice'; state: 'started' | 'stopped'; sampleRate?: number; reason?: string }
export interface TranscriptFrame { type: 'transcript'; text: string; final: boolean; confidence: number }
export interface RatedFrame { type: 'rated'; score: number; comment?: string; at: string }
/**
 * A tool call that waits for the customer's approval (`pending`: show `summary` with confirm and
 * cancel, answer with approve()), or its decision (`approved`, `refused` with `reason`, `expired`).
 */
export interface ApprovalFrame {
  type: 'approval';
  approvalId: string;
  tool: string;
  summary: string;
  arguments: Record<string, unknown>;
  status: 'pending' | 'approved' | 'refused' | 'expired';
  expiresAt: string;
  reason?: string;
  /** A form the call's server asks the customer to fill in: approve() with its answers. */
  form?: ApprovalForm;
}
/** One field of an approval's form, as the node checks its answer. */
export interface ApprovalFormField {
  name: string;
  label: string;
  description?: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'choice';
  required: boolean;
  options?: { value: string; label: string }[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: 'email' | 'uri' | 'date' | 'date-time';
}
export interface ApprovalForm { question: string; fields: ApprovalFormField[] }
/**
 * A tool call that waits for a team member's approval (`pending`: tell the customer what waits,
 * in words; they have nothing to answer), or its decision (`approved`, `refused`, `expired`).
 */
export interface AgentApprovalFrame {
  type: 'agentApproval';
  approvalId: string;
  tool: string;
  summary: string;
  status: 'pending' | 'approved' | 'refused' | 'expired';
  expiresAt: string;
}
export interface SpeakingFrame { type: 'speaking'; state: 'start' | 'stop'; turnId: string; reason?: string }

export type ErrorCode =
  | 'bad_request' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'rate_limited'
  | 'budget_exceeded' | 'too_large' | 'injection_refused' | 'unavailable' | 'internal';

export interface ErrorEvent {
  code: ErrorCode | string;
  message: string;
  retryAfterMs?: number;
  /** The refused message, when the error answers a `user` frame. */
  clientMsgId?: string;
  /** The type of the refused frame (`context`, `rate`, `voice`, ...), when the error answers another frame. */
  refused?: string;
  /** True when the client sends that message again by itself after retryAfterMs. */
  retrying?: boolean;
}

/** What the client needs of fetch's answer. */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  json(): Promise<any>;
}

/** A conversation's rating: 1 to 5, with the customer's comment if they wrote one. */
export interface Rating { score: number; comment?: string }
export interface RatedEvent { score: number; comment?: string; at: string }

export interface AckEvent { clientMsgId: string; seq: number; turnId: string }
export interface StateEvent { state: ClientState; retryInMs?: number; error?: string }
export interface ClosedEvent { reason: string | null }
export interface ResetEvent { reason: 'not_found' | 'resume_refused' | 'session_lost' | 'switched' }
export interface OutboxEntry { clientMsgId: string; text: string; attachments?: string[] }

/** A file of the conversation, as upload() resolves it and the `attachments` frame lists it. */
export interface Attachment {
  attachmentId: string;
  /** As the node detected it from the content: image/jpeg, image/png, image/webp, image/gif, application/pdf or text/plain. */
  contentType: string;
  size: number;
  name: string;
  /** The path to read it from, with the same credential. */
  url: string;
}

/** The message at `seq` carries these files. */
export interface AttachmentsFrame { type: 'attachments'; seq: number; attachments: Attachment[] }

export interface UploadOptions {
  /** The file's name; the File's own by default. */
  name?: string;
  /** The session to add it to; this client's by default. */
  sessionId?: string;
  /** 0 when the upload starts, 1 once the node stored the file. */
  onProgress?: (fraction: number) => void;
}

/** At most this many files in one message. */
export const MAX_ATTACHMENTS: number;
/** The ids of attachments (ids or uploads), at most MAX_ATTACHMENTS, without repeats. */
export function attachmentIds(attachments: Array<string | Attachment> | undefined): string[];

/** A frame of the server, as it came. */
export interface ServerFrame { type: string; [field: string]: unknown }

export interface ParleyEvents {
  state: StateEvent;
  session: SessionFrame;
  message: MessageFrame;
  delta: DeltaFrame;
  typing: TypingFrame;
  tool: ToolFrame;
  handoff: HandoffFrame;
  queue: QueueFrame;
  composing: ComposingFrame;
  /** The node decided the conversation's language, or another. */
  language: LanguageFrame;
  interrupted: InterruptedFrame;
  voice: VoiceFrame;
  transcript: TranscriptFrame;
  speaking: SpeakingFrame;
  /** The conversation was rated (by this client or another connection of the session). */
  rated: RatedFrame;
  /** A message carries files (after the message, and after each replayed one). */
  attachments: AttachmentsFrame;
  /** A tool call waits for the customer's approval, or its approval was decided. */
  approval: ApprovalFrame;
  /** A tool call waits for a team member's approval, or that approval was decided. */
  agentApproval: AgentApprovalFrame;
  ack: AckEvent;
  error: ErrorEvent;
  closed: ClosedEvent;
  /** The messages seen so far are void (the session changed or is replayed from its start): render afresh. */
  reset: ResetEvent;
  /** A new token came from the token provider. */
  token: { expiresAt: number | null };
  audio: ArrayBuffer;
  frame: ServerFrame;
}

export class ParleyError extends Error {
  code: ErrorCode | string;
  retryAfterMs?: number;
  clientMsgId?: string;
}

export class ParleyClient {
  constructor(options?: ParleyClientOptions);
  readonly sessionId: string | null;
  readonly lastSeq: number | null;
  readonly state: ClientState;
  readonly mode: 'llm' | 'offline' | null;
  readonly storageKey: string;
  /** The session's messages seen so far, by seq. */
  readonly messages: MessageFrame[];
  /** Unacked messages, in send order. */
  readonly outbox: OutboxEntry[];

  on<K extends keyof ParleyEvents>(type: K, fn: (event: ParleyEvents[K]) => void): () => void;
  on(type: string, fn: (event: ServerFrame) => void): () => void;
  off<K extends keyof ParleyEvents>(type: K, fn: (event: ParleyEvents[K]) => void): void;
  off(type: string, fn: (event: ServerFrame) => void): void;

  /** Resolves with the session frame (with `start: false`, the node's first frame; with `startOnSend` and no session yet, null). */
  connect(): Promise<SessionFrame | null>;
  /** With `startOnSend`: starts the session now, without a message (voice, where the customer speaks first). */
  startSession(): Promise<SessionFrame | null>;
  /** `attachments`: files uploaded to the session first (upload()), at most MAX_ATTACHMENTS. */
  send(text: string, options?: { attachments?: Array<string | Attachment> }):
    { clientMsgId: string; acked: Promise<{ seq: number; turnId: string }> };
  /**
   * Uploads a file to the session (POST /v1/sessions/{id}/attachments); rejects with a ParleyError
   * whose code is `unsupported_media_type` (415) or `too_large` (413) when the node refuses it.
   */
  upload(file: Blob | ArrayBuffer | Uint8Array, options?: UploadOptions): Promise<Attachment>;
  /**
   * Rates a conversation: over the socket for the session this client is in while connected, else
   * (a closed conversation whose id the caller kept) over REST. Rejects with a RangeError for a
   * score that is not 1 to 5, with a ParleyError when the node refuses (`conflict`: rated already).
   */
  rate(rating: Rating, sessionId?: string): Promise<RatedEvent>;
  /** The language the node decided for the session (GET /v1/sessions/{id}), or null. */
  language(sessionId?: string): Promise<string | null>;
  /**
   * Approves (true) or refuses (false, for `reason`) the tool call of an `approval` frame; returns
   * whether the `approve` frame was sent. A frame with a `form` is approved with `answers`, its fields'
   * values. Throws a TypeError without an approvalId or a boolean.
   */
  approve(approvalId: string, approved: boolean, reason?: string,
    answers?: Record<string, string | number | boolean>): boolean;
  sendFrame(frame: { type: string; [field: string]: unknown }): boolean;
  sendBinary(data: ArrayBuffer | ArrayBufferView): boolean;
  close(reason?: string): Promise<void>;
  disconnect(): void;
  newConversation(reason?: string): Promise<void>;
  resumeSession(sessionId: string): void;
}

export function backoffDelayMs(attempt: number, backoff?: { initialMs?: number; maxMs?: number }, random?: () => number): number;
export function newClientMsgId(): string;
export function tokenExpiry(token: string): number | null;
