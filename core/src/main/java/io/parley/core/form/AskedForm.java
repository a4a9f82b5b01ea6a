package io.parley.core.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A form a tool's server asks the customer to fill in during a call (an MCP 2026-07-28 {@code input_required} round
 * whose requested schema asks for values; docs/tools.md#forms), read from that schema: a flat object whose properties
 * are MCP's primitive schemas, a text ({@code string}, with its lengths and format), a {@code number}, an
 * {@code integer}, a yes or no ({@code boolean}) or a choice (a string's {@code enum}, labelled by
 * {@code enumNames}, or a {@code oneOf} of {@code const} and {@code title}). A schema of anything else (nested
 * objects, arrays) is no form the customer is asked. The answer is checked against it by {@link #problem}, which names
 * fields and never values: the values are the customer's personal data.
 */
public record AskedForm(String question, List<FormField> fields) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Beyond this many fields a form is no question for a chat. */
  public static final int MAX_FIELDS = 20;
  private static final int MAX_WORDS = 300;

  public AskedForm {
    fields = List.copyOf(fields);
  }

  /** The form {@code schema} describes, asked with {@code question}; empty when it is none the customer can fill in. */
  public static Optional<AskedForm> of(String question, JsonNode schema) {
    if (schema == null || !schema.path("properties").isObject() || schema.path("properties").isEmpty()
        || schema.path("properties").size() > MAX_FIELDS) {
      return Optional.empty();
    }
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(name -> required.add(name.asText()));
    List<FormField> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      Optional<FormField> field = field(property.getKey(), property.getValue(), required.contains(property.getKey()));
      if (field.isEmpty()) return Optional.empty();
      fields.add(field.get());
    }
    return Optional.of(new AskedForm(words(question == null ? "" : question), fields));
  }

  /** Whether every field asks only yes or no: a confirmation, which a person's approval of the call gives. */
  public boolean confirmation() {
    return fields.stream().allMatch(field -> field.type() == FormField.Type.BOOLEAN);
  }

  /** Why {@code answers} does not fill in this form, naming a field and never a value; empty when it does. */
  public Optional<String> problem(JsonNode answers) {
    if (answers == null || !answers.isObject()) return Optional.of("the answers must be an object of the form's fields");
    for (Iterator<String> names = answers.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (fields.stream().noneMatch(field -> field.name().equals(name))) return Optional.of(name + " is no field of the form");
    }
    return fields.stream().map(field -> field.problem(answers.get(field.name()))).flatMap(Optional::stream).findFirst();
  }

  /**
   * The form as a client draws it: {@code {"question", "fields": [{"name", "label", "type", "required", ...}]}};
   * never anyone's answers.
   */
  public ObjectNode toJson() {
    ObjectNode form = JSON.createObjectNode().put("question", question);
    ArrayNode drawn = form.putArray("fields");
    for (FormField field : fields) {
      ObjectNode one = drawn.addObject().put("name", field.name()).put("label", field.label())
          .put("type", field.type().wireName()).put("required", field.required());
      field.description().ifPresent(text -> one.put("description", text));
      field.minimum().ifPresent(least -> one.put("minimum", least));
      field.maximum().ifPresent(most -> one.put("maximum", most));
      field.minLength().ifPresent(least -> one.put("minLength", least));
      field.maxLength().ifPresent(most -> one.put("maxLength", most));
      field.format().ifPresent(format -> one.put("format", format));
      if (!field.options().isEmpty()) {
        ArrayNode options = one.putArray("options");
        field.options().forEach(option -> options.addObject().put("value", option.value()).put("label", option.label()));
      }
    }
    return form;
  }

  private static Optional<FormField> field(String name, JsonNode schema, boolean required) {
    String label = schema.path("title").isTextual() ? words(schema.get("title").asText()) : name;
    Optional<String> description = schema.path("description").isTextual()
        ? Optional.of(words(schema.get("description").asText())) : Optional.empty();
    List<FormField.Option> options = options(schema);
    String type = schema.path("type").asText("");
    FormField.Type kind;
    if (!options.isEmpty() && (type.isEmpty() || "string".equals(type))) kind = FormField.Type.CHOICE;
    else if ("string".equals(type)) kind = FormField.Type.STRING;
    else if ("number".equals(type)) kind = FormField.Type.NUMBER;
    else if ("integer".equals(type)) kind = FormField.Type.INTEGER;
    else if ("boolean".equals(type)) kind = FormField.Type.BOOLEAN;
    else return Optional.empty();
    Optional<String> format = kind == FormField.Type.STRING && schema.path("format").isTextual()
        ? Optional.of(schema.get("format").asText()) : Optional.empty();
    return Optional.of(new FormField(name, label, description, required, kind, options, number(schema, "minimum"),
        number(schema, "maximum"), number(schema, "minLength").map(Double::intValue),
        number(schema, "maxLength").map(Double::intValue), format));
  }

  private static List<FormField.Option> options(JsonNode schema) {
    List<FormField.Option> options = new ArrayList<>();
    if (schema.path("enum").isArray()) {
      JsonNode names = schema.path("enumNames");
      for (int i = 0; i < schema.get("enum").size(); i++) {
        String value = schema.get("enum").get(i).asText();
        options.add(new FormField.Option(value, names.path(i).isTextual() ? words(names.get(i).asText()) : value));
      }
    } else if (schema.path("oneOf").isArray()) {
      for (JsonNode option : schema.get("oneOf")) {
        if (!option.path("const").isTextual()) return List.of();
        String value = option.get("const").asText();
        options.add(new FormField.Option(value, option.path("title").isTextual() ? words(option.get("title").asText()) : value));
      }
    }
    return options;
  }

  private static Optional<Double> number(JsonNode schema, String key) {
    return schema.path(key).isNumber() ? Optional.of(schema.get(key).asDouble()) : Optional.empty();
  }

  /** A server's words as the customer reads them: cut short. */
  private static String words(String text) {
    String stripped = text.strip();
    return stripped.length() > MAX_WORDS ? stripped.substring(0, MAX_WORDS) + "..." : stripped;
  }
}
