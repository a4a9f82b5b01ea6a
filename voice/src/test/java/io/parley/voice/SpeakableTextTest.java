package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpeakableTextTest {
  @Test
  void emphasisAndCodeMarksGoTheWordsStay() {
    assertEquals("very important, really", SpeakableText.of("**very** _important_, *really*"));
    assertEquals("Type reset and press Enter.", SpeakableText.of("Type `reset` and press __Enter__."));
    assertEquals("old price", SpeakableText.of("~~old~~ price"));
    assertEquals("Check order_id and user_name.", SpeakableText.of("Check order_id and user_name."), "not emphasis");
  }

  @Test
  void linksAndImagesKeepTheirText() {
    assertEquals("See the help page now.", SpeakableText.of("See [the help page](https://help.example/a_(b)) now."));
    assertEquals("a router diagram", SpeakableText.of("![a router diagram](img/router.png)"));
  }

  @Test
  void lineMarkersGoAtTheStartOfLinesOnly() {
    assertEquals("Steps Open the app Tap Wi-Fi Reset it Note this",
        SpeakableText.of("## Steps\n1. Open the app\n2) Tap Wi-Fi\n - Reset it\n> Note this"));
    assertEquals("It is 3 - 2 = 1, and #1 in 2024.", SpeakableText.of("It is 3 - 2 = 1, and #1 in 2024."));
    assertEquals("42.", SpeakableText.of("42."), "a number alone is said");
    assertEquals("", SpeakableText.of("-"));
  }

  @Test
  void codeFencesAndRulesVanish() {
    assertEquals("Run: reboot now Done.", SpeakableText.of("Run:\n```bash\nreboot now\n```\n---\nDone."));
    assertEquals("", SpeakableText.of("* * *"));
  }

  @Test
  void whitespaceIsOneSpace() {
    assertEquals("one two three", SpeakableText.of("  one\n\ttwo \r\n three  "));
  }
}
