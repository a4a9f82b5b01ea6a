package io.parley.sessions.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How a replayed conversation's new answers compare with the live ones, as the judge says
 * ({@code better}, {@code as good}, {@code worse}), or {@code error}: it could not be told (the
 * conversation could not be played, the judge failed or broke its schema).
 */
enum ReplayVerdict {
  BETTER("better"),
  AS_GOOD("as good"),
  WORSE("worse"),
  ERROR("error");

  private final String wireName;

  ReplayVerdict(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static ReplayVerdict fromWireName(String name) {
    return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("verdict is not better, as good or worse"));
  }
}
