package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.experiment.Arm;
import io.parley.core.experiment.ExperimentArm;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionState.Closed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The archive names the experiment and arm a conversation was started in, and nothing outside one. */
class ArchivedExperimentTest {
  private static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");

  @Test
  void theArchiveNamesTheExperimentAndArmTheConversationWasIn() {
    PinnedBotConfig candidate = new PinnedBotConfig(4, BotConfig.empty()).in(new ExperimentArm(3, Arm.CANDIDATE));
    SessionArchiveDocument archived = SessionArchiveDocument.of(SessionId.random("acme"), closed(Optional.of(candidate)), true);
    assertEquals(Optional.of(new SessionArchiveDocument.ArchivedExperiment(3, "candidate")), archived.experiment());
    assertEquals(archived, SessionArchiveDocument.fromJson(archived.toJson()), "read back as written");

    SessionArchiveDocument outside = SessionArchiveDocument.of(SessionId.random("acme"),
        closed(Optional.of(new PinnedBotConfig(2, BotConfig.empty()))), true);
    assertEquals(Optional.empty(), outside.experiment());
    assertFalse(new String(outside.toJson(), StandardCharsets.UTF_8).contains("experiment"), "absent outside any");
  }

  private static Closed closed(Optional<PinnedBotConfig> pinned) {
    return new Closed(Optional.empty(), Channel.CHAT, AT, Transcript.empty(), ConversationNotes.empty(), AT.plusSeconds(60),
        "idle", Optional.empty(), false, pinned);
  }
}
