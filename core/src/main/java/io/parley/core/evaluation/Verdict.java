package io.parley.core.evaluation;

import io.parley.core.WireName;
import java.util.Collection;

/**
 * The outcome of an expectation or a case: it held ({@code pass}), it did not ({@code fail}), or it
 * could not be told ({@code error}: the model failed, the judge's answer broke its schema), which is
 * neither a pass nor a fail.
 */
public enum Verdict implements WireName.InJson {
  PASS,
  FAIL,
  ERROR;

  /** A case's verdict from its expectations': an error first, then a failure; a pass only when all passed. */
  public static Verdict of(Collection<Verdict> verdicts) {
    if (verdicts.contains(ERROR)) return ERROR;
    return verdicts.contains(FAIL) ? FAIL : PASS;
  }
}
