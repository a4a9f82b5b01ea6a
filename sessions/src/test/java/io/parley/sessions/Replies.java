package io.parley.sessions;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.session.Refusal;
import org.apache.pekko.pattern.StatusReply;

/** Reads an entity's {@link StatusReply} in tests, failing with the reply when it is not what was expected. */
public final class Replies {
  private Replies() {}

  public static <T> T value(StatusReply<T> reply) {
    assertTrue(reply.isSuccess(), () -> "expected a success, got " + reply);
    return reply.getValue();
  }

  public static Refusal refusal(StatusReply<?> reply) {
    assertTrue(reply.isError(), () -> "expected a refusal, got " + reply);
    return assertInstanceOf(Refusal.class, reply.getError());
  }
}
