import type { Texts } from './texts.js';

export interface CheckedEmail {
  ok: boolean;
  email?: string | null;
}

export function checkEmail(raw: unknown): CheckedEmail;
export function contactStep(turnId: string | null | undefined): 'ask' | 'noted' | null;
export function contactWanted(messages: ReadonlyArray<{ turnId?: string | null }> | null | undefined): boolean;

export interface ContactClient {
  on(type: string, listener: (frame: any) => void): () => void;
  sendFrame(frame: object): boolean;
}

export class ContactPrompt {
  constructor(texts: Texts, options?: { doc?: Document; idPrefix?: string });
  readonly box: HTMLFormElement;
  applyTexts(texts?: Texts): void;
  follow(client: ContactClient): () => void;
  leave(client: ContactClient, typed: string): boolean;
  show(): void;
  hide(): void;
}
