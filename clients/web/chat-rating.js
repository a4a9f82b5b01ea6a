// The chat page's rating of a conversation that closed.

import { t } from './chat-texts.js';

/**
 * "How was this conversation?" once a conversation closes: a score of 1 to 5 and an optional
 * comment, sent once; the node's answer is thanked for. A conversation is asked about once, and
 * not when it was rated already. The node ends a socket on a closed session right after replaying
 * it, so the client rates it over REST (docs/protocol.md), with the credential and tenant the
 * page's socket uses (none and `?tenant=`).
 */
export class RatingPrompt {
  constructor(doc, protocol) {
    this.form = doc.getElementById('rating');
    this.comment = doc.getElementById('rating-comment');
    this.sendButton = doc.getElementById('rating-send');
    this.status = doc.getElementById('rating-status');
    this.protocol = protocol;
    this.conversation = null;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    doc.getElementById('rating-skip').addEventListener('click', () => this.hide());
  }

  ask(conversation) {
    if (!conversation.sessionId || conversation === this.conversation || conversation.rating.state !== 'unrated') return;
    this.conversation = conversation;
    this.form.reset();
    this.sendButton.disabled = false;
    this.status.hidden = true;
    this.form.hidden = false;
  }

  hide() {
    this.form.hidden = true;
  }

  async send() {
    const score = Number(this.form.elements.score.value);
    if (!(score >= 1 && score <= 5)) {
      this.say(t('rateChoose'));
      return;
    }
    const comment = this.comment.value.trim();
    const rating = comment ? { score, comment } : { score };
    const { conversation } = this;
    if (!conversation.startRating(rating)) return;
    this.sendButton.disabled = true;
    this.say(t('rateSending'));
    try {
      conversation.applyRated(await this.protocol.rate(rating, conversation.sessionId));
      this.hide();
      this.say(t('rateThanks'));
    } catch (failure) {
      if (conversation.ratingRefused(failure).state === 'rated') {
        this.hide();
        this.say(t('rateAlready'));
        return;
      }
      this.sendButton.disabled = false;
      this.say(t('rateFailed', { reason: failure.message }));
    }
  }

  say(text) {
    this.status.textContent = text;
    this.status.hidden = false;
  }
}
