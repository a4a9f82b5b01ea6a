package io.parley.core.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.compute.TenantRegex;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.MessageRules;
import io.parley.core.session.PageContext;
import io.parley.core.session.Refusal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A test case as JSON (docs/evaluations.md#cases), read and checked: anything wrong is refused as
 * {@code bad_request} naming the field, so a case that is stored can always be run.
 */
public final class CaseDocument {
  public static final int MAX_NAME = 200;
  public static final int MAX_MESSAGES = 20;
  public static final int MAX_MESSAGE = 4_000;
  public static final int MAX_TURNS = 10;
  public static final int MAX_EXPECTATIONS = 30;
  public static final int MAX_PATTERN = 500;
  public static final int MAX_CRITERION = 1_000;
  public static final int MAX_PERSONA = 1_000;
  public static final int MAX_PERSONAL_DATA = 20;
  private static final Set<String> FIELDS =
      Set.of("name", "messages", "simulatedCustomer", "page", "userId", "personalData", "expect");
  private static final List<String> KINDS = List.of("contains", "notContains", "toolCalled", "noToolCalled", "handoff",
      "noPersonalDataToModel", "answerSource", "maxTokens", "procedure", "procedureStep", "judge");
  /** How a procedure's step went, as {@code procedureStep} names it. */
  public static final List<String> STEP_OUTCOMES = List.of("held", "not held", "asked", "done");
  private static final List<AnswerSource> SOURCES = List.of(AnswerSource.LLM, AnswerSource.CACHE, AnswerSource.OFFLINE);

  private CaseDocument() {}

  /** The case {@code document} describes; refused naming the first field that is wrong. */
  public static EvaluationCase read(JsonNode document) {
    return read(document, false);
  }

  /**
   * A case as it was stored: read as {@link #read} does, but a pattern saved before patterns were
   * RE2 that RE2 does not run is kept, and its expectation's verdict is an error saying why.
   */
  public static EvaluationCase stored(JsonNode document) {
    return read(document, true);
  }

  private static EvaluationCase read(JsonNode document, boolean stored) {
    if (document == null || !document.isObject()) throw bad("the case must be a JSON object");
    for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) throw bad(name + ": not a field of a case (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
    }
    String name = text(document.get("name"), "name", MAX_NAME);
    CustomerScript customer = customer(document);
    Optional<PageContext> page = Optional.ofNullable(document.get("page")).filter(p -> !p.isNull()).map(p -> {
      try {
        return PageContext.of(p);
      } catch (Refusal refused) {
        throw bad("page: " + refused.getMessage());
      }
    });
    Optional<String> userId = Optional.ofNullable(document.get("userId")).filter(u -> !u.isNull())
        .map(u -> MessageRules.id("userId", text(u, "userId", MAX_NAME)));
    List<String> personalData = strings(document.get("personalData"), "personalData", MAX_PERSONAL_DATA, MAX_NAME);
    List<Expectation> expectations = expectations(document.get("expect"), stored);
    if (expectations.stream().anyMatch(Expectation.NoPersonalDataToModel.class::isInstance) && personalData.isEmpty()) {
      throw bad("personalData: noPersonalDataToModel needs the case's personal data marked here");
    }
    return new EvaluationCase(name, customer, page, userId, personalData, expectations);
  }

  private static CustomerScript customer(JsonNode document) {
    JsonNode messages = document.get("messages");
    JsonNode simulated = document.get("simulatedCustomer");
    if ((messages == null) == (simulated == null)) {
      throw bad("messages: a case has either messages (the customer's, in order) or a simulatedCustomer, not both");
    }
    if (messages != null) {
      List<String> texts = strings(messages, "messages", MAX_MESSAGES, MAX_MESSAGE);
      if (texts.isEmpty()) throw bad("messages: at least one message");
      return new CustomerScript.Scripted(texts);
    }
    if (!simulated.isObject()) throw bad("simulatedCustomer: must be an object with persona, goal and maxTurns");
    for (Iterator<String> names = simulated.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!Set.of("persona", "goal", "maxTurns").contains(field)) throw bad("simulatedCustomer." + field + ": not a field (known: goal, maxTurns, persona)");
    }
    String persona = text(simulated.get("persona"), "simulatedCustomer.persona", MAX_PERSONA);
    String goal = text(simulated.get("goal"), "simulatedCustomer.goal", MAX_PERSONA);
    JsonNode turns = simulated.get("maxTurns");
    if (turns == null || !turns.canConvertToInt() || !turns.isIntegralNumber() || turns.asInt() < 1 || turns.asInt() > MAX_TURNS) {
      throw bad("simulatedCustomer.maxTurns: a whole number from 1 to " + MAX_TURNS);
    }
    return new CustomerScript.Simulated(persona, goal, turns.asInt());
  }

  private static List<Expectation> expectations(JsonNode expect, boolean stored) {
    if (expect == null || !expect.isArray() || expect.isEmpty()) {
      throw bad("expect: a list of at least one expectation, each an object such as {\"contains\": \"refund\"}");
    }
    if (expect.size() > MAX_EXPECTATIONS) throw bad("expect: at most " + MAX_EXPECTATIONS + " expectations");
    List<Expectation> expectations = new ArrayList<>();
    for (int i = 0; i < expect.size(); i++) {
      JsonNode one = expect.get(i);
      String at = "expect[" + i + "]";
      if (!one.isObject() || one.size() != 1) throw bad(at + ": one object with one expectation, such as {\"contains\": \"refund\"}");
      Map.Entry<String, JsonNode> entry = one.fields().next();
      expectations.add(expectation(at + "." + entry.getKey(), entry.getKey(), entry.getValue(), stored));
    }
    return expectations;
  }

  private static Expectation expectation(String at, String kind, JsonNode value, boolean stored) {
    return switch (kind) {
      case "contains" -> new Expectation.Contains(match(at, value, stored));
      case "notContains" -> new Expectation.NotContains(match(at, value, stored));
      case "toolCalled" -> toolCalled(at, value);
      case "noToolCalled" -> {
        if (value.isBoolean() && value.booleanValue()) yield new Expectation.NoToolCalled(Optional.empty());
        yield new Expectation.NoToolCalled(Optional.of(text(value, at, MAX_NAME)));
      }
      case "handoff" -> new Expectation.Handoff(flag(at, value));
      case "noPersonalDataToModel" -> {
        if (!flag(at, value)) throw bad(at + ": must be true (leave it out to not check)");
        yield new Expectation.NoPersonalDataToModel();
      }
      case "answerSource" -> new Expectation.FromSource(SOURCES.stream()
          .filter(s -> value.isTextual() && s.wireName().equals(value.asText())).findFirst()
          .orElseThrow(() -> bad(at + ": one of " + SOURCES.stream().map(AnswerSource::wireName).toList())));
      case "maxTokens" -> {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) throw bad(at + ": a whole number of at least 1");
        yield new Expectation.MaxTokens(value.asLong());
      }
      case "procedure" -> {
        Map<String, JsonNode> fields = fields(at, value, List.of("name", "completed"));
        yield new Expectation.ProcedureCompleted(text(fields.get("name"), at + ".name", MAX_NAME),
            fields.containsKey("completed") ? flag(at + ".completed", fields.get("completed")) : true);
      }
      case "procedureStep" -> {
        Map<String, JsonNode> fields = fields(at, value, List.of("name", "step", "outcome"));
        String outcome = text(fields.get("outcome"), at + ".outcome", MAX_NAME);
        if (!STEP_OUTCOMES.contains(outcome)) throw bad(at + ".outcome: one of " + STEP_OUTCOMES);
        yield new Expectation.ProcedureStepWent(text(fields.get("name"), at + ".name", MAX_NAME),
            text(fields.get("step"), at + ".step", MAX_NAME), outcome);
      }
      case "judge" -> new Expectation.Judge(text(value, at, MAX_CRITERION));
      default -> throw bad(at + ": not an expectation (known: " + String.join(", ", KINDS) + ")");
    };
  }

  /** The fields of the object {@code value}, each one of {@code known}. */
  private static Map<String, JsonNode> fields(String at, JsonNode value, List<String> known) {
    if (!value.isObject()) throw bad(at + ": an object of " + known);
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> all = value.fields(); all.hasNext(); ) {
      Map.Entry<String, JsonNode> field = all.next();
      if (!known.contains(field.getKey())) throw bad(at + "." + field.getKey() + ": not a field (known: " + String.join(", ", known) + ")");
      fields.put(field.getKey(), field.getValue());
    }
    return fields;
  }

  private static Expectation toolCalled(String at, JsonNode value) {
    if (value.isTextual()) return new Expectation.ToolCalled(text(value, at, MAX_NAME), Optional.empty());
    if (!value.isObject()) throw bad(at + ": a tool's name, or {\"name\": ..., \"arguments\": {...}}");
    for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!field.equals("name") && !field.equals("arguments")) throw bad(at + "." + field + ": not a field (known: arguments, name)");
    }
    String name = text(value.get("name"), at + ".name", MAX_NAME);
    JsonNode arguments = value.get("arguments");
    if (arguments != null && !arguments.isObject()) throw bad(at + ".arguments: an object of the arguments expected");
    return new Expectation.ToolCalled(name, Optional.ofNullable(arguments));
  }

  private static TextMatch match(String at, JsonNode value, boolean stored) {
    if (value.isTextual()) return TextMatch.text(text(value, at, MAX_PATTERN));
    if (!value.isObject() || value.size() != 1 || !value.has("pattern")) {
      throw bad(at + ": a text, or {\"pattern\": \"a regular expression (RE2 syntax)\"}");
    }
    String pattern = text(value.get("pattern"), at + ".pattern", MAX_PATTERN);
    if (stored) return TextMatch.pattern(TenantRegex.saved(pattern, "an evaluation case's pattern at " + at));
    try {
      return TextMatch.pattern(TenantRegex.compile(pattern));
    } catch (TenantRegex.Refused refused) {
      throw bad(at + ".pattern: not a regular expression this node runs: " + refused.getMessage());
    }
  }

  private static boolean flag(String at, JsonNode value) {
    if (!value.isBoolean()) throw bad(at + ": must be true or false");
    return value.booleanValue();
  }

  private static List<String> strings(JsonNode value, String at, int most, int longest) {
    if (value == null || value.isNull()) return List.of();
    if (!value.isArray()) throw bad(at + ": a list of texts");
    if (value.size() > most) throw bad(at + ": at most " + most + ", got " + value.size());
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) texts.add(text(value.get(i), at + "[" + i + "]", longest));
    return texts;
  }

  private static String text(JsonNode value, String at, int longest) {
    if (value == null || !value.isTextual() || value.asText().isBlank()) throw bad(at + ": a text that is not empty");
    String text = value.asText();
    if (text.codePointCount(0, text.length()) > longest) throw bad(at + ": at most " + longest + " characters");
    return text;
  }

  private static Refusal bad(String message) {
    return Refusal.of(ErrorCode.BAD_REQUEST, message);
  }

  /** The expectations a case may have, by name (docs/evaluations.md#expectations). */
  public static List<String> kinds() {
    return KINDS;
  }
}
