// Drives a tenant's bot through the A2A 1.0 JavaScript SDK's own client, as A2aEndToEndTest asks:
// PARLEY_A2A_BASE is the agent's base URL (with its trailing slash), PARLEY_A2A_KEY the tenant's credential, PARLEY_A2A_FOREIGN_KEY
// another tenant's. Prints one JSON object of what the agent answered; the test reads it.
import { ClientFactory } from '@a2a-js/sdk/client';
import { Role } from '@a2a-js/sdk';
import { randomUUID } from 'node:crypto';

const base = process.env.PARLEY_A2A_BASE;
const authorized = { serviceParameters: { Authorization: `Bearer ${process.env.PARLEY_A2A_KEY}` } };
const foreign = { serviceParameters: { Authorization: `Bearer ${process.env.PARLEY_A2A_FOREIGN_KEY}` } };

const client = await new ClientFactory().createFromUrl(base);
const card = await (await fetch(new URL(".well-known/agent-card.json", base))).json();

const message = (text, contextId) => ({
  message: { messageId: randomUUID(), role: Role.ROLE_USER, contextId: contextId ?? '',
    parts: [{ content: { $case: 'text', value: text } }] },
});
const texts = (parts) => parts.map((part) => part.content?.value).join('');

const first = await client.sendMessage(message('Where is my parcel?'), authorized);
const second = await client.sendMessage(message('And when will it arrive?', first.contextId), authorized);

const events = [];
for await (const event of client.sendMessageStream(message('Tell me about returns.', first.contextId), authorized)) {
  const { $case, value } = event.payload;
  events.push({ kind: $case, contextId: value.contextId,
    state: value.status?.state, text: value.artifact ? texts(value.artifact.parts) : undefined,
    append: value.append, lastChunk: value.lastChunk });
}

const refusal = async (options, contextId) => {
  try {
    await client.sendMessage(message('Hello?', contextId), options);
    return 'answered';
  } catch (error) {
    return String(error.message ?? error);
  }
};

console.log(JSON.stringify({
  card,
  first: { contextId: first.contextId, role: first.role, text: texts(first.parts) },
  second: { contextId: second.contextId, text: texts(second.parts) },
  events,
  wrongKey: await refusal({ serviceParameters: { Authorization: 'Bearer not-a-key' } }),
  foreignKey: await refusal(foreign, first.contextId),
  unknownContext: await refusal(authorized, 'no-such-context'),
}));
