package io.parley.core.gaps;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguagePack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotKnowingTest {
  @Test
  void anAnswerThatSaysItDoesNotKnowIsToldInEachLanguage() {
    Map<String, List<String>> notKnowing = Map.of(
        "en", List.of("I'm sorry, I don't know whether we ship to Japan.", "I couldn't find anything about gift wrapping."),
        "de", List.of("Das weiß ich leider nicht. Ich bin mir nicht sicher, ob wir nach Japan liefern."),
        "fr", List.of("Je ne sais pas si nous livrons au Japon."),
        "es", List.of("Lo siento, no lo sé. No tengo esa información."));
    Map<String, List<String>> knowing = Map.of(
        "en", List.of("We ship to Japan within 5 days.", "You know, returns are free within 30 days."),
        "de", List.of("Wir liefern innerhalb von 5 Tagen nach Japan."),
        "fr", List.of("Nous livrons au Japon en 5 jours."),
        "es", List.of("Enviamos a Japón en 5 días."));
    notKnowing.forEach((language, answers) -> answers.forEach(answer ->
        assertTrue(NotKnowing.says(answer, LanguagePack.find(language).orElseThrow()), language + ": " + answer)));
    knowing.forEach((language, answers) -> answers.forEach(answer ->
        assertFalse(NotKnowing.says(answer, LanguagePack.find(language).orElseThrow()), language + ": " + answer)));
  }
}
