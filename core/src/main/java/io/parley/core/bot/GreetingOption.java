package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.ReplyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A reply the greeting offers (the configuration's {@code greetingOptions}): its {@code label} and
 * {@code value}, and its {@code translations} per language (a BCP 47 tag), for a conversation held
 * in another language, as the greeting has its own per language ({@code texts.<language>.greeting}).
 */
public record GreetingOption(String label, String value,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, ReplyOption> translations) {
  public GreetingOption {
    translations = translations == null ? Map.of() : Map.copyOf(translations);
  }

  /** The option as a conversation in {@code language} offers it: its translation, else as written. */
  public ReplyOption in(Optional<LanguageTag> language) {
    return language.flatMap(tag -> translations.entrySet().stream()
            .filter(entry -> new LanguageTag(entry.getKey()).primary().equals(tag.primary()))
            .map(Map.Entry::getValue).findFirst())
        .orElseGet(() -> new ReplyOption(label, value));
  }

  /** The document's {@code greetingOptions}; problems named by the option ({@code greetingOptions[1].translations.de.label}). */
  static Optional<List<GreetingOption>> read(JsonNode document, List<String> problems) {
    JsonNode value = document.get("greetingOptions");
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isArray()) {
      problems.add("greetingOptions: must be a list of {\"label\", \"value\"}");
      return Optional.empty();
    }
    int before = problems.size();
    if (value.size() > ReplyOption.MAX_OPTIONS) problems.add("greetingOptions: at most " + ReplyOption.MAX_OPTIONS + " options");
    List<GreetingOption> read = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      String field = "greetingOptions[" + i + "]";
      JsonNode entry = value.get(i);
      Optional<ReplyOption> option = ReplyOption.readOne(entry, field, problems);
      if (!entry.isObject()) continue;
      Map<String, ReplyOption> translations = translations(entry.get("translations"), field + ".translations", problems);
      entry.fieldNames().forEachRemaining(name -> {
        if (!List.of("label", "value", "translations").contains(name)) {
          problems.add(field + "." + name + ": not a field (label, value, translations)");
        }
      });
      option.ifPresent(o -> read.add(new GreetingOption(o.label(), o.value(), translations)));
    }
    return problems.size() == before ? Optional.of(List.copyOf(read)) : Optional.empty();
  }

  private static Map<String, ReplyOption> translations(JsonNode value, String field, List<String> problems) {
    if (value == null || value.isNull()) return Map.of();
    if (!value.isObject()) {
      problems.add(field + ": must be an object of languages, each {\"label\", \"value\"}");
      return Map.of();
    }
    Map<String, ReplyOption> byLanguage = new TreeMap<>();
    value.fields().forEachRemaining(entry -> {
      Optional<LanguageTag> tag = LanguageTag.parse(entry.getKey());
      if (tag.isEmpty()) {
        problems.add(field + "." + entry.getKey() + ": not a language tag (BCP 47, e.g. de or pt-BR)");
        return;
      }
      ReplyOption.readOne(entry.getValue(), field + "." + tag.get().tag(), problems)
          .ifPresent(option -> byLanguage.put(tag.get().tag(), option));
    });
    return byLanguage;
  }
}
