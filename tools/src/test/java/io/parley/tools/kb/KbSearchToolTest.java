package io.parley.tools.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KbSearchToolTest {
  @Test
  void theModelIsAskedToTranslateThePassagesInAnotherLanguageThanTheCustomers() {
    List<SearchHit> hits = List.of(hit("de"), hit("en"), hit("fr"));
    assertEquals(Optional.of("Passages [2], [3] are not in the customer's language, German. Answer in German all the same,"
            + " translating what you take from them, and cite them as usual; the reply will say by itself that it was"
            + " translated."),
        KbSearchTool.translation(hits, Optional.of("de-AT")));
    assertEquals(Optional.of("Passage [1] is not in the customer's language, French. Answer in French all the same,"
            + " translating what you take from it, and cite it as usual; the reply will say by itself that it was"
            + " translated."),
        KbSearchTool.translation(List.of(hit("en")), Optional.of("fr")));
  }

  @Test
  void passagesInTheCustomersLanguageOrOfNoKnownOneAskForNothing() {
    assertEquals(Optional.empty(), KbSearchTool.translation(List.of(hit("de"), hit("")), Optional.of("de")));
    assertEquals(Optional.empty(), KbSearchTool.translation(List.of(hit("en")), Optional.empty()));
    assertEquals(Optional.empty(), KbSearchTool.translation(List.of(), Optional.of("de")));
  }

  private static SearchHit hit(String language) {
    return new SearchHit("d", 0, "Title", "", "api", "snippet", "text", 1.0, 1, 1, "", language);
  }
}
