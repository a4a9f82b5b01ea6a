package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.BotConfigDocument;
import io.parley.core.bot.NodeLimits;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.Handoff;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallGreetingTest {
  @Test
  void theEdgesGreetingWaitsForTheSessionAndIsSpokenOnce() {
    CallGreeting greeting = new CallGreeting();
    assertEquals(Optional.empty(), greeting.asked("You are through to support."), "the session is not joined yet");
    assertEquals(Optional.of("You are through to support."), greeting.joined(session(0, new BotConfigBuilder())));
    assertEquals(Optional.empty(), greeting.joined(session(2, new BotConfigBuilder())), "a session that moved greets no more");
    assertEquals("You are through to support.", greeting.text());
  }

  @Test
  void aMessageAskedAsGivenIsSaidInsteadOfTheTenantsGreeting() {
    CallGreeting greeting = new CallGreeting();
    greeting.asked("Please call Acme Lamps back.", true);
    assertEquals(Optional.of("Please call Acme Lamps back."),
        greeting.joined(session(0, new BotConfigBuilder().greeting("Acme Lamps, this is Ava."))));
  }

  @Test
  void aGreetingAskedOnceJoinedIsSpokenAtOnce() {
    CallGreeting greeting = new CallGreeting();
    assertEquals(Optional.empty(), greeting.joined(session(0, new BotConfigBuilder())));
    assertEquals(Optional.of("Hello."), greeting.asked("Hello."));
  }

  @Test
  void theTenantsGreetingWinsOverTheEdges() {
    CallGreeting greeting = new CallGreeting();
    greeting.asked("You are through to support.");
    assertEquals(Optional.of("Acme Lamps, this is Ava."),
        greeting.joined(session(4, new BotConfigBuilder().greeting("Acme Lamps, this is Ava."))));
    assertEquals("Acme Lamps, this is Ava.", greeting.text());
  }

  @Test
  void withoutTheEdgesGreetingTheTenantsGreetsOnlyAnEmptyConversation() {
    CallGreeting empty = new CallGreeting();
    assertEquals(Optional.of("Acme Lamps, this is Ava."),
        empty.joined(session(0, new BotConfigBuilder().greeting("Acme Lamps, this is Ava."))));
    CallGreeting talking = new CallGreeting();
    assertEquals(Optional.empty(), talking.joined(session(3, new BotConfigBuilder().greeting("Acme Lamps, this is Ava."))),
        "it would interrupt the conversation");
  }

  @Test
  void aGermanConversationHearsTheTenantsGermanGreetingAsTheChatDoes() throws Exception {
    CallGreeting greeting = new CallGreeting();
    greeting.asked("You are through to support.");
    assertEquals(Optional.of("Acme Leuchten, hier ist Ava."), greeting.joined(session(0, configured(
        "{\"greeting\": \"Acme Lamps, this is Ava.\", \"texts\": {\"de\": {\"greeting\": \"Acme Leuchten, hier ist Ava.\"}}}"),
        "de-AT")));
  }

  @Test
  void aGermanConversationWithoutTheTenantsGreetingHearsThePacksInsteadOfTheEdgesEnglish() {
    CallGreeting greeting = new CallGreeting();
    greeting.asked("Hello, you are through to our support assistant. How can I help you today?");
    assertEquals(Optional.of("Hallo, Sie sind mit unserem Support-Assistenten verbunden. Wie kann ich Ihnen helfen?"),
        greeting.joined(session(0, new BotConfigBuilder().build(), "de")));
  }

  private static BotConfig configured(String json) throws Exception {
    NodeLimits limits = new NodeLimits(16_000, 500_000, 20, 30_000, config -> 1_024);
    BotConfigDocument.Read read = BotConfigDocument.read(new ObjectMapper().readTree(json),
        new BotConfigDocument.Node(Set.of(), 1024, Set.of(), limits));
    return ((BotConfigDocument.Read.Valid) read).config();
  }

  private static SessionInfo session(long lastSeq, BotConfigBuilder config) {
    return new SessionInfo("3f2a", "acme", Optional.empty(), Channel.PHONE, SessionStatus.OPEN, lastSeq,
        Instant.EPOCH, Handoff.bot(), Optional.of(new PinnedBotConfig(1, config.build())), 0, Optional.empty());
  }

  private static SessionInfo session(long lastSeq, BotConfig config, String language) {
    return new SessionInfo("3f2a", "acme", Optional.empty(), Channel.PHONE, SessionStatus.OPEN, lastSeq,
        Instant.EPOCH, Handoff.bot(), Optional.of(new PinnedBotConfig(1, config)), 0, Optional.of(language));
  }
}
