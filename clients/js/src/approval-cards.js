// The tool calls that wait for an approval (docs/protocol.md#approvals), as the chat page and the
// widget show them, each with markup of its own: those that wait for the customer, a card each with
// the action in plain words and Confirm and Cancel, which answer through the client's approve(),
// and the fields of a form the call's server asks the customer to fill in (approval-form.js);
// those that wait for a team member, a line saying what waits, with nothing to press. Each goes
// once its approval is decided (here, in another tab, or by its expiry); one asked again after a
// reconnect shows once. The widget loads this module with the first approval (most conversations
// have none).

export class ApprovalCards {
  /**
   * `box`: the element the cards go in. `markup` draws them: `waiting(frame)` the line of an
   * approval a team member gives, `asking(frame)` the card of one the customer gives, as
   * `{ card, confirm, cancel, status, fields }`, and `form(frame)` the fields of its form as
   * approval-form.js's drawForm does; `t(key)` words what an answer did in the chat's language.
   */
  constructor(box, markup) {
    this.box = box;
    this.markup = markup;
    this.cards = new Map();
  }

  /** Whether the frame needs no new card: its approval was decided (its card goes) or is shown already. */
  settled(frame) {
    if (frame.status === 'pending') return this.cards.has(frame.approvalId);
    this.cards.get(frame.approvalId)?.remove();
    this.cards.delete(frame.approvalId);
    return true;
  }

  /** An `agentApproval` frame: what waits for a team member. */
  showWaiting(frame) {
    if (!this.settled(frame)) this.add(frame, this.markup.waiting(frame));
  }

  /**
   * An `approval` frame: the customer confirms or cancels through `client` (a ParleyClient). With a
   * `form`, the card holds its fields (`markup.form(frame)`, drawn in the card's `fields`): confirm
   * sends their answers once each fits, and marks those that do not; cancel declines the form.
   */
  show(client, frame) {
    if (this.settled(frame)) return;
    const { card, confirm, cancel, status, fields } = this.markup.asking(frame);
    const form = frame.form ? this.markup.form(frame) : null;
    if (form) fields.append(form.element);
    for (const [button, approved] of [[confirm, true], [cancel, false]]) {
      button.addEventListener('click', () => {
        const filled = approved && form ? form.read() : null;
        if (filled?.problems.size) {
          status.textContent = this.markup.t('formFix');
          return;
        }
        const sent = filled ? client.approve(frame.approvalId, true, undefined, filled.answers)
          : client.approve(frame.approvalId, approved);
        confirm.disabled = sent;
        cancel.disabled = sent;
        status.textContent = this.markup.t(sent ? (approved ? 'confirming' : 'cancelling') : 'notConnected');
      });
    }
    this.add(frame, card);
  }

  add(frame, card) {
    this.box.append(card);
    this.cards.set(frame.approvalId, card);
  }

  clear() {
    this.box.replaceChildren();
    this.cards.clear();
  }
}
