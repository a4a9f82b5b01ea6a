package io.parley.core.experiment;

import io.parley.core.WireName;

/** The two sides of an experiment: the live version every other conversation gets, and the candidate tried against it. */
public enum Arm implements WireName.InJson {
  LIVE, CANDIDATE;

  public static Arm fromWireName(String wireName) {
    return WireName.of(values(), "arm", wireName);
  }
}
