// ParleyClient.approve() and the `approval` event: a tool call that waits for the customer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeWithClient, joined } from './fake-node.mjs';

const PENDING = {
  type: 'approval', approvalId: 'ap-1', tool: 'cancel_order', status: 'pending',
  summary: 'Cancel one of the customer\'s orders (order: A-1042)', arguments: { order: 'A-1042' },
  expiresAt: '2025-01-01T10:10:00Z',
};

test('an approval is an event, and approve() answers it over the socket', async () => {
  const { node, client } = nodeWithClient();
  const socket = await joined(node, client);
  const events = [];
  client.on('approval', (frame) => events.push(frame));
  socket.receive(PENDING);
  assert.deepEqual(events, [PENDING]);

  assert.equal(client.approve('ap-1', true), true);
  assert.equal(client.approve('ap-2', false, '  not now  '), true);
  assert.equal(client.approve('ap-3', true, 'ignored when approving'), true);
  assert.deepEqual(socket.frames('approve'), [
    { type: 'approve', approvalId: 'ap-1', approved: true },
    { type: 'approve', approvalId: 'ap-2', approved: false, reason: 'not now' },
    { type: 'approve', approvalId: 'ap-3', approved: true },
  ]);
});

test('approve() needs the approval id and a decision', async () => {
  const { node, client } = nodeWithClient();
  await joined(node, client);
  assert.throws(() => client.approve('', true), TypeError);
  assert.throws(() => client.approve('ap-1', 'yes'), TypeError);
});

test('nothing is sent before the session is joined', () => {
  const { node, client } = nodeWithClient();
  assert.equal(client.approve('ap-1', true), false);
});
