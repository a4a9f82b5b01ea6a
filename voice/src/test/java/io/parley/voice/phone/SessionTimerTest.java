package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionTimerTest {
  private static final Duration MIN = Duration.ofSeconds(90);
  private static final Duration PREFERRED = Duration.ofSeconds(1800);

  private static SessionTimer negotiate(String sessionExpires, String minSe, boolean supported) {
    return SessionTimer.negotiate(Optional.ofNullable(sessionExpires), Optional.ofNullable(minSe), supported, MIN, PREFERRED);
  }

  @Test
  void aCallerThatSupportsTimersRefreshesAtTheIntervalItAskedFor() {
    SessionTimer.Running timer = (SessionTimer.Running) negotiate("600;refresher=uac", null, true);
    assertEquals(new SessionTimer.Running(Duration.ofSeconds(600), true, true), timer);
    assertEquals("600;refresher=uac", timer.sessionExpires());
    assertEquals(Duration.ofSeconds(568), timer.expiry(), "32 s before the end");
    assertEquals(Duration.ofSeconds(300), timer.refreshAfter());
    assertEquals(Duration.ofSeconds(60), ((SessionTimer.Running) negotiate("90", null, true)).expiry(), "a third before");
    assertEquals(new SessionTimer.Running(Duration.ofSeconds(600), true, true), negotiate("600", null, true),
        "no refresher named: the caller");
  }

  @Test
  void noIntervalNamedGetsTheNodesOneAndNoTimerSupportedGetsNone() {
    assertEquals(new SessionTimer.Running(PREFERRED, true, true), negotiate(null, null, true));
    assertEquals(new SessionTimer.Running(Duration.ofSeconds(2000), true, true), negotiate(null, "2000", true),
        "never below the caller's Min-SE");
    assertEquals(new SessionTimer.None(), negotiate(null, null, false));
    assertEquals(new SessionTimer.None(), negotiate("abc", null, false), "malformed: absent");
  }

  @Test
  void tooSmallIsRefusedOrRaisedAndTheNodeRefreshesWhenAskedOrWhenTheCallerCannot() {
    assertEquals(new SessionTimer.TooSmall(MIN), negotiate("30", null, true));
    assertEquals(new SessionTimer.Running(MIN, false, false), negotiate("30", null, false), "a proxy's header: raised");
    assertEquals(new SessionTimer.Running(Duration.ofSeconds(120), false, true), negotiate("120;refresher=uas", null, true));
    assertEquals(new SessionTimer.Running(Duration.ofSeconds(120), false, false), negotiate("120", null, false));
  }

  @Test
  void theAnswerToTheNodesRefreshNamesTheNodeAsItsUac() {
    assertEquals(new SessionTimer.Running(Duration.ofSeconds(120), false, true),
        SessionTimer.afterNodesRefresh(Optional.of("120;refresher=uac")));
    assertEquals(new SessionTimer.Running(Duration.ofSeconds(120), true, true),
        SessionTimer.afterNodesRefresh(Optional.of("120;refresher=uas")), "the caller takes over");
    assertEquals(new SessionTimer.None(), SessionTimer.afterNodesRefresh(Optional.empty()), "no timer wanted");
  }
}
