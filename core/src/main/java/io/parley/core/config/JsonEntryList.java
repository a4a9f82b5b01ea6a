package io.parley.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A setting written as a JSON array of objects with unique names, such as the model providers or
 * the remote tools. Problems are reported per entry (counted from 1, with its name when it has
 * one) and never quote a value or the text around it: entries hold keys and secrets.
 */
public final class JsonEntryList {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonEntryList() {}

  /** One entry of the array, and what its reader needs to report a problem with it. */
  public record Entry(int number, JsonNode node) {
    /** {@code entry 2 ("name")}, or {@code entry 2} before a name can be read. */
    public String label() {
      return "entry " + number + (node.path("name").isTextual() ? " (\"" + node.get("name").asText() + "\")" : "");
    }

    /** A problem with this entry, the message prefixed with its {@link #label()}. */
    public IllegalArgumentException problem(String message) {
      return new IllegalArgumentException(label() + ": " + message);
    }

    public JsonNode path(String field) {
      return node.path(field);
    }

    /** The trimmed text of {@code field}. */
    public String requiredString(String field) {
      JsonNode value = node.path(field);
      if (!value.isTextual() || value.asText().isBlank()) {
        throw problem(field + " must be a non-empty string, got " + describe(value));
      }
      return value.asText().trim();
    }
  }

  /**
   * The entries of {@code json}, each read by {@code read}, in order.
   *
   * @param fields the fields an entry may have, in the order the error message lists them
   * @param name the name of what an entry was read into, unique in the list
   * @throws IllegalArgumentException saying what is wrong, and in which entry
   */
  public static <T> List<T> parse(String json, List<String> fields, Function<Entry, T> read, Function<T, String> name) {
    JsonNode root = readTree(json);
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("expected a JSON array, got " + describe(root));
    }
    List<T> entries = new ArrayList<>();
    Map<String, Integer> entryByName = new HashMap<>();
    for (int i = 0; i < root.size(); i++) {
      T entry = read.apply(checked(new Entry(i + 1, root.get(i)), fields));
      Integer earlier = entryByName.putIfAbsent(name.apply(entry), i + 1);
      if (earlier != null) {
        throw new IllegalArgumentException("entry " + (i + 1) + ": name \"" + name.apply(entry) + "\" is already the name "
            + "of entry " + earlier + "; names must be unique");
      }
      entries.add(entry);
    }
    return List.copyOf(entries);
  }

  private static Entry checked(Entry entry, List<String> fields) {
    if (!entry.node().isObject()) {
      throw new IllegalArgumentException("entry " + entry.number() + ": expected an object, got " + describe(entry.node()));
    }
    for (Iterator<String> names = entry.node().fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!fields.contains(field)) {
        throw entry.problem("unknown field \"" + field + "\"; the fields are "
            + String.join(", ", fields.subList(0, fields.size() - 1)) + " and " + fields.get(fields.size() - 1));
      }
    }
    return entry;
  }

  /** The kind of a value, never the value: it may be a key. */
  /**
   * Parses a setting's JSON; on a syntax error says only where, since the parser's own message may
   * quote the text around it, a key or a secret included.
   */
  public static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException("not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
  }

  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) return "nothing";
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING, BINARY -> node.asText().isBlank() ? "an empty string" : "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
    };
  }
}
