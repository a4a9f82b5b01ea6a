package io.parley.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A constant named on the wire (JSON, the database, the audit log) by its lower-case name:
 * {@code waiting_for_agent} for {@code WAITING_FOR_AGENT}. Its type reads the name back with
 * {@link #find}, or with {@link #of}, which refuses a name it does not know and lists those allowed.
 */
public interface WireName {
  /** The constant's own name, as every enum has it. */
  String name();

  default String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant of {@code constants} that {@code wireName} names; none when no constant is so named. */
  static <E extends WireName> Optional<E> find(E[] constants, String wireName) {
    return Arrays.stream(constants).filter(constant -> constant.wireName().equals(wireName)).findFirst();
  }

  /** The constant of {@code constants} that {@code wireName} names; refused, naming those allowed, as {@code what}. */
  static <E extends WireName> E of(E[] constants, String what, String wireName) {
    return find(constants, wireName).orElseThrow(() -> new IllegalArgumentException(
        what + " must be one of " + wireNames(constants) + ", got " + wireName));
  }

  private static List<String> wireNames(WireName[] constants) {
    return Arrays.stream(constants).map(WireName::wireName).toList();
  }

  /** A wire name that is also the constant's JSON, read back by the same name. */
  interface InJson extends WireName {
    @JsonValue
    @Override
    default String wireName() {
      return WireName.super.wireName();
    }
  }
}
