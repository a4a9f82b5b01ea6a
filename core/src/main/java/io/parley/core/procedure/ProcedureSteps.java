package io.parley.core.procedure;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.bot.JsonText;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.ReplyOption;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and writes procedure steps in the form the tenant writes them: one object per step whose
 * kind is the one field among {@link #KINDS} it has. Every problem names the step it is in, as
 * {@code procedures[0].steps[2].otherwise[0]: ...}.
 */
public final class ProcedureSteps {
  /** Each kind and the other fields a step of that kind may have. */
  static final Map<String, Set<String>> KINDS = Map.of("tool", Set.of("arguments", "as"), "check", Set.of("otherwise"),
      "ask", Set.of("prompt", "schema", "texts", "keypad"), "say", Set.of("options", "texts"), "handoff", Set.of(), "end", Set.of(), "procedure", Set.of());
  /** A variable's name: what a template or a CEL expression can name. */
  static final Pattern VARIABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");
  static final int MAX_STEPS = 50;
  static final int MAX_TEXT = 1_000;
  static final int MAX_DEPTH = 4;

  private ProcedureSteps() {}

  /** The steps of {@code value} (a list), named {@code at} in problems; none that are wrong. */
  static List<ProcedureStep> read(JsonNode value, String at, List<String> problems) {
    return read(value, at, problems, 0);
  }

  private static List<ProcedureStep> read(JsonNode value, String at, List<String> problems, int depth) {
    if (value == null || !value.isArray() || value.isEmpty()) {
      problems.add(at + ": must be a non-empty list of steps");
      return List.of();
    }
    if (value.size() > MAX_STEPS) problems.add(at + ": at most " + MAX_STEPS + " steps");
    List<ProcedureStep> steps = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) step(value.get(i), at + "[" + i + "]", problems, depth).ifPresent(steps::add);
    return steps;
  }

  private static Optional<ProcedureStep> step(JsonNode entry, String at, List<String> problems, int depth) {
    if (!entry.isObject()) {
      problems.add(at + ": must be an object with one of " + String.join(", ", KINDS.keySet().stream().sorted().toList()));
      return Optional.empty();
    }
    List<String> kinds = new ArrayList<>();
    entry.fieldNames().forEachRemaining(name -> { if (KINDS.containsKey(name)) kinds.add(name); });
    if (kinds.size() != 1) {
      problems.add(at + ": must have exactly one of " + String.join(", ", KINDS.keySet().stream().sorted().toList())
          + (kinds.isEmpty() ? "" : " (has " + String.join(", ", kinds) + ")"));
      return Optional.empty();
    }
    String kind = kinds.getFirst();
    entry.fieldNames().forEachRemaining(name -> {
      if (!name.equals(kind) && !KINDS.get(kind).contains(name)) problems.add(at + "." + name + ": not a field of " + kind + " steps");
    });
    int before = problems.size();
    ProcedureStep step = switch (kind) {
      case "tool" -> {
        String tool = text(entry, "tool", at, problems);
        JsonNode arguments = entry.path("arguments");
        if (!arguments.isMissingNode() && !arguments.isObject()) problems.add(at + ".arguments: must be an object");
        yield new ProcedureStep.Tool(tool, arguments.isObject() ? arguments.toString() : "{}", variable(entry, "as", at, problems));
      }
      case "check" -> {
        String expression = text(entry, "check", at, problems);
        JsonNode otherwise = entry.get("otherwise");
        if (depth >= MAX_DEPTH) problems.add(at + ".otherwise: checks nest at most " + MAX_DEPTH + " deep");
        yield new ProcedureStep.Check(expression,
            otherwise == null ? List.of() : read(otherwise, at + ".otherwise", problems, depth + 1));
      }
      case "ask" -> {
        String variable = variable(entry, "ask", at, problems);
        String prompt = text(entry, "prompt", at, problems);
        JsonNode schema = entry.path("schema");
        if (!schema.isObject()) problems.add(at + ".schema: must be the JSON schema of the answer, e.g. {\"type\": \"string\"}");
        yield new ProcedureStep.Ask(variable, prompt, schema.isObject() ? schema.toString() : "{}", texts(entry, at, problems),
            AskKeypad.read(entry, at + ".keypad", problems, MAX_TEXT));
      }
      case "say" -> new ProcedureStep.Say(text(entry, "say", at, problems),
          ReplyOption.readList(entry.get("options"), at + ".options", problems).orElse(List.of()), texts(entry, at, problems));
      case "handoff" -> new ProcedureStep.Handoff(text(entry, "handoff", at, problems));
      case "end" -> {
        if (!entry.get("end").isBoolean() || !entry.get("end").booleanValue()) problems.add(at + ".end: must be true");
        yield new ProcedureStep.End();
      }
      default -> new ProcedureStep.Call(text(entry, "procedure", at, problems));
    };
    return problems.size() == before ? Optional.of(step) : Optional.empty();
  }

  private static String text(JsonNode entry, String field, String at, List<String> problems) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      problems.add(at + "." + field + ": must be a non-empty string");
      return "";
    }
    if (value.asText().length() > MAX_TEXT) problems.add(at + "." + field + ": at most " + MAX_TEXT + " characters");
    return value.asText().strip();
  }

  /** A say's or an ask's {@code texts}: the company's own text per language (a canonical BCP 47 tag). */
  private static Map<String, String> texts(JsonNode entry, String at, List<String> problems) {
    JsonNode texts = entry.get("texts");
    if (texts == null) return Map.of();
    if (!texts.isObject()) {
      problems.add(at + ".texts: must be an object of languages, each its text, e.g. {\"de\": \"...\"}");
      return Map.of();
    }
    Map<String, String> byLanguage = new TreeMap<>();
    texts.fieldNames().forEachRemaining(language -> {
      if (!LanguageTag.parse(language).map(LanguageTag::tag).equals(Optional.of(language))) {
        problems.add(at + ".texts." + language + ": not a language tag in canonical form (BCP 47, e.g. de or pt-BR)");
      } else {
        byLanguage.put(language, text(texts, language, at + ".texts", problems));
      }
    });
    return byLanguage;
  }

  private static String variable(JsonNode entry, String field, String at, List<String> problems) {
    String name = text(entry, field, at, problems);
    if (!name.isEmpty() && !VARIABLE.matcher(name).matches()) {
      problems.add(at + "." + field + ": must be a variable name (a letter, then letters, digits or _; at most 40)");
    } else if (name.equals("inputs") || name.equals("now")) {
      problems.add(at + "." + field + ": " + name + " is the procedure's own; choose another name");
    }
    return name;
  }

  /** The step as the tenant writes it. */
  public static JsonNode tree(ProcedureStep step) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    switch (step) {
      case ProcedureStep.Tool tool -> {
        node.put("tool", tool.tool());
        node.set("arguments", JsonText.tree(tool.arguments()));
        node.put("as", tool.as());
      }
      case ProcedureStep.Check check -> {
        node.put("check", check.expression());
        if (!check.otherwise().isEmpty()) node.set("otherwise", trees(check.otherwise()));
      }
      case ProcedureStep.Ask ask -> {
        node.put("ask", ask.variable());
        node.put("prompt", ask.prompt());
        node.set("schema", JsonText.tree(ask.schema()));
        written(node, ask.texts());
        ask.keypad().ifPresent(keypad -> node.set("keypad", keypad.tree()));
      }
      case ProcedureStep.Say say -> {
        node.put("say", say.text());
        if (!say.options().isEmpty()) {
          var options = node.putArray("options");
          say.options().forEach(option -> options.addObject().put("label", option.label()).put("value", option.value()));
        }
        written(node, say.texts());
      }
      case ProcedureStep.Handoff handoff -> node.put("handoff", handoff.reason());
      case ProcedureStep.End end -> node.put("end", true);
      case ProcedureStep.Call call -> node.put("procedure", call.name());
    }
    return node;
  }

  private static void written(ObjectNode node, Map<String, String> texts) {
    if (texts.isEmpty()) return;
    ObjectNode byLanguage = node.putObject("texts");
    new TreeMap<>(texts).forEach(byLanguage::put);
  }

  private static JsonNode trees(List<ProcedureStep> steps) {
    var list = JsonNodeFactory.instance.arrayNode();
    steps.forEach(step -> list.add(tree(step)));
    return list;
  }

  /** Writes a step as the tenant writes it. */
  public static final class Writer extends JsonSerializer<ProcedureStep> {
    @Override
    public void serialize(ProcedureStep step, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeTree(tree(step));
    }
  }

  /** Reads a step this class wrote; one that is not a step is an error, as the configuration was checked when saved. */
  public static final class Reader extends JsonDeserializer<ProcedureStep> {
    @Override
    public ProcedureStep deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonNode value = parser.readValueAsTree();
      List<String> problems = new ArrayList<>();
      Optional<ProcedureStep> step = step(value, "step", problems, 0);
      if (step.isEmpty()) throw new IOException("not a procedure step: " + String.join("; ", problems));
      return step.get();
    }
  }
}
