// The conversations of the agent console (agent.js): what the agent socket reports (the queue, the
// conversations opened or pushed, their messages, handoffs, translations and refusals) into a
// Conversation each, and the one selected drawn with its messages, its state and what the agent may
// do. The console composes it with the parts beside the conversation it gives; it reads back which
// conversation is `selected` and what each holds (`conversations`).

import { BubbleList, CitationLinks, Conversation, ReplyBar, ReplyOptions } from '/client/parley-client.js';
import { ConsoleLanguages } from './agent-languages.js';
import { $, el } from './console-dom.js';

const ROLE_NAMES = { user: 'Customer', assistant: 'Bot', agent: 'Agent', system: 'Notice' };
const HANDOFF_TEXT = {
  bot: 'The bot answers',
  waiting_for_agent: 'Waiting for a person',
  agent: 'Held by',
};

export class AgentConversations {
  /**
   * `parts`: the console's `queue`, `languages`, `autoTranslation`, `runs`, `recording`, `notes`, `files` and
   * `preview`, which show what concerns them; `self()`: the signed-in agent's id.
   */
  constructor(parts) {
    Object.assign(this, parts);
    // sessionId -> { session, briefing, conversation, replies }
    this.conversations = new Map();
    this.selected = null;
    this.transcript = new BubbleList($('transcript'), { create: () => el('li'), fill: (li, item) => this.fillMessage(li, item) });
    this.sources = new CitationLinks({ label: 'Articles the answer cites' });
    // Read-only: the customer's to tap.
    this.replyBar = new ReplyBar($('offered-replies'), { label: 'Replies the customer can tap' });
  }

  /** The conversation selected: `{session, briefing, conversation, replies}`, or undefined. */
  get current() {
    return this.conversations.get(this.selected);
  }

  /** A frame of the agent socket; `hello` is the console's. */
  onFrame(frame) {
    switch (frame.type) {
      case 'queue':
        this.queue.waiting(frame);
        break;
      case 'approvals':
        this.queue.toApprove(frame.approvals);
        return;
      case 'conversation': {
        // Opened, or opened again after a reconnect: what it had is kept, what is new is added.
        const { session, briefing, sessionId } = frame;
        const conversation = this.conversations.get(sessionId)?.conversation ?? new Conversation();
        const replies = this.conversations.get(sessionId)?.replies ?? new ReplyOptions();
        this.languages.noteMessages(sessionId, session.messages);
        for (const message of session.messages) conversation.applyMessage(message), replies.applyMessage(message);
        conversation.applyHandoff(session.handoff);
        if (session.rating) conversation.applyRated(session.rating);
        if (session.status !== 'open') conversation.applyClosed({ reason: session.closeReason ?? session.status });
        this.conversations.set(sessionId, { session, briefing, conversation, replies });
        this.autoTranslation.consider(sessionId, session);
        this.select(sessionId);
        break;
      }
      case 'message':
      case 'ack':
      case 'handoff':
      case 'tool': // the bot's tool calls, with its answer: what it looked up or changed, and how it went
      case 'rated':
      case 'closed': {
        const conversation = this.conversations.get(frame.sessionId)?.conversation;
        if (!conversation) return;
        if (frame.type !== 'ack' && frame.type !== 'rated') this.runs.moved(frame.sessionId); // a run may have moved on
        if (frame.type === 'message') {
          this.languages.noteMessages(frame.sessionId, [frame.message]);
          conversation.applyMessage(frame.message);
          this.conversations.get(frame.sessionId).replies.applyMessage(frame.message);
          this.autoTranslation.consider(frame.sessionId, this.conversations.get(frame.sessionId).session, frame.message);
        } else if (frame.type === 'ack') {
          conversation.applyAck(frame);
        } else if (frame.type === 'handoff') conversation.applyHandoff(frame);
        else if (frame.type === 'tool') conversation.applyTool(frame);
        else if (frame.type === 'rated') conversation.applyRated(frame);
        else conversation.applyClosed(frame);
        break;
      }
      case 'attachments':
        this.files.heard(frame);
        break;
      case 'approval':
        // A tool call of the bot waits for a person (docs/tools.md#approvals): one of ours to decide, or the customer's.
        this.queue.approval(frame);
        break;
      case 'suggestion':
        if (frame.sessionId === this.selected) this.refused(null);
        // Into the reply box, for the agent to edit and send, or not; what is typed there already stays.
        if (frame.sessionId === this.selected && !$('reply').value.trim()) $('reply').value = frame.text;
        return;
      case 'replyPreview':
        this.preview.show(frame);
        return;
      case 'translation':
        if (frame.sessionId === this.selected) this.refused(null);
        this.languages.noteTranslation(frame);
        break;
      case 'language': {
        const followed = this.conversations.get(frame.sessionId);
        if (!followed) return;
        ConsoleLanguages.changed(followed.session, frame);
        break;
      }
      case 'composing':
        if (frame.sessionId === this.selected) {
          $('customer-composing').hidden = false;
          clearTimeout(this.composingTimer);
          this.composingTimer = setTimeout(() => { $('customer-composing').hidden = true; }, 4000);
        }
        return;
      case 'error':
        // Beside the conversation's actions that caused it; the status line keeps saying who is signed in.
        this.refused(this.preview.failed(frame)
          ? `Refused: ${frame.message}. Your reply was not sent: it is still in the box, to send again or as written.`
          : `Refused: ${frame.message}`);
        // The agent socket's errors name the conversation, not the reply: its unacked ones show as not sent.
        this.conversations.get(frame.sessionId)?.conversation.failPending();
        break;
      default:
        return;
    }
    this.render();
  }

