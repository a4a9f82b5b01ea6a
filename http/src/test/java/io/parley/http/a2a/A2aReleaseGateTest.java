package io.parley.http.a2a;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import io.parley.core.release.MemberReleases;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.MessageRules;
import io.parley.core.session.Refusal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A conversation over A2A starts only once every member of the cluster reads channel {@code a2a}: while a node of the
 * previous release is up, the start is refused as unavailable before any session is asked for (none is given here).
 */
class A2aReleaseGateTest {
  private static final A2aRequest.Send FIRST_MESSAGE = new A2aRequest.Send(null, "m-1", "Where is my parcel?",
      Optional.empty(), Optional.empty(), Optional.empty(), false);
  private static final Caller HARNESS = Caller.ofApiKey("acme", "bench", Set.of(Role.ADMIN));

  @Test
  void aStartIsRefusedAsUnavailableWhileAMemberOfThePreviousReleaseIsUp() {
    A2aConversation upgrading = conversation(MemberReleases.of(List.of(String.valueOf(A2aConversation.A2A_RELEASE),
        "0.1.0-SNAPSHOT")));
    Refusal refused = assertThrows(Refusal.class, () -> upgrading.follow(HARNESS, FIRST_MESSAGE, null));
    assertEquals(ErrorCode.UNAVAILABLE, refused.code());
  }

  private static A2aConversation conversation(MemberReleases members) {
    return new A2aConversation(null, new MessageRules(4096), Duration.ofSeconds(1), Duration.ofSeconds(1), Runnable::run,
        () -> members);
  }
}
