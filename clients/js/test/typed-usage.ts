// Compiled by `tsc --noEmit` (types.test.mjs): the declarations describe what a typed caller writes.
import {
  Conversation, ParleyClient, ParleyError, Texts, backoffDelayMs, chooseLanguage, counted, directionOf, type ConversationItem,
  type MessageFrame, type SessionFrame,
} from '../src/parley-client.js';

const client = new ParleyClient({
  baseUrl: 'https://support.acme.example',
  tenant: 'acme',
  tokenProvider: async () => 'header.payload.signature',
  storageKey: 'parley:acme',
  startOnSend: true,
  backoff: { initialMs: 250, maxMs: 10000 },
});

const shown: MessageFrame[] = [];
const unsubscribe: () => void = client.on('message', (message) => {
  const role: 'user' | 'assistant' | 'agent' | 'tool' | 'system' = message.role;
  if (role !== 'tool') shown.push(message);
});
client.on('delta', (delta) => console.log(delta.turnId, delta.text.length));
client.on('state', ({ state, retryInMs }) => console.log(state, retryInMs ?? 0));
client.on('error', ({ code, retryAfterMs, clientMsgId }) => console.log(code, retryAfterMs, clientMsgId));
client.on('queue', ({ position, expectedWaitMinutes }) => console.log(position * expectedWaitMinutes));
client.on('audio', (audio: ArrayBuffer) => console.log(audio.byteLength));
client.on('frame', (frame) => console.log(frame.type));
unsubscribe();

async function chat(): Promise<number> {
  const session: SessionFrame | null = await client.connect();
  const spoken: SessionFrame | null = await client.startSession();
  const { clientMsgId, acked } = client.send('Where is my order?');
  try {
    const { seq, turnId } = await acked;
    return seq + turnId.length + clientMsgId.length + (session?.lastSeq ?? 0) + (spoken?.lastSeq ?? 0);
  } catch (refused) {
    if (refused instanceof ParleyError) return refused.retryAfterMs ?? -1;
    throw refused;
  } finally {
    client.sendFrame({ type: 'composing' });
    client.sendBinary(new ArrayBuffer(640));
    await client.close('done');
  }
}

const delay: number = backoffDelayMs(3, { maxMs: 5000 });
void chat().then((n) => n + delay + (client.lastSeq ?? 0) + client.messages.length + client.outbox.length);

// The conversation a page shows, fed with the client's events, and its rating.
const conversation = new Conversation();
client.on('session', (frame) => conversation.applySession(frame));
client.on('session', (frame) => (frame.language ?? 'not decided').length);
client.on('language', (frame) => frame.language.length);
client.on('message', (frame) => {
  const { item, live } = conversation.applyMessage(frame);
  if (item && live && item.role !== 'user') console.log(item.text);
});
client.on('ack', (ack) => conversation.applyAck(ack));
client.on('delta', (delta) => conversation.applyDelta(delta));
client.on('tool', (tool) => conversation.applyTool(tool));
client.on('interrupted', (cut) => conversation.applyInterrupted(cut));
client.on('handoff', (handoff) => {
  const { status, agent, queue } = conversation.applyHandoff(handoff);
  console.log(status, agent ?? '', queue?.position ?? 0);
});
client.on('queue', (queue) => conversation.applyQueue(queue));
client.on('rated', (rated) => conversation.applyRated(rated));
client.on('approval', (approval) => {
  const what: string = `${approval.tool}: ${approval.summary} (${approval.status}, until ${approval.expiresAt})`;
  if (approval.status === 'pending' && what) client.approve(approval.approvalId, false, approval.reason ?? 'not now');
});
client.on('agentApproval', (waiting) => {
  const line: string = `${waiting.summary} (${waiting.status === 'pending' ? 'waits' : waiting.status}, until ${waiting.expiresAt})`;
  console.log(waiting.approvalId, waiting.tool, line);
});
client.on('closed', (closed) => conversation.applyClosed(closed));
const pending: ConversationItem = conversation.addPending(client.send('Hello').clientMsgId, 'Hello', { state: 'sent' });
const bubbles: string[] = conversation.ordered().map((item) => `${item.id} ${item.state} ${item.tools.length}`);

async function rate(sessionId: string): Promise<string> {
  if (!conversation.startRating({ score: 4, comment: 'Quick' })) return conversation.rating.state;
  try {
    const { score, comment, at } = await client.rate({ score: 4, comment: 'Quick' }, sessionId);
    return `${conversation.applyRated({ score, comment, at }).score}`;
  } catch (refused) {
    if (refused instanceof ParleyError) return conversation.ratingRefused(refused).error ?? '';
    throw refused;
  }
}
void rate(pending.id).then((said) => said + bubbles.length);

// The chat's words in the conversation's language, and the language the node decided.
const texts = new Texts(chooseLanguage('pt_br', navigator.language), { queue: 'Você é o número {position} na fila.' });
const line: string = texts.get('queue', { position: 2 }) + texts.time(new Date());
const direction: 'rtl' | 'ltr' = directionOf(texts.language) === texts.dir ? texts.dir : 'ltr';
texts.apply(document);
const waiting: string = counted(2, { one: '{count} Person wartet', other: '{count} Personen warten' }, texts.language);
void new ParleyClient({ baseUrl: 'http://127.0.0.1:8080', language: texts.language }).language().then((tag) => `${line}${direction}${waiting}${tag ?? ''}`);
