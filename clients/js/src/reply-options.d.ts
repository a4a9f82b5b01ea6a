// Types of reply-options.js: the replies a customer can tap, and the bar that draws them.

/** A reply to tap: the button's words, and what is sent as the customer's message. */
export interface ReplyOption { label: string; value: string }

/** The options of the newest bot message that offers any, while the customer wrote nothing after it. */
export interface ReplyOffer { readonly seq: number; readonly options: readonly ReplyOption[] }

export class ReplyOptions {
  constructor();
  /** Forgets everything: another conversation, or a replay from its start. */
  reset(): void;
  /** A `session` frame: another session than the one followed starts afresh. */
  applySession(frame: { sessionId: string }): void;
  /** A stored `message` frame; true when what is offered changed. */
  applyMessage(frame: { seq: number; role: string; options?: readonly ReplyOption[] }): boolean;
  /** The customer wrote something not stored yet: the options go at once. */
  customerWrote(): boolean;
  /** What is offered now, or null; with a session id, null unless it is the session followed. */
  current(sessionId?: string | null): ReplyOffer | null;
}

/** What ReplyBar needs of its container (a DOM Element has it). */
export interface ReplyContainer {
  hidden: boolean;
  readonly ownerDocument: { createElement(name: string): any };
  setAttribute(name: string, value: string): void;
  replaceChildren(...nodes: any[]): void;
}

export class ReplyBar {
  /** Without `onTap`, the labels are shown read-only (staff reading along). */
  constructor(container: ReplyContainer, options?: { onTap?: ((value: string) => void) | null; label?: string });
  /** The group's accessible name. */
  label(text: string): void;
  /** Shows the offer; true when anything was drawn or removed. */
  render(offer: ReplyOffer | null): boolean;
}
