// The tool calls that wait for the customer's approval (docs/protocol.md#approvals), as the widget
// shows them: a card each, the action in plain words with Confirm and Cancel; those that wait for
// a team member: a line saying what waits, with nothing to press. Each goes once its approval is
// decided (here, elsewhere, or by its expiry). An approval asked again after a reconnect shows
// once. The widget loads this module with the first approval (most conversations have none).

export class ApprovalCards {
  /** `box`: the element the cards go in; `texts`: the chat's Texts; `doc` makes the elements. */
  constructor(box, texts, { doc = globalThis.document } = {}) {
    this.box = box;
    this.texts = texts;
    this.doc = doc;
    this.cards = new Map();
  }

  make(tag, attributes, ...children) {
    const node = this.doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
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
    if (this.settled(frame)) return;
    const line = this.make('p', { class: 'approval waiting', role: 'status', 'data-approval-id': frame.approvalId,
      text: this.texts.get('approvalWaiting', { summary: frame.summary }) });
    this.box.append(line);
    this.cards.set(frame.approvalId, line);
  }

  /** An `approval` frame: the customer confirms or cancels through `client`. */
  show(client, frame) {
    if (this.settled(frame)) return;
    const t = (key) => this.texts.get(key);
    const said = this.make('p', { role: 'status' });
    const confirm = this.make('button', { type: 'button', class: 'confirm', text: t('confirm') });
    const cancel = this.make('button', { type: 'button', class: 'cancel', text: t('cancel') });
    const answer = (approved) => {
      const sent = client.approve(frame.approvalId, approved);
      confirm.disabled = cancel.disabled = sent;
      said.textContent = t(sent ? (approved ? 'confirming' : 'cancelling') : 'notConnected');
    };
    confirm.addEventListener('click', () => answer(true));
    cancel.addEventListener('click', () => answer(false));
    const card = this.make('div', { class: 'approval', role: 'group', 'aria-label': t('approval'), 'data-approval-id': frame.approvalId },
      this.make('p', { text: t('approvalAsk') }), this.make('p', { class: 'what', text: frame.summary }), confirm, cancel, said);
    this.box.append(card);
    this.cards.set(frame.approvalId, card);
  }

  clear() {
    this.box.replaceChildren();
    this.cards.clear();
  }
}
