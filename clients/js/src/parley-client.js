// @parley/client: the client of Parley's chat protocol v1 (docs/protocol.md), for browsers and
// Node.js 20+. ES modules, no dependency, no build step. The session's client (session-client.js);
// what a browser shows of a conversation is the model of conversation.js, drawn by bubble-list.js,
// in the words of texts.js; with the prompt for a contact (contact-prompt.js), the replies to tap
// (reply-options.js), the files of a message (attachments.js) and an agent's face
// (agent-avatar.js).

export * from './session-client.js';
export { tokenExpiry } from './session-token.js';
export { MAX_ATTACHMENTS, attachmentIds } from './attachments.js';
export { agentAvatar } from './agent-avatar.js';
export { BubbleList } from './bubble-list.js';
export { PaintSchedule } from './paint-schedule.js';
export { CitationLinks, citationsOf } from './citations.js';
export { Conversation } from './conversation.js';
export { ContactPrompt, checkEmail, contactStep, contactWanted } from './contact-prompt.js';
export { ReplyOptions, ReplyBar } from './reply-options.js';
export { Texts, chooseLanguage, counted, directionOf, RIGHT_TO_LEFT } from './texts.js';
