package io.parley.core.form;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.WireName;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One field of a form a tool's server asks the customer to fill in (docs/tools.md#forms): its {@code name} in the
 * answer, the {@code label} the customer reads (the schema's title, else the name), an optional {@code description},
 * whether it is {@code required}, its {@code type}, and what the schema allows of it: for a choice its
 * {@code options}, for a number its {@code minimum} and {@code maximum}, for a text its {@code minLength},
 * {@code maxLength} and {@code format} ({@code email}, {@code uri}, {@code date} or {@code date-time}).
 */
public record FormField(String name, String label, Optional<String> description, boolean required, Type type,
    List<Option> options, Optional<Double> minimum,
    Optional<Double> maximum, Optional<Integer> minLength, Optional<Integer> maxLength, Optional<String> format) {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern URI = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:\\S+$");
  private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
  private static final Pattern DATE_TIME = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?$");

  /** The kinds of value a form's field takes, as MCP's primitive schemas name them; a choice is a string's enum. */
  public enum Type implements WireName {
    STRING, NUMBER, INTEGER, BOOLEAN, CHOICE
  }

  /** One value a choice allows, with the words the customer reads for it. */
  public record Option(String value, String label) {}

  public FormField {
    options = List.copyOf(options);
  }

  /**
   * Why {@code value} does not answer this field, naming the field and never the value; empty when it does. An
   * absent value answers a field that is not required.
   */
  public Optional<String> problem(JsonNode value) {
    if (value == null || value.isNull()) return required ? Optional.of(name + " is required") : Optional.empty();
    return switch (type) {
      case BOOLEAN -> value.isBoolean() ? Optional.empty() : Optional.of(name + " must be true or false");
      case INTEGER -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))
          ? inRange(value.asDouble()) : Optional.of(name + " must be a whole number");
      case NUMBER -> value.isNumber() ? inRange(value.asDouble()) : Optional.of(name + " must be a number");
      case CHOICE -> value.isTextual() && options.stream().anyMatch(option -> option.value().equals(value.asText()))
          ? Optional.empty() : Optional.of(name + " must be one of its options");
      case STRING -> value.isTextual() ? text(value.asText()) : Optional.of(name + " must be text");
    };
  }

  private Optional<String> inRange(double number) {
    if (minimum.filter(least -> number < least).isPresent()) return Optional.of(name + " is below its minimum");
    if (maximum.filter(most -> number > most).isPresent()) return Optional.of(name + " is above its maximum");
    return Optional.empty();
  }

  private Optional<String> text(String text) {
    int length = text.codePointCount(0, text.length());
    if (required && text.isBlank()) return Optional.of(name + " is required");
    if (minLength.filter(least -> length < least).isPresent()) return Optional.of(name + " is too short");
    if (maxLength.filter(most -> length > most).isPresent()) return Optional.of(name + " is too long");
    Optional<Pattern> shape = format.map(named -> switch (named) {
      case "email" -> EMAIL;
      case "uri" -> URI;
      case "date" -> DATE;
      case "date-time" -> DATE_TIME;
      default -> null;
    });
    if (shape.filter(pattern -> !pattern.matcher(text).matches()).isPresent()) {
      return Optional.of(name + " is not a valid " + format.orElseThrow());
    }
    return Optional.empty();
  }
}
