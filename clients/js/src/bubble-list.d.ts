// Types of BubbleList (bubble-list.js): a Conversation's items drawn into a list element.

import type { ConversationItem } from './conversation.js';

/** What BubbleList needs of the list element and of its children (a DOM Element has it). */
export interface ListElement<E extends ChildElement> {
  readonly firstChild: E | ChildNodeLike | null;
  insertBefore(element: E, before: E | ChildNodeLike | null): unknown;
}
export interface ChildNodeLike { readonly nextSibling: ChildNodeLike | null }
export interface ChildElement extends ChildNodeLike { remove(): void }

export class BubbleList<E extends ChildElement = ChildElement> {
  constructor(list: ListElement<E>, draw: { create: () => E; fill: (element: E, item: ConversationItem) => void });
  /** Shows exactly `items`, in this order; true when anything was added, drawn again or removed. */
  render(items: readonly ConversationItem[]): boolean;
}
