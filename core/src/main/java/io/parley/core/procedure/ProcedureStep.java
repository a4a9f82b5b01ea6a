package io.parley.core.procedure;

import io.parley.core.language.LanguageTag;
import io.parley.core.session.ReplyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link Procedure}, exactly one kind each, written in the configuration as the
 * object the tenant wrote ({@code {"tool": ...}}, {@code {"check": ...}}, ...) by
 * {@code ProcedureSteps}, which {@link Procedure} names for its steps. JSON values (a tool's arguments, an ask's schema) are held as text, so
 * that every serializer of the configuration carries them.
 */
public sealed interface ProcedureStep {

  /** Calls the tenant's tool {@code tool} with {@code arguments} templated from the variables; its result becomes {@code as}. */
  record Tool(String tool, String arguments, String as) implements ProcedureStep {
    public Tool {
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(arguments, "arguments");
      Objects.requireNonNull(as, "as");
    }
  }

  /** A CEL condition over the variables and {@code now}; when false, {@code otherwise} runs instead of the rest. */
  record Check(String expression, List<ProcedureStep> otherwise) implements ProcedureStep {
    public Check {
      Objects.requireNonNull(expression, "expression");
      otherwise = otherwise == null ? List.of() : List.copyOf(otherwise);
    }
  }

  /**
   * Asks the customer {@code prompt} (or the company's own of {@code texts} for the conversation's
   * language); the answer, valid against {@code schema}, becomes {@code variable}. With a
   * {@code keypad}, a caller may answer with keys ({@link AskKeypad}).
   */
  record Ask(String variable, String prompt, String schema, Map<String, String> texts, Optional<AskKeypad> keypad)
      implements ProcedureStep {
    public Ask {
      Objects.requireNonNull(variable, "variable");
      Objects.requireNonNull(prompt, "prompt");
      Objects.requireNonNull(schema, "schema");
      texts = texts == null ? Map.of() : Map.copyOf(texts);
      keypad = keypad == null ? Optional.empty() : keypad;
    }

    public Ask(String variable, String prompt, String schema, Map<String, String> texts) {
      this(variable, prompt, schema, texts, Optional.empty());
    }

    public Ask(String variable, String prompt, String schema) {
      this(variable, prompt, schema, Map.of());
    }
  }

  /**
   * Tells the customer {@code text} (or the company's own of {@code texts} for the conversation's
   * language), its {@code {{...}}} filled from the variables, offering {@code options} to tap (none,
   * or at most {@link ReplyOption#MAX_OPTIONS}, their words filled too).
   */
  record Say(String text, List<ReplyOption> options, Map<String, String> texts) implements ProcedureStep {
    public Say {
      Objects.requireNonNull(text, "text");
      options = options == null ? List.of() : List.copyOf(options);
      texts = texts == null ? Map.of() : Map.copyOf(texts);
    }

    public Say(String text, List<ReplyOption> options) {
      this(text, options, Map.of());
    }

    public Say(String text) {
      this(text, List.of());
    }
  }

  /**
   * The company's own text of {@code texts} (by BCP 47 tag) for a conversation in {@code language}:
   * the one of the same language subtag ({@code de} for {@code de-AT}), the exact tag first.
   */
  static Optional<String> textIn(Map<String, String> texts, LanguageTag language) {
    return Optional.ofNullable(texts.get(language.tag())).or(() -> texts.entrySet().stream()
        .filter(entry -> new LanguageTag(entry.getKey()).primary().equals(language.primary()))
        .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).findFirst());
  }

  /** Brings a person in, for {@code reason}; the procedure ends there. */
  record Handoff(String reason) implements ProcedureStep {}

  /** Ends the whole procedure, its callers included, as completed. */
  record End() implements ProcedureStep {}

  /** Runs the procedure {@code name} here, sharing the variables, then goes on. */
  record Call(String name) implements ProcedureStep {}
}
