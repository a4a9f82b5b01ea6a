// The agent console's queue: the conversations waiting for a person (taken from here, or pushed to
// the agent), the tenant's tool calls waiting for an agent's approval in any conversation, and the
// approval cards of the conversation shown. Cards are kept and updated in place; the waiting times
// tick every second.

import { counted } from '/client/parley-client.js';
import { $, el } from './console-dom.js';

export class QueueView {
  /** @param send (frame) => whether it went to the node; @param languages the console's ConsoleLanguages */
  constructor({ send, languages }) {
    this.send = send;
    this.languages = languages;
    this.waitingNow = [];
    this.asked = []; // the tenant's tool calls waiting for an agent, in any conversation (`approvals` frame)
    this.pending = new Map(); // approvalId -> the pending `approval` frame of a followed conversation
    this.answered = new Map(); // approvalId -> a form of a followed conversation the customer filled in, with the answers
    $('channel-filter').addEventListener('change', () => this.renderQueue());
    setInterval(() => { this.renderQueue(); this.renderToApprove(); }, 1000);
  }

  /** A {@code queue} frame. */
  waiting(frame) {
    this.waitingNow = frame.waiting;
    $('agents-online').textContent = counted(frame.agentsOnline, { one: '{count} agent online', other: '{count} agents online' });
    this.renderQueue();
  }

  /** An {@code approvals} frame's list. */
  toApprove(approvals) {
    this.asked = approvals;
    this.renderToApprove();
  }

  /** An {@code approval} frame: a tool call of a followed conversation waits for a person (docs/tools.md#approvals), or no longer. */
  approval(frame) {
    const asked = this.pending.get(frame.approvalId);
    if (frame.status === 'pending') this.pending.set(frame.approvalId, frame);
    else this.pending.delete(frame.approvalId);
    // What the customer filled in a form, shown with the conversation it was asked in (docs/agent-console.md).
    if (frame.answers && asked?.form) this.answered.set(frame.approvalId, { ...asked, answers: frame.answers });
  }

  renderQueue() {
    const channel = $('channel-filter').value;
    const shown = this.waitingNow.filter((w) => !channel || w.channel === channel);
    $('queue-count').textContent = String(this.waitingNow.length);
    $('queue-empty').hidden = shown.length > 0;
    // Cards are kept and updated in place: the waiting times tick every second, and a card
    // rebuilt under the pointer would swallow the agent's click.
    const cards = new Map([...$('queue').children].map((card) => [card.dataset.session, card]));
    $('queue').replaceChildren(...shown.map((waiting) => {
      const card = cards.get(waiting.sessionId) ?? this.queueCard(waiting);
      const waited = Math.max(0, Math.round((Date.now() - Date.parse(waiting.since)) / 1000));
      card.querySelector('.wait').textContent = `waiting ${waited < 60 ? `${waited} s` : `${Math.floor(waited / 60)} min`}`;
      card.querySelector('.card__text').textContent = waiting.lastMessage;
      card.querySelector('.card__who').textContent = this.languages.queueLine(waiting);
      return card;
    }));
  }

  queueCard(waiting) {
    const card = el('li', 'card');
    card.dataset.session = waiting.sessionId;
    const top = el('div', 'card__top');
    top.append(el('span', 'card__who'), el('span', 'wait'));
    const take = el('button', 'button take', 'Take');
    take.type = 'button';
    take.addEventListener('click', (event) => {
      event.stopPropagation();
      this.send({ type: 'take', sessionId: waiting.sessionId });
    });
    card.append(top, el('p', 'card__text'), take);
    card.addEventListener('click', () => this.send({ type: 'open', sessionId: waiting.sessionId }));
    return card;
  }

  /**
   * The tenant's tool calls waiting for an agent's approval, whoever's conversation they are in:
   * opening one shows its card, to approve or refuse. Cards are kept in place, as the queue's.
   */
  renderToApprove() {
    $('to-approve-count').textContent = String(this.asked.length);
    $('to-approve-empty').hidden = this.asked.length > 0;
    const cards = new Map([...$('to-approve').children].map((card) => [card.dataset.approval, card]));
    $('to-approve').replaceChildren(...this.asked.map((approval) => {
      const card = cards.get(approval.approvalId) ?? this.toApproveCard(approval);
      const waited = Math.max(0, Math.round((Date.now() - Date.parse(approval.since)) / 1000));
      card.querySelector('.wait').textContent = `asked ${waited < 60 ? `${waited} s` : `${Math.floor(waited / 60)} min`} ago`;
      return card;
    }));
  }

  toApproveCard(approval) {
    const card = el('li', 'card');
    card.dataset.approval = approval.approvalId;
    card.dataset.session = approval.sessionId;
    const top = el('div', 'card__top');
    top.append(el('span', null, `${approval.tool} · conversation ${approval.sessionId.slice(0, 8)}`), el('span', 'wait'));
    const open = el('button', 'button open', 'Open');
    open.type = 'button';
    open.setAttribute('aria-label', `Open the conversation to approve or refuse: ${approval.summary}`);
    open.addEventListener('click', () => this.send({ type: 'open', sessionId: approval.sessionId }));
    const summary = el('p', 'card__text', approval.summary);
    summary.title = approval.summary; // the card shows its first line
    card.append(top, summary, open);
    return card;
  }


  /** The selected conversation's tool calls waiting for an approval: an agent's with approve and refuse. */
  renderApprovals(selected) {
    const pending = [...this.pending.values()].filter((a) => a.sessionId === selected);
    const answered = [...this.answered.values()].filter((a) => a.sessionId === selected).map((approval) => {
      const item = el('li', 'card approval');
      item.append(el('p', 'card__text', `${approval.tool}: ${approval.form.question}`), el('p', 'hint', 'The customer filled in:'),
        formLines(approval.form, approval.answers));
      return item;
    });
    $('approvals').replaceChildren(...answered, ...pending.map((approval) => {
      const item = el('li', 'card approval');
      item.append(el('p', 'card__text', approval.summary), el('p', 'hint',
        approval.approver === 'agent' ? `${approval.tool} waits for an agent's approval` : `${approval.tool} waits for the customer`
          + (approval.form ? ` to fill in: ${approval.form.fields.map((field) => field.label).join(', ')}` : '')));
      if (approval.approver === 'agent') {
        const reason = el('input', 'approval__reason');
        reason.placeholder = 'Reason, if refusing';
        reason.maxLength = 500;
        reason.setAttribute('aria-label', `Reason for refusing ${approval.tool}`);
        const decide = (approved) => this.send({ type: 'approve', sessionId: approval.sessionId, approvalId: approval.approvalId,
          approved, ...(approved || !reason.value.trim() ? {} : { reason: reason.value.trim() }) });
        const approve = el('button', 'button button--primary', 'Approve');
        const refuse = el('button', 'button button--ghost', 'Refuse');
        approve.type = refuse.type = 'button';
        approve.addEventListener('click', () => decide(true));
        refuse.addEventListener('click', () => decide(false));
        item.append(reason, approve, refuse);
      }
      return item;
    }));
  }
}

/** The fields of a form the customer filled in, a line each: its label, then what was given (a choice by its label). */
function formLines(form, answers) {
  const list = el('ul', 'approval__answers');
  for (const field of form.fields) {
    if (!(field.name in answers)) continue;
    const value = answers[field.name];
    const shown = field.type === 'boolean' ? (value ? 'yes' : 'no')
      : field.options?.find((option) => option.value === value)?.label ?? String(value);
    list.append(el('li', null, `${field.label}: ${shown}`));
  }
  return list;
}
