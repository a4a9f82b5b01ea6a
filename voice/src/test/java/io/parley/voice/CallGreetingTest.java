package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.Handoff;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallGreetingTest {
  @Test
  void theEdgesGreetingWaitsForTheSessionAndIsSpokenOnce() {
    CallGreeting greeting = new CallGreeting();
    assertEquals(Optional.empty(), greeting.asked("You are through to support."));
    assertEquals(Optional.of("You are through to support."), greeting.joined(session(0, Optional.empty())));
    assertEquals(Optional.empty(), greeting.joined(session(2, Optional.empty())), "a session that moved greets no more");
    assertEquals("You are through to support.", greeting.text());
  }

  @Test
  void aGreetingAskedOnceJoinedIsSpokenAtOnce() {
    CallGreeting greeting = new CallGreeting();
    assertEquals(Optional.empty(), greeting.joined(session(0, Optional.empty())));
    assertEquals(Optional.of("Hello."), greeting.asked("Hello."));
  }

  @Test
  void theTenantsGreetingWinsOverTheEdges() {
    CallGreeting greeting = new CallGreeting();
    greeting.asked("You are through to support.");
    assertEquals(Optional.of("Acme Lamps, this is Ava."), greeting.joined(session(4, Optional.of("Acme Lamps, this is Ava."))));
    assertEquals("Acme Lamps, this is Ava.", greeting.text());
  }

  @Test
  void withoutTheEdgesGreetingTheTenantsGreetsOnlyAnEmptyConversation() {
    assertEquals(Optional.of("Acme Lamps, this is Ava."),
        new CallGreeting().joined(session(0, Optional.of("Acme Lamps, this is Ava."))));
    assertEquals(Optional.empty(), new CallGreeting().joined(session(3, Optional.of("Acme Lamps, this is Ava."))),
        "it would interrupt the conversation");
  }

  private static SessionInfo session(long lastSeq, Optional<String> tenantGreeting) {
    BotConfig.Builder config = BotConfig.builder();
    tenantGreeting.ifPresent(config::greeting);
    return new SessionInfo("3f2a", "acme", Optional.empty(), Channel.PHONE, SessionStatus.OPEN, lastSeq,
        Instant.EPOCH, Handoff.bot(), Optional.of(new PinnedBotConfig(1, config.build())), 0);
  }
}
