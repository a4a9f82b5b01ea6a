package io.parley.voice.phone;

import io.parley.core.limits.NoticeThrottle;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says why SIP requests were turned away, once per source address a minute: a flood or a broken
 * trunk sends the same bad request many times a second, and the log must stay readable.
 */
final class RefusalLog {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

  private final NoticeThrottle throttle = NoticeThrottle.perMinute();

  void refused(String source, String why) {
    throttle.notice(source, Instant.now()).ifPresent(held -> LOG.warn("SIP from {} refused: {}{}", source, why,
        held == 0 ? "" : " (" + held + " more refused in the minute before)"));
  }
}
