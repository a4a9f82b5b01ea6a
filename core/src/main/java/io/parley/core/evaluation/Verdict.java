package io.parley.core.evaluation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Locale;

/**
 * The outcome of an expectation or a case: it held ({@code pass}), it did not ({@code fail}), or it
 * could not be told ({@code error}: the model failed, the judge's answer broke its schema), which is
 * neither a pass nor a fail.
 */
public enum Verdict {
  PASS,
  FAIL,
  ERROR;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A case's verdict from its expectations': an error first, then a failure; a pass only when all passed. */
  public static Verdict of(Collection<Verdict> verdicts) {
    if (verdicts.contains(ERROR)) return ERROR;
    return verdicts.contains(FAIL) ? FAIL : PASS;
  }
}
