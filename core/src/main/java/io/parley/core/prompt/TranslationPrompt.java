package io.parley.core.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.language.LanguageTag;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ResponseSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request that asks a model to translate texts of a conversation for its staff (PROMPTS.md):
 * the instructions of {@code prompts/translate.txt} with the language named, then the texts as a
 * JSON array in one user message; the answer is JSON following {@link #SCHEMA}, one text for each.
 */
public final class TranslationPrompt {
  public static final String RESOURCE = "/prompts/translate.txt";
  public static final ResponseSchema SCHEMA = new ResponseSchema("translations", """
      {"type": "object", "properties": {"translations": {"type": "array", "items": {"type": "string"}}},
      "required": ["translations"], "additionalProperties": false}""");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SystemPrompt TEMPLATE = SystemPrompt.fromResource(RESOURCE);

  private TranslationPrompt() {}

  /** The request translating {@code texts} (redacted by the caller) into {@code language}. */
  public static List<PromptMessage> messages(String companyName, LanguageTag language, List<String> texts) {
    String name = Locale.forLanguageTag(language.tag()).getDisplayLanguage(Locale.ENGLISH);
    String instructions = TEMPLATE.render(Map.of("company_name", companyName,
        "language", name + " (" + language.tag() + ")"));
    try {
      return List.of(PromptMessage.system(instructions), PromptMessage.user(JSON.writeValueAsString(texts)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("texts could not be written as JSON", e);
    }
  }

  /**
   * The translations in the model's {@code answer}, one for each of {@code expected} texts; an
   * answer that breaks the schema (a server may ignore it) is an {@code IllegalArgumentException}
   * saying how, never taken for a translation.
   */
  public static List<String> read(String answer, int expected) {
    JsonNode tree;
    try {
      tree = JSON.readTree(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the answer is no JSON: " + e.getOriginalMessage());
    }
    JsonNode translations = tree == null ? null : tree.get("translations");
    if (translations == null || !translations.isArray()) throw new IllegalArgumentException("no translations array");
    if (translations.size() != expected) {
      throw new IllegalArgumentException(translations.size() + " translations for " + expected + " texts");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode text : translations) {
      if (!text.isTextual() || text.asText().isBlank()) throw new IllegalArgumentException("a translation is no text");
      texts.add(text.asText());
    }
    return texts;
  }
}
