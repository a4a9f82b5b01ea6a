// The rating of a conversation by a ParleyClient (session-client.js): 1 to 5 and a comment if any,
// over the socket (`rate`, answered by `rated`) for the session the client is in while connected,
// else over REST (a closed conversation: the node ends a socket on a closed session). A rating
// whose socket went before the answer is sent again over REST: the same one again is answered as
// the first was.

import { ParleyError, deferred } from './session-socket.js';

const MIN_SCORE = 1;
const MAX_SCORE = 5;

/** What a `rated` frame or the REST rating says: the score, the comment when there is one, and when. */
export function ratedOf({ score, comment, at }) {
  return comment ? { score, comment, at } : { score, at };
}

export class SessionRating {
  /**
   * `socketFor(sessionId)`: the SessionSocket that carries that session now, else null;
   * `requests()`: a promise of the client's SessionRequests (session-requests.js).
   */
  constructor({ socketFor, requests }) {
    this.socketFor = socketFor;
    this.requests = requests;
  }

  /** Resolves with `{score, comment?, at}`; rejects with a RangeError for a score not 1 to 5, a ParleyError for the node's refusal. */
  rate({ score, comment } = {}, sessionId) {
    if (!Number.isInteger(score) || score < MIN_SCORE || score > MAX_SCORE) {
      return Promise.reject(new RangeError(`score must be a whole number from ${MIN_SCORE} to ${MAX_SCORE}`));
    }
    if (!sessionId) return Promise.reject(new ParleyError({ code: 'not_found', message: 'no conversation to rate' }));
    const rating = typeof comment === 'string' && comment.trim() ? { score, comment: comment.trim() } : { score };
    const socket = this.socketFor(sessionId);
    if (socket?.send({ type: 'rate', ...rating })) {
      const answer = deferred();
      socket.expect({
        kind: 'rate',
        answered: (frame) => answer.resolve(ratedOf(frame)),
        refused: (error) => answer.reject(new ParleyError(error)),
        lost: () => this.overRest(rating, sessionId).then(answer.resolve, answer.reject),
      });
      return answer.promise;
    }
    return this.overRest(rating, sessionId);
  }

  async overRest(rating, sessionId) {
    const response = await (await this.requests()).request(sessionId, '/rating', { method: 'POST', body: JSON.stringify(rating) });
    const answer = await response.json().catch(() => null);
    if (response.ok) return ratedOf(answer ?? rating);
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ParleyError({
      code: answer?.error?.code ?? 'internal',
      message: answer?.error?.message ?? `the node answered ${response.status}`,
      retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
    });
  }
}
