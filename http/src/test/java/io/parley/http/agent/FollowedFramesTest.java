package io.parley.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.handoff.Handoff;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.SessionUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a console is told when it joins a conversation, again after the session moved nodes. */
class FollowedFramesTest {
  private static SessionUpdate.Joined joined(Optional<String> language) {
    SessionInfo info = new SessionInfo("3f2a", "acme", Optional.empty(), Channel.CHAT, SessionStatus.OPEN, 0,
        Instant.EPOCH, Handoff.bot(), Optional.empty(), 0, language);
    return new SessionUpdate.Joined(null, info, List.of(), Optional.empty());
  }

  @Test
  void aJoinSaysWhoAnswersAndTheLanguageEitherMayHaveChangedMeanwhile() {
    List<AgentServerFrame> frames = FollowedFrames.of("3f2a", joined(Optional.of("fr")));
    assertEquals(List.of(FollowedFrames.handoff("3f2a", joined(Optional.empty()).info()),
        new AgentServerFrame.Language("3f2a", "fr")), frames);
    assertEquals(List.of(FollowedFrames.handoff("3f2a", joined(Optional.empty()).info())),
        FollowedFrames.of("3f2a", joined(Optional.empty())), "no language decided: none said");
  }
}
