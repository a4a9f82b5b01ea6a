package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
  private final SentenceSplitter splitter = new SentenceSplitter();

  @Test
  void returnsEachSentenceAsSoonAsTheNextWordHasBegun() {
    assertEquals(List.of(), splitter.add("Your order has"));
    assertEquals(List.of(), splitter.add(" shipped."));
    assertEquals(List.of(), splitter.add(" "), "a full stop might still be an abbreviation's");
    assertEquals(List.of("Your order has shipped."), splitter.add("It arr"));
    assertEquals(List.of("It arrives Monday!"), splitter.add("ives Monday! "), "! and ? need no look-ahead");
    assertEquals(List.of(), splitter.add("Anything else?"));
    assertEquals(Optional.of("Anything else?"), splitter.flush());
    assertEquals(Optional.empty(), splitter.flush());
  }

  @Test
  void numbersAbbreviationsAndIdsDoNotEndASentence() {
    assertEquals(
        List.of(
            "The fee is 3.5 percent, or 1,000.00 dollars in total.",
            "Bring an ID, e.g. a passport, i.e. something with a photo.",
            "Dr. Smith sees you at 3 p.m. tomorrow, not Mr. Jones.",
            "Your ticket is T-1001. and it is urgent.",
            "Your ticket is T-1001.",
            "It costs $3.",
            "Apples, pears, etc. and more.",
            "It was refunded on Jan. 5 in full.",
            "Visit example.com."),
        split("The fee is 3.5 percent, or 1,000.00 dollars in total. Bring an ID, e.g. a passport, i.e. something "
            + "with a photo. Dr. Smith sees you at 3 p.m. tomorrow, not Mr. Jones. Your ticket is T-1001. and it is "
            + "urgent. Your ticket is T-1001. It costs $3. Apples, pears, etc. and more. It was refunded on Jan. 5 in full. "
            + "Visit example.com."));
  }

  @Test
  void theResultDoesNotDependOnWhereTheDeltasAreCut() {
    String answer = "Sure. The fee is 3.5 percent (about $1,000.00), e.g. for T-1001. **Good news:** it ships today!\n\n"
        + "## Next steps\n1. Open the [tracking page](https://x.example/t?id=1).\n2. Enter code `AB-12`.\n"
        + "- Call us if it is late\n- Keep the box… Thanks";
    List<String> whole = split(answer);
    assertEquals(
        List.of(
            "Sure. The fee is 3.5 percent (about $1,000.00), e.g. for T-1001.",
            "Good news: it ships today!",
            "Next steps. Open the tracking page.",
            "Enter code AB-12.",
            "Call us if it is late",
            "Keep the box…",
            "Thanks"),
        whole);
    for (int cut = 1; cut < answer.length(); cut++) {
      assertEquals(whole, split(answer.substring(0, cut), answer.substring(cut)), "cut at " + cut);
    }
    assertEquals(whole, split(answer.split("")), "one character at a time");
  }

  @Test
  void markdownIsNotSpoken() {
    assertEquals(
        List.of("Here is what I found:", "Reset the router", "Wait 30 seconds.", "Important: do not unplug it.",
            "See the guide for order_id details."),
        split("### Here is what I found:\n\n* Reset the **router**\n+ Wait _30 seconds_.\n\n---\n\n> *Important:* "
            + "do not unplug it.\n\nSee ```the``` [guide](https://help.example/a_b) for `order_id` details."));
  }

  @Test
  void aLineEndingInAColonEndsASentenceButAColonInsideALineDoesNot() {
    assertEquals(List.of("Here is what I found:", "Note: your order ships on Monday."),
        split("Here is what I found:\nNote: your order ships on Monday."));
  }

  @Test
  void aNumberAloneOnALineIsSaidNotTakenForAListItem() {
    assertEquals(List.of("The answer is:", "42. Thanks for asking."), split("The answer is:\n42.\nThanks for asking."));
    assertEquals(List.of("Steps: 1. Open the app.", "2. Tap Wi-Fi."), split("Steps: 1. Open the app. 2. Tap Wi-Fi."));
  }

  @Test
  void shortPiecesAreSpokenWithTheNextButFlushReturnsEverything() {
    assertEquals(List.of(), splitter.add("Sure. I can help with that. "));
    assertEquals(List.of("Sure. I can help with that."), splitter.add("Okay. "));
    assertEquals(Optional.of("Okay."), splitter.flush());
    assertEquals(List.of("Yes!"), split("Yes!"));
  }

  @Test
  void quotesAndBracketsAfterTheFullStopStayWithTheSentence() {
    assertEquals(List.of("He said \"It is done.\"", "(Then he left.)", "That is all for now."),
        split("He said \"It is done.\" (Then he left.) That is all for now."));
  }

  @Test
  void aVeryLongSentenceIsCutAtACommaSoTheFirstAudioIsNotDelayed() {
    StringBuilder answer = new StringBuilder("To reset it");
    for (int i = 1; i <= 12; i++) answer.append(", then press button number ").append(i);
    answer.append(" and wait.");
    List<String> pieces = split(answer.toString());
    assertTrue(pieces.size() >= 2, pieces.toString());
    for (String piece : pieces) assertTrue(piece.length() <= SentenceSplitter.MAX_CHARS, piece);
    assertTrue(pieces.get(0).endsWith(","), "cut after a comma: " + pieces.get(0));
    assertEquals(answer.toString(), String.join(" ", pieces), "nothing lost, no word cut");
  }

  @Test
  void aVeryLongSentenceWithoutCommasIsCutAtASpaceButNotInsideALink() {
    String words = "word ".repeat(30);
    String link = "[the page about resetting the router to its factory settings](https://help.example/reset)";
    List<String> pieces = split(words + link + " " + words.strip() + ".");
    for (String piece : pieces) assertTrue(piece.length() <= SentenceSplitter.MAX_CHARS, piece);
    assertTrue(pieces.stream().anyMatch(p -> p.contains("the page about resetting the router to its factory settings")),
        pieces.toString());
  }

  @Test
  void neverReturnsBlankSentences() {
    assertEquals(List.of(), split("---\n\n**\n\n", "\n", "  ", "- \n"));
    assertEquals(List.of(), split(""));
  }

  @Test
  void canBeReusedAfterFlush() {
    splitter.add("First answer, unfinished");
    assertEquals(Optional.of("First answer, unfinished"), splitter.flush());
    assertEquals(List.of("The second answer starts afresh."), splitter.add("The second answer starts afresh. And"));
  }

  private static List<String> split(String... deltas) {
    SentenceSplitter splitter = new SentenceSplitter();
    List<String> sentences = new ArrayList<>();
    for (String delta : deltas) sentences.addAll(splitter.add(delta));
    splitter.flush().ifPresent(sentences::add);
    for (String sentence : sentences) assertTrue(!sentence.isBlank() && sentence.equals(sentence.strip()), sentence);
    return sentences;
  }
}
