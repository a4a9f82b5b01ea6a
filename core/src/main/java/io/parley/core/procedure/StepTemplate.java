package io.parley.core.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{inputs.order}}} and {@code {{status.total}}} from a procedure's variables. A
 * placeholder is a path of names and list indexes, nothing else: filling one looks values up, it
 * never evaluates anything, so a value cannot inject another placeholder or code. A path that
 * leads nowhere fills as {@code null} (as a whole argument) or nothing (within a text). A filled
 * text stops at {@value #MAX_FILLED} characters: a text naming a long variable many times would
 * otherwise make the node write, persist and send megabytes per step. Within a text a value is
 * shown as {@link ValueFormat} has it; a number followed by a currency's code, written or a
 * variable's ({@code {{status.total}} {{status.currency}}}), is one amount.
 */
public final class StepTemplate {
  static final int MAX_FILLED = 100_000;
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+|\\[\\d{1,4}])*)\\s*}}");
  private static final Pattern WHOLE = Pattern.compile("\\{\\{\\s*[^{}]*}}");
  private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z0-9_]+)|\\[(\\d{1,4})]");
  private static final Pattern ROOT = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*");
  /** What may follow a number to make it an amount: a currency's code, as written or a variable's. */
  private static final Pattern CURRENCY_AFTER = Pattern.compile("[ \\u00A0]+(?:([A-Z]{3})\\b|" + PLACEHOLDER.pattern() + ")");

  private StepTemplate() {}

  /** The variables {@code text}'s placeholders start from. */
  public static Set<String> roots(String text) {
    Set<String> roots = new LinkedHashSet<>();
    Matcher placeholder = PLACEHOLDER.matcher(text);
    while (placeholder.find()) {
      Matcher root = ROOT.matcher(placeholder.group(1));
      if (root.find()) roots.add(root.group());
    }
    return roots;
  }

  /** Whether every {@code {{...}}} in {@code text} is a placeholder this class fills. */
  public static boolean wellFormed(String text) {
    Matcher any = WHOLE.matcher(text);
    while (any.find()) if (!PLACEHOLDER.matcher(any.group()).matches()) return false;
    return true;
  }

  /** {@code text} with its placeholders filled; strings as they are, other values as JSON. */
  public static String fill(String text, Map<String, JsonNode> variables) {
    return fill(text, variables, ValueFormat.AS_STORED);
  }

  /** {@code text} with its placeholders filled, each value shown as {@code format} has it. */
  public static String fill(String text, Map<String, JsonNode> variables, ValueFormat format) {
    return replaced(text, variables, format, shown -> shown);
  }

  /**
   * {@code text} with each placeholder replaced by {@code marker} of its number instead (counted on
   * from the values already in {@code values}), what it fills with, shown as {@code format} has it,
   * added to {@code values}: the text to translate without the variables' values, which are put back after.
   */
  public static String mask(String text, Map<String, JsonNode> variables, ValueFormat format, List<String> values,
      IntFunction<String> marker) {
    return replaced(text, variables, format, shown -> {
      values.add(shown);
      return marker.apply(values.size());
    });
  }

  private static String replaced(String text, Map<String, JsonNode> variables, ValueFormat format,
      UnaryOperator<String> by) {
    Matcher placeholder = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    int from = 0;
    while (placeholder.find(from)) {
      filled.append(text, from, placeholder.start());
      JsonNode value = lookUp(placeholder.group(1), variables);
      from = placeholder.end();
      Optional<String> amount = Optional.empty();
      Matcher currency = CURRENCY_AFTER.matcher(text).region(from, text.length());
      if (value.isNumber() && currency.lookingAt()) {
        String code = currency.group(1) != null ? currency.group(1) : lookUp(currency.group(2), variables).asText();
        amount = format.amount(value, code);
        if (amount.isPresent()) from = currency.end();
      }
      filled.append(by.apply(amount.orElseGet(() -> format.shown(value))));
      if (filled.length() >= MAX_FILLED) return filled.substring(0, MAX_FILLED);
    }
    filled.append(text, from, text.length());
    return filled.length() > MAX_FILLED ? filled.substring(0, MAX_FILLED) : filled.toString();
  }

  /**
   * {@code arguments} with every string filled: a string that is one placeholder and nothing else
   * becomes the value itself (a number stays a number), any other string is filled as text.
   */
  public static JsonNode fill(JsonNode arguments, Map<String, JsonNode> variables) {
    if (arguments.isTextual()) {
      Matcher whole = PLACEHOLDER.matcher(arguments.asText().strip());
      if (whole.matches()) {
        JsonNode value = lookUp(whole.group(1), variables);
        return value.isMissingNode() ? NullNode.getInstance() : value.deepCopy();
      }
      return JsonNodeFactory.instance.textNode(fill(arguments.asText(), variables));
    }
    if (arguments.isObject()) {
      ObjectNode filled = JsonNodeFactory.instance.objectNode();
      arguments.properties().forEach(field -> filled.set(field.getKey(), fill(field.getValue(), variables)));
      return filled;
    }
    if (arguments.isArray()) {
      var filled = JsonNodeFactory.instance.arrayNode();
      arguments.forEach(item -> filled.add(fill(item, variables)));
      return filled;
    }
    return arguments;
  }

  private static JsonNode lookUp(String path, Map<String, JsonNode> variables) {
    Matcher root = ROOT.matcher(path);
    root.find();
    JsonNode value = variables.get(root.group());
    if (value == null) return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    Matcher segment = SEGMENT.matcher(path);
    segment.region(root.end(), path.length());
    while (segment.find()) {
      value = segment.group(1) != null ? value.path(segment.group(1)) : value.path(Integer.parseInt(segment.group(2)));
    }
    return value;
  }
}
