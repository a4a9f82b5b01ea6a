// The tool calls of a conversation in its admin transcript: each where it happened among the
// messages (after the messages written before the model asked for it), with its arguments, the
// approval it waited for (whose, the decision, who gave it, when) and how it ended. Only staff
// read this view; the customer's chat never shows it.

import { el } from './console-dom.js';
import { when } from './admin-time.js';

const OUTCOMES = {
  succeeded: 'succeeded', failed: 'failed', refused: 'not run: its approval was refused',
  expired: 'not run: nobody approved it in time', awaiting_approval: 'waiting for its approval',
  unfinished: 'not finished',
};
const APPROVERS = { customer: 'the customer', agent: 'an agent' };

/** How long a call took, in words: "120 ms", "3.4 s". */
const took = (ms) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** The approval's line: whose it was and what became of it. */
const approvalText = ({ approver, decision, decidedBy, reason, decidedAt, askedAt }) => {
  const asked = `Approval asked of ${APPROVERS[approver] ?? approver} ${when(askedAt)}`;
  if (decision === 'pending') return `${asked}: waiting`;
  const by = decidedBy ? ` by agent ${decidedBy}` : (decision === 'expired' ? '' : ` by ${APPROVERS[approver] ?? approver}`);
  return `${asked}: ${decision}${by} ${when(decidedAt)}${reason ? ` (“${reason}”)` : ''}`;
};

/** The list item of one tool call. */
export const toolCallItem = (call) => {
  const item = el('li', 'transcript__message transcript__tool');
  item.dataset.role = 'tool';
  item.dataset.tool = call.tool;
  item.dataset.outcome = call.outcome;
  const duration = call.durationMs == null ? '' : ` in ${took(call.durationMs)}`;
  item.append(el('p', 'transcript__who', `Tool call ${call.tool} · ${when(call.requestedAt)} · ${OUTCOMES[call.outcome] ?? call.outcome}${duration}`),
    el('p', 'transcript__text', `Arguments: ${call.arguments}`));
  if (call.approval) {
    const approval = el('p', 'transcript__approval', approvalText(call.approval));
    approval.dataset.decision = call.approval.decision;
    item.append(approval);
  }
  if (call.result) item.append(el('p', 'transcript__text', `Result: ${call.result}`));
  return item;
};

/**
 * The messages and tool calls in the order they happened: each call after the messages written
 * before (or as) the model asked for it, calls of the same moment in the order they were made.
 */
export const inOrder = (messages, toolCalls = []) => {
  const calls = [...toolCalls].sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt));
  const entries = [];
  let next = 0;
  messages.forEach((message) => {
    while (next < calls.length && Date.parse(calls[next].requestedAt) < Date.parse(message.at)) {
      entries.push({ call: calls[next] });
      next += 1;
    }
    entries.push({ message });
  });
  calls.slice(next).forEach((call) => entries.push({ call }));
  return entries;
};
