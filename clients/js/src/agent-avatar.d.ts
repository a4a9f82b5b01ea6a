/** Up to two initials of a person's name. */
export function initials(name: string | null | undefined): string;
/**
 * The agent's picture (alt text its name) from the node at `origin` when `picture` is a path of the
 * node's agent pictures, else, or when it fails to load, its initials; `className` on either.
 */
export function agentAvatar(doc: Document, name: string, picture: string | null | undefined, origin: string,
  className: string): HTMLElement;
