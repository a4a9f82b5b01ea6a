package io.parley.voice.phone.outbound;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import java.time.Duration;

/**
 * The settings of calls the node places, from {@code parley.sip.outbound}.
 *
 * @param ringTimeout how long a call may ring before the node cancels it ({@code no_answer})
 * @param personDecides how long a warm transfer's person has, once they answer, to take the call or decline it
 */
public record OutboundSettings(Duration ringTimeout, Duration personDecides) {
  public static OutboundSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    Duration ringTimeout = reader.duration("parley.sip.outbound.ring-timeout", "PARLEY_SIP_OUTBOUND_RING_TIMEOUT");
    Duration personDecides = reader.duration("parley.sip.outbound.person-decides", "PARLEY_SIP_OUTBOUND_PERSON_DECIDES");
    if (ringTimeout.toMillis() < 1000) {
      throw new InvalidSettingException("PARLEY_SIP_OUTBOUND_RING_TIMEOUT (parley.sip.outbound.ring-timeout): expected at"
          + " least 1s, got " + ringTimeout.toMillis() + "ms");
    }
    if (personDecides.toMillis() < 1000) {
      throw new InvalidSettingException("PARLEY_SIP_OUTBOUND_PERSON_DECIDES (parley.sip.outbound.person-decides): expected"
          + " at least 1s, got " + personDecides.toMillis() + "ms");
    }
    return new OutboundSettings(ringTimeout, personDecides);
  }
}
