package io.parley.core.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one field of a bot configuration document: a flag, a whole number, a text, a list of
 * names, an object of settings. A field left out or {@code null} is unset; a wrong one adds its
 * problem, named by the field, and reads as unset.
 */
final class DocumentFields {
  private DocumentFields() {}

  /**
   * The object {@code name} of {@code document}, its fields not among {@code known} listed as
   * problems (each not a {@code kind}); empty when unset, or when it is no object (a problem too).
   */
  static Optional<JsonNode> settingsObject(JsonNode document, String name, List<String> known, String kind,
      List<String> problems) {
    JsonNode value = document.get(name);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isObject()) {
      problems.add(name + ": must be an object");
      return Optional.empty();
    }
    value.fieldNames().forEachRemaining(field -> {
      if (!known.contains(field)) {
        problems.add(name + "." + field + ": not a " + kind + " (known: " + String.join(", ", known) + ")");
      }
    });
    return Optional.of(value);
  }

  /**
   * A list of names of what the node has ({@code known}), each once, in the document's order;
   * the problems name each entry by its index.
   */
  static List<String> names(JsonNode value, String field, String kind, Set<String> known, List<String> problems) {
    String offered = known.isEmpty() ? "this node has no " + kind + "s" : "known: " + String.join(", ", known.stream().sorted().toList());
    if (!value.isArray()) {
      problems.add(field + ": must be a list of " + kind + " names (" + offered + ")");
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode name = value.get(i);
      String entry = field + "[" + i + "]";
      if (!name.isTextual()) problems.add(entry + ": must be a " + kind + "'s name");
      else if (!known.contains(name.asText())) problems.add(entry + ": no " + kind + " is named " + name + " (" + offered + ")");
      else if (names.contains(name.asText())) problems.add(entry + ": " + name + " is named twice");
      else names.add(name.asText());
    }
    return names;
  }

  /** Names the object a nested setting's problems belong to, as {@code voice.speed: ...}. */
  static void prefix(String object, int from, List<String> problems) {
    for (int i = from; i < problems.size(); i++) {
      if (!problems.get(i).startsWith(object)) problems.set(i, object + problems.get(i));
    }
  }

  static Optional<Boolean> flag(JsonNode document, String field, List<String> problems) {
    JsonNode value = document.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isBoolean()) {
      problems.add(field + ": must be true or false");
      return Optional.empty();
    }
    return Optional.of(value.booleanValue());
  }

  static Optional<Integer> whole(JsonNode document, String field, int max, List<String> problems) {
    JsonNode value = document.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > max) {
      problems.add(field + ": must be a whole number from 1 to " + max);
      return Optional.empty();
    }
    return Optional.of(value.intValue());
  }

  static Optional<String> text(JsonNode document, String field, int max, boolean oneLine, List<String> problems) {
    JsonNode value = document.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isTextual()) {
      problems.add(field + ": must be a string");
      return Optional.empty();
    }
    String text = value.asText().strip();
    if (text.isEmpty()) problems.add(field + ": must not be empty (leave it out to use the node's setting)");
    if (text.codePointCount(0, text.length()) > max) problems.add(field + ": at most " + max + " characters");
    if (oneLine && text.chars().anyMatch(c -> c == '\n' || c == '\r')) problems.add(field + ": one line only");
    // The template's own markers would let a value inject another placeholder's text.
    if (text.contains("{{")) problems.add(field + ": must not contain {{");
    return Optional.of(text);
  }
}
