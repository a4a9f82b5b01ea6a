package io.parley.http.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import io.parley.core.privacy.PersonalData;
import net.logstash.logback.mask.ValueMasker;

/**
 * The JSON log format's safety net (logback-format-json.xml): every string value of a log event
 * (message, arguments, MDC, stack trace) has personal data masked as {@code [EMAIL]},
 * {@code [CARD]}… Log lines are written not to carry message text at all; this catches the one
 * that slips, such as an exception whose message quotes its input.
 */
public final class PersonalDataMasker implements ValueMasker {
  @Override
  public Object mask(JsonStreamContext context, Object value) {
    if (!(value instanceof CharSequence text)) return null;
    String masked = PersonalData.masked(text.toString());
    // null: this masker leaves the value as it is.
    return masked.equals(text.toString()) ? null : masked;
  }
}