  render() {
    this.renderFollowed();
    this.renderConversation();
  }

  /** The refusal of the agent's last action on the conversation shown (null: none). */
  refused(text) {
    $('conversation-error').hidden = !text;
    $('conversation-error').textContent = text ?? '';
  }

  select(sessionId) {
    if (sessionId !== this.selected) this.refused(null);
    this.selected = sessionId;
    this.notes.show(sessionId);
    this.runs.show(sessionId, this.conversations.get(sessionId)?.session);
    if (sessionId !== this.recordingShown) this.recording.show(sessionId, this.conversations.get(sessionId)?.session);
    this.recordingShown = sessionId;
    this.preview.selected(sessionId);
    this.render();
  }

  renderFollowed() {
    $('followed').replaceChildren(...[...this.conversations.entries()].map(([sessionId, { session, conversation }]) => {
      const card = el('li', `card${sessionId === this.selected ? ' is-selected' : ''}`);
      card.dataset.session = sessionId;
      const last = conversation.ordered().findLast((item) => item.text);
      const top = el('div', 'card__top');
      top.append(el('span', null, `${session.channel} · ${session.userId ?? 'anonymous'}`),
        el('span', null, conversation.closed ? 'closed' : this.handoffText(conversation.handoff)));
      card.append(top, el('p', 'card__text', last ? last.text : ''));
      card.addEventListener('click', () => this.select(sessionId));
      return card;
    }));
  }

  handoffText(handoff) {
    if (handoff.status === 'agent') return `${HANDOFF_TEXT.agent} ${handoff.agentId === this.self() ? 'you' : handoff.agent}`;
    return HANDOFF_TEXT[handoff.status] ?? handoff.status;
  }

  renderConversation() {
    const followed = this.conversations.get(this.selected);
    $('conversation').hidden = !followed;
    if (!followed) return;
    this.queue.renderApprovals(this.selected);
    const { session, briefing, conversation } = followed;
    const { handoff, closed, rating } = conversation;
    $('conversation-title').textContent = `${session.channel} conversation with ${session.userId ?? 'an anonymous customer'}`;
    $('handoff-status').textContent = closed ? `Closed${closed.reason ? ` (${closed.reason})` : ''}` : this.handoffText(handoff);
    $('handoff-status').dataset.status = closed ? 'closed' : handoff.status;
    $('rating').hidden = rating.state !== 'rated';
    $('rating').textContent = `Rated ${rating.score} of 5${rating.comment ? `: “${rating.comment}”` : ''}`;
    $('briefing').textContent = briefing || 'Nothing said yet.';
    $('facts').replaceChildren(...session.facts.map((fact) => el('li', null, `${fact.name}: ${fact.value}`)));
    $('lead').hidden = !session.lead;
    if (session.lead) {
      const why = session.lead.contributions.map((c) => `${c.reason} (${c.points > 0 ? '+' : ''}${c.points})`).join('; ');
      $('lead').textContent = `Lead score ${session.lead.score}${session.lead.qualified ? ', qualified' : ''}: ${why}`;
    }
    const mine = handoff.status === 'agent' && handoff.agentId === this.self() && !closed;
    $('take').hidden = mine || !!closed;
    $('hand-back').hidden = !mine;
    $('suggest').hidden = !mine;
    $('close-session').hidden = !!closed;
    $('reply').disabled = !mine;
    $('send').disabled = !mine;
    this.languages.render(session, mine);
    $('reply').placeholder = mine ? 'Write to the customer (Enter sends)' : 'Take the conversation over to reply';
    const list = $('transcript');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    this.transcript.render(conversation.ordered());
    this.replyBar.render(followed.replies.current());
    this.languages.annotate(list, this.selected);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  /** One message, after the bot's tool calls that went into it; a reply not yet stored shows as such. */
  fillMessage(li, item) {
    li.className = `msg msg--${item.role} is-${item.state}`;
    li.dataset.seq = item.seq ?? '';
    const parts = item.tools.map((tool) => el('p', 'hint', `Tool ${tool.name}: ${tool.status}${tool.detail ? ` (${tool.detail})` : ''}`));
    if (item.text) {
      const bubble = el('div', 'bubble');
      const who = item.role === 'agent' ? item.author : ROLE_NAMES[item.role] ?? item.role;
      const text = el('p', 'bubble__text', item.text);
      // The customer's words in their own script's direction (an Arabic message in an English console).
      text.dir = 'auto';
      bubble.append(el('p', 'bubble__author', who), text);
      if (item.state === 'failed') bubble.append(el('p', 'hint', 'Not sent.'));
      const sources = this.sources.render(item.citations, ConsoleLanguages.of(this.current?.session ?? {}));
      if (sources) bubble.append(sources);
      parts.push(bubble, ...this.files.partsOf(this.selected, item.seq));
    }
    li.replaceChildren(...parts);
  }
}
