package io.parley.http.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.parley.core.privacy.PersonalData;

/**
 * {@code %maskedMsg} of the text log format (logback-format-text.xml): the message with personal
 * data masked as {@code [EMAIL]}, {@code [CARD]}…, the same safety net as the JSON format's
 * {@link PersonalDataMasker}.
 */
public final class MaskedMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return PersonalData.masked(super.convert(event));
  }
}
