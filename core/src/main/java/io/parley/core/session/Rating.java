package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.CborSerializable;
import java.time.Instant;
import java.util.Optional;

/**
 * The customer's rating of a conversation (CSAT): a {@code score} from 1 to 5 and, if they wrote
 * one, a short {@code comment}, given {@code at}. One per conversation.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record Rating(int score, Optional<String> comment, Instant at) implements CborSerializable {
  public static final int MIN_SCORE = 1;
  public static final int MAX_SCORE = 5;
  public static final int MAX_COMMENT = 1_000;

  public Rating {
    comment = comment == null ? Optional.empty() : comment;
  }

  /** What a customer sends to rate: {@code score} and an optional {@code comment}, checked. */
  public record Given(int score, Optional<String> comment) {
    /**
     * The rating in {@code body} ({@code {"score": 1-5, "comment": "..."}}, the comment at most
     * {@link #MAX_COMMENT} characters; a blank one is none).
     *
     * @throws Refusal {@code bad_request} naming what is wrong
     */
    public static Given of(JsonNode body) {
      JsonNode score = body.get("score");
      if (score == null || score.isNull()) throw Refusal.of(ErrorCode.BAD_REQUEST, "missing field: score");
      if (!score.isIntegralNumber() || score.asLong() < MIN_SCORE || score.asLong() > MAX_SCORE) {
        throw Refusal.of(ErrorCode.BAD_REQUEST, "score must be a whole number from 1 to 5, got " + score);
      }
      JsonNode comment = body.get("comment");
      if (comment == null || comment.isNull()) return new Given(score.intValue(), Optional.empty());
      if (!comment.isTextual()) throw Refusal.of(ErrorCode.BAD_REQUEST, "comment must be a string");
      String text = comment.asText().strip();
      if (text.codePointCount(0, text.length()) > MAX_COMMENT) {
        throw Refusal.of(ErrorCode.BAD_REQUEST, "comment: at most " + MAX_COMMENT + " characters");
      }
      return new Given(score.intValue(), text.isEmpty() ? Optional.empty() : Optional.of(text));
    }

    public Rating at(Instant at) {
      return new Rating(score, comment, at);
    }
  }
}
