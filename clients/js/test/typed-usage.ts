// Compiled by `tsc --noEmit` (types.test.mjs): the declarations describe what a typed caller writes.
import { ParleyClient, ParleyError, backoffDelayMs, type MessageFrame, type SessionFrame } from '../src/parley-client.js';

const client = new ParleyClient({
  baseUrl: 'https://support.acme.example',
  tenant: 'acme',
  tokenProvider: async () => 'header.payload.signature',
  storageKey: 'parley:acme',
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
  const session: SessionFrame = await client.connect();
  const { clientMsgId, acked } = client.send('Where is my order?');
  try {
    const { seq, turnId } = await acked;
    return seq + turnId.length + clientMsgId.length + session.lastSeq;
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
