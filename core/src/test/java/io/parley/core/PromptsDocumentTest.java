package io.parley.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.language.TextPack;
import io.parley.core.memory.ExtractiveSummarizer;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.memory.SummaryPrompt;
import io.parley.core.offline.OfflineResponder;
import io.parley.core.prompt.EvaluationPrompts;
import io.parley.core.prompt.QualityPrompts;
import io.parley.core.prompt.MemorySections;
import io.parley.core.prompt.ReplySuggestionPrompt;
import io.parley.core.prompt.SystemPrompt;
import io.parley.core.prompt.AnswerExtractionPrompt;
import io.parley.core.prompt.TranslationPrompt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Keeps PROMPTS.md, at the repository root, true to the prompt and answer files it quotes. */
class PromptsDocumentTest {
  // Maven runs a module's tests with the module directory as the working directory.
  private static final Path DOCUMENT = Path.of("..", "PROMPTS.md");

  @ParameterizedTest
  @MethodSource("quotedPrompts")
  void quotesThePromptVerbatim(String resource, String where) throws IOException {
    String prompt = SystemPrompt.fromResource(resource).template().strip();
    assertTrue(document().contains(prompt), "PROMPTS.md no longer quotes core/src/main/resources" + resource
        + " exactly; copy the file's text into " + where);
  }

  /** Each prompt file PROMPTS.md quotes, and where it does. */
  static Stream<Arguments> quotedPrompts() {
    return Stream.of(
        Arguments.of("/prompts/support-agent.txt", "its section 1"),
        Arguments.of(SummaryPrompt.RESOURCE, "section 4, Rolling summary"),
        Arguments.of(ReplySuggestionPrompt.RESOURCE, "its section on agents' suggested replies"),
        Arguments.of(QualityPrompts.RESOURCE, "section 8, Scoring a closed conversation"),
        Arguments.of(TranslationPrompt.RESOURCE, "section 9, Translations for staff"),
        Arguments.of(AnswerExtractionPrompt.RESOURCE, "section 10, A procedure's ask"));
  }

  @Test
  void quotesTheEvaluationPromptsVerbatim() throws IOException {
    for (String resource : new String[] {EvaluationPrompts.JUDGE_RESOURCE, EvaluationPrompts.CUSTOMER_RESOURCE,
        EvaluationPrompts.REPLAY_RESOURCE}) {
      String prompt = SystemPrompt.fromResource(resource).template().strip();
      assertTrue(document().contains(prompt),
          "PROMPTS.md no longer quotes core/src/main/resources" + resource + " exactly; copy the file's text into section 8");
    }
  }

  @Test
  void quotesTheHeadingsOfTheMemorySections() throws IOException {
    String document = document();
    for (String heading : new String[] {MemorySections.MEMORY_HEADING, MemorySections.SUMMARY_HEADING,
        PinnedFacts.HEADING, ExtractiveSummarizer.DROPPED}) {
      assertTrue(document.contains(heading), "PROMPTS.md section 4 does not quote: " + heading);
    }
  }

  @Test
  void listsEveryOfflineRuleAndQuotesTheApology() throws IOException {
    String document = document();
    JsonNode answers;
    try (InputStream in =
        OfflineResponder.class.getResourceAsStream(OfflineResponder.DEFAULT_RESOURCE)) {
      answers = new ObjectMapper().readTree(in);
    }
    for (JsonNode rule : answers.get("rules")) {
      String id = rule.get("id").asText();
      assertTrue(document.contains("`" + id + "`"),
          "PROMPTS.md section 3 does not list the offline rule " + id);
    }
    String apology = TextPack.english().text("offline.apology").orElseThrow();
    assertTrue(document.replaceAll("\\s+", " ").contains(apology),
        "PROMPTS.md section 3 does not quote the current apology: " + apology);
  }

  private static String document() throws IOException {
    return Files.readString(DOCUMENT, StandardCharsets.UTF_8);
  }
}
