package io.parley.core.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.handoff.SupportHours;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.TextOverrides;
import io.parley.core.language.Wording;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OfflineResponderTest {
  private static final Wording ENGLISH = Wording.english();
  private static final String APOLOGY = "Sorry — our assistant is having trouble right now";
  private final OfflineResponder responder =
      OfflineResponder.fromResource(OfflineResponder.DEFAULT_RESOURCE);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock = """
          Hello!                                                  | greeting
          hey there                                               | greeting
          Good morning                                            | greeting
          thanks a lot                                            | thanks
          Thank you so much, that helped                          | thanks
          ok bye                                                  | goodbye
          That's all, have a nice day                             | goodbye
          help                                                    | help
          What can you do?                                        | help
          I want to talk to a human                               | human
          Can I speak with someone please                         | human
          AGENT                                                   | human
          connect me to a real person                             | human
          I want to escalate this                                 | human
          I forgot my password                                    | password
          can't log in to my account                              | password
          I'm locked out                                          | password
          I want a refund                                         | refund
          How do I return these shoes?                            | refund
          Where is my order?                                      | order_status
          where's my package                                      | order_status
          My parcel hasn't arrived yet                            | order_status
          What is the tracking number for my delivery?            | order_status
          What's the status of T-1042?                            | ticket
          any update on my ticket                                 | ticket
          t-77 please                                             | ticket
          What are your opening hours?                            | hours_contact
          When are you open on Sunday?                            | hours_contact
          What's your phone number?                               | hours_contact
          Can you recommend a good pizza place?                   | fallback
          asdf                                                    | fallback
          """)
  void recognisesEachIntent(String message, String ruleId) {
    assertEquals(ruleId, responder.reply(message, OfflineReason.NOT_CONFIGURED, false, ENGLISH).ruleId());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock = """
          Hi, where is my order?                           | order_status
          Thanks, but I still want my money back           | refund
          I want to talk to a person about my refund       | human
          My password reset email never came               | password
          Can you help me with a refund?                   | refund
          Where’s my parcel?                               | order_status
          """)
  void prefersTheMoreSpecificIntent(String message, String ruleId) {
    assertEquals(ruleId, responder.reply(message, OfflineReason.NOT_CONFIGURED, false, ENGLISH).ruleId());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "do you have gift cards?", "Thanks! Do you have gift cards?", "Hi, do you have gift cards?",
      "thanks, do you have gift cards", "Do you offer free shipping?", "I changed my email address",
      "I need help choosing a tent", "Bye the way, is the tent waterproof?", "I returned from holiday yesterday"})
  void aRuleNeverAnswersAQuestionItDoesNotFit(String message) {
    OfflineReply reply = responder.reply(message, OfflineReason.NOT_CONFIGURED, false, ENGLISH);
    assertEquals("fallback", reply.ruleId(), reply.text());
    assertTrue(reply.text().startsWith("I can't answer that here."), reply.text());
    assertTrue(reply.text().contains("I'd like to talk to a person"), "a way to a person: " + reply.text());
  }

  @Test
  void anArticleAnswersWithItsPassageUnderItsTitle() {
    ArticlePassage returns = new ArticlePassage("doc-1", "Returns", "Tents can be returned within 60 days.");
    OfflineReply first = responder.fromArticle(returns, OfflineReason.NOT_CONFIGURED, true, ENGLISH);
    assertEquals("article", first.ruleId());
    assertEquals("You're using our automatic help, which answers common questions. From our help article"
        + " \"Returns\":\n\nTents can be returned within 60 days.", first.text());
    assertTrue(responder.fromArticle(returns, OfflineReason.MODEL_UNAVAILABLE, false, ENGLISH).text().startsWith(APOLOGY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"this is it", "the shipping cost", "which", "they"})
  void matchesWholeWordsOnly(String message) {
    assertNotEquals(
        "greeting", responder.reply(message, OfflineReason.NOT_CONFIGURED, false, ENGLISH).ruleId());
  }

  @Test
  void apologisesFirstWhenTheModelIsUnavailable() {
    OfflineReply reply =
        responder.reply("I forgot my password", OfflineReason.MODEL_UNAVAILABLE, false, ENGLISH);
    assertTrue(reply.text().startsWith(APOLOGY), reply.text());
    assertTrue(reply.text().contains("Forgot password"), reply.text());
    assertEquals("password", reply.ruleId());
  }

  @Test
  void doesNotApologiseWhenNoModelIsConfiguredAndSaysItIsAutomaticOnlyOnce() {
    OfflineReply first = responder.reply("hello", OfflineReason.NOT_CONFIGURED, true, ENGLISH);
    OfflineReply later = responder.reply("hello", OfflineReason.NOT_CONFIGURED, false, ENGLISH);

    assertFalse(first.text().contains("Sorry"), first.text());
    assertTrue(first.text().startsWith("You're using our automatic help"), first.text());
    assertTrue(first.text().endsWith(later.text()), first.text());
    assertFalse(later.text().contains("automatic help"), later.text());
  }

  @Test
  void fallbackSaysWhatItCanHelpWith() {
    OfflineReply reply =
        responder.reply("Tell me a joke about cats", OfflineReason.MODEL_UNAVAILABLE, true, ENGLISH);
    assertEquals("fallback", reply.ruleId());
    assertTrue(reply.text().startsWith(APOLOGY), reply.text());
    assertTrue(reply.text().contains("password"), reply.text());
    assertTrue(reply.text().contains("refunds"), reply.text());
    assertTrue(reply.text().contains("tracking an order"), reply.text());
    assertEquals("fallback", responder.reply("", OfflineReason.NOT_CONFIGURED, false, ENGLISH).ruleId());
  }

  @Test
  void ticketAnswerInventsNoStatus() {
    String text = responder.reply("status of T-1042?", OfflineReason.NOT_CONFIGURED, false, ENGLISH).text();
    assertFalse(text.contains("1042"), text);
    assertTrue(text.contains("support portal"), text);
  }

  @Test
  void rejectsBrokenAnswerFiles() {
    assertRejected("/offline/bad-pattern.json", "broken");
    assertRejected("/offline/duplicate-id.json", "hello");
    assertRejected("/offline/misspelt-field.json", "pattern");
    assertRejected("/offline/no-such-file.json", "no-such-file");
    assertRejected("/offline/unworded-rule.json", "offline.answer.hello");
  }

  private static void assertRejected(String resource, String mentioned) {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> OfflineResponder.fromResource(resource));
    assertTrue(e.getMessage().contains(resource), e.getMessage());
    assertTrue(e.getMessage().contains(mentioned), e.getMessage());
  }

  @Test
  void answersInTheConversationsLanguage() {
    Wording german = Wording.of(LanguageTag.parse("de"), Optional.empty(), TextOverrides.NONE);
    OfflineReply reply = responder.reply("I forgot my password", OfflineReason.NOT_CONFIGURED, true, german);
    assertEquals("password", reply.ruleId());
    assertTrue(reply.text().startsWith("Sie nutzen unsere automatische Hilfe"), reply.text());
    assertTrue(reply.text().contains("„Passwort vergessen“"), reply.text());
    ArticlePassage returns = new ArticlePassage("doc-1", "Retouren", "Zelte können 60 Tage lang zurückgegeben werden.");
    assertEquals("Entschuldigung – unser Assistent hat gerade Schwierigkeiten, daher kann ich nur bei häufigen Fragen"
        + " helfen. Aus unserem Hilfeartikel „Retouren“:\n\nZelte können 60 Tage lang zurückgegeben werden.",
        responder.fromArticle(returns, OfflineReason.MODEL_UNAVAILABLE, false, german).text());
  }

  @Test
  void aQuestionAboutHoursGetsTheTenantsHoursInTheConversationsLanguage() {
    SupportHours office = new SupportHours("Europe/Berlin", Map.of("monday", List.of("09:00-17:00"),
        "tuesday", List.of("09:00-17:00"), "wednesday", List.of("09:00-17:00"), "thursday", List.of("09:00-17:00"),
        "friday", List.of("09:00-17:00"), "saturday", List.of("10:00-14:00")));
    Instant saturdayEvening = Instant.parse("2026-03-07T18:00:00Z");
    OfflineReply english = responder.reply("When are you open?", OfflineReason.NOT_CONFIGURED, false, ENGLISH,
        Optional.of(ENGLISH.teamHours(office, saturdayEvening)));
    assertEquals(OfflineResponder.HOURS_ID, english.ruleId());
    assertEquals("Our support hours and all the ways to reach us are on the contact page of our website. Our support team"
        + " works Monday\u2013Friday 09:00-17:00; Saturday 10:00-14:00 (Europe/Berlin); it is back on Monday at 09:00"
        + " (Europe/Berlin).", english.text());
    assertEquals(responder.reply("When are you open?", OfflineReason.NOT_CONFIGURED, false, ENGLISH).text() + " "
        + ENGLISH.teamHours(office, saturdayEvening), english.text());

    Wording german = Wording.of(LanguageTag.parse("de"), Optional.empty(), TextOverrides.NONE);
    assertTrue(responder.reply("Wann habt ihr geöffnet?", OfflineReason.NOT_CONFIGURED, false, german,
        Optional.of(german.teamHours(office, Instant.parse("2026-03-04T11:00:00Z")))).text()
        .endsWith(" Unser Support-Team ist Montag\u2013Freitag 09:00-17:00; Samstag 10:00-14:00 (Europe/Berlin) erreichbar"
            + " und gerade im Dienst."), "Wednesday noon, in German");

    for (String[] asked : new String[][] {{"ar", "ما هي ساعات العمل؟"}, {"he", "מה שעות הפתיחה?"}}) {
      Wording wording = Wording.of(LanguageTag.parse(asked[0]), Optional.empty(), TextOverrides.NONE);
      String hours = wording.teamHours(office, saturdayEvening);
      assertTrue(hours.contains(DayOfWeek.SATURDAY.getDisplayName(TextStyle.FULL, Locale.forLanguageTag(asked[0])))
          && hours.contains("\u2068"), "day names of the language, values isolated right to left: " + hours);
      OfflineReply reply = responder.reply(asked[1], OfflineReason.NOT_CONFIGURED, false, wording, Optional.of(hours));
      assertEquals(OfflineResponder.HOURS_ID, reply.ruleId(), asked[0]);
      assertTrue(reply.text().endsWith(" " + hours), reply.text());
    }

    assertEquals(responder.reply("Hello!", OfflineReason.NOT_CONFIGURED, false, ENGLISH).text(),
        responder.reply("Hello!", OfflineReason.NOT_CONFIGURED, false, ENGLISH,
            Optional.of(ENGLISH.teamHours(office, saturdayEvening))).text(), "other answers leave the hours out");
  }
}
