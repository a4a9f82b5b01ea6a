package io.parley.voice.phone.outbound;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import java.time.Duration;

/**
 * The settings of calls the node places, from {@code parley.sip.outbound}.
 *
 * @param ringTimeout how long a call may ring before the node cancels it ({@code no_answer})
 */
public record OutboundSettings(Duration ringTimeout) {
  public static OutboundSettings create(Config config) {
    Duration ringTimeout = new SettingsReader(config).duration("parley.sip.outbound.ring-timeout",
        "PARLEY_SIP_OUTBOUND_RING_TIMEOUT");
    if (ringTimeout.toMillis() < 1000) {
      throw new InvalidSettingException("PARLEY_SIP_OUTBOUND_RING_TIMEOUT (parley.sip.outbound.ring-timeout): expected at"
          + " least 1s, got " + ringTimeout.toMillis() + "ms");
    }
    return new OutboundSettings(ringTimeout);
  }
}
