// The node's chat page's approvals (docs/protocol.md#approvals), apart from the page's other parts.

/**
 * The tool calls that wait for the customer's approval (`approval` frames, docs/protocol.md#approvals):
 * one card each, with what will be done in plain words and confirm / cancel, which answer with
 * `approve`; and those that wait for a team member (`agentApproval` frames): a line saying what
 * waits, with nothing to press. A card or line goes when its approval is decided (here, in another
 * tab, or by its expiry); one asked again after a reconnect is not shown twice.
 */
export class ApprovalCards {
  /** `box`: where the cards go; `t` words them in the page's language; `el(tag, className, text)` makes an element. */
  constructor(box, protocol, { t, el }) {
    this.box = box;
    this.protocol = protocol;
    this.t = t;
    this.el = el;
    this.cards = new Map();
  }

  /** Whether the frame needs no new card: its approval was decided (its card goes) or is shown already. */
  settled(frame) {
    if (frame.status === 'pending') return this.cards.has(frame.approvalId);
    this.cards.get(frame.approvalId)?.remove();
    this.cards.delete(frame.approvalId);
    return true;
  }

  onWaiting(frame) {
    if (this.settled(frame)) return;
    const { t, el } = this;
    const line = el('p', 'approval approval--waiting', t('approvalWaiting', { summary: frame.summary }));
    line.dataset.approvalId = frame.approvalId;
    line.setAttribute('role', 'status');
    this.box.append(line);
    this.cards.set(frame.approvalId, line);
  }

  onFrame(frame) {
    if (this.settled(frame)) return;
    const { t, el } = this;
    const card = el('section', 'approval');
    card.dataset.approvalId = frame.approvalId;
    card.setAttribute('role', 'group');
    card.setAttribute('aria-label', t('approval'));
    const actions = el('div', 'approval__actions');
    const confirm = el('button', 'button button--primary approval__confirm', t('confirm'));
    const cancel = el('button', 'button button--ghost approval__cancel', t('cancel'));
    const status = el('p', 'approval__status');
    status.setAttribute('role', 'status');
    for (const [button, approved] of [[confirm, true], [cancel, false]]) {
      button.type = 'button';
      button.addEventListener('click', () => {
        const sent = this.protocol.approve(frame.approvalId, approved);
        confirm.disabled = sent;
        cancel.disabled = sent;
        status.textContent = t(sent ? (approved ? 'confirming' : 'cancelling') : 'notConnected');
      });
    }
    actions.append(confirm, cancel);
    card.append(el('p', 'approval__title', t('approvalAsk')),
      el('p', 'approval__summary', frame.summary), actions, status);
    this.box.append(card);
    this.cards.set(frame.approvalId, card);
  }

  clear() {
    this.box.replaceChildren();
    this.cards.clear();
  }
}
