// The node's chat page's approvals (docs/protocol.md#approvals): the client library's ApprovalCards
// (approval-cards.js: which card shows, goes, and what an answer does) in the page's markup.

import { ApprovalCards } from '/client/approval-cards.js';
import { drawForm } from '/client/approval-form.js';

/**
 * The tool calls that wait for the customer's approval (`approval` frames): one card each, with
 * what will be done in plain words and confirm / cancel, which answer with `approve`, with the fields of
 * a form the call's server asks the customer to fill in (approval-form.js); and those that
 * wait for a team member (`agentApproval` frames): a line saying what waits, with nothing to press.
 * `box`: where the cards go; `t` words them in the page's language; `el(tag, className, text)` makes an element.
 */
export function pageApprovalCards(box, { t, el }) {
  return new ApprovalCards(box, {
    t,
    waiting(frame) {
      const line = el('p', 'approval approval--waiting', t('approvalWaiting', { summary: frame.summary }));
      line.dataset.approvalId = frame.approvalId;
      line.setAttribute('role', 'status');
      return line;
    },
    asking(frame) {
      const card = el('section', 'approval');
      card.dataset.approvalId = frame.approvalId;
      card.setAttribute('role', 'group');
      card.setAttribute('aria-label', t('approval'));
      const actions = el('div', 'approval__actions');
      const confirm = el('button', 'button button--primary approval__confirm', t('confirm'));
      const cancel = el('button', 'button button--ghost approval__cancel', t('cancel'));
      const status = el('p', 'approval__status');
      const fields = el('div', 'approval__fields');
      status.setAttribute('role', 'status');
      confirm.type = 'button';
      cancel.type = 'button';
      actions.append(confirm, cancel);
      card.append(el('p', 'approval__title', t(frame.form ? 'formAsk' : 'approvalAsk')),
        el('p', 'approval__summary', frame.summary), fields, actions, status);
      return { card, confirm, cancel, status, fields };
    },
    form: (frame) => drawForm(frame.form, t, frame.approvalId),
  });
}
