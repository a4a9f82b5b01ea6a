package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An answer's markdown as the caller hears it: the marks go, the words stay. */
class SpeakableTextTest {
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("answers")
  void saysTheWordsWithoutTheMarks(String rule, String markdown, String spoken) {
    assertEquals(spoken, SpeakableText.of(markdown), rule);
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("emphasis marks go", "**very** _important_, *really*", "very important, really"),
        Arguments.of("code and strong marks go", "Type `reset` and press __Enter__.", "Type reset and press Enter."),
        Arguments.of("strike-through marks go", "~~old~~ price", "old price"),
        Arguments.of("underscores inside words are not emphasis", "Check order_id and user_name.",
            "Check order_id and user_name."),
        Arguments.of("a link keeps its text", "See [the help page](https://help.example/a_(b)) now.",
            "See the help page now."),
        Arguments.of("an image keeps its text", "![a router diagram](img/router.png)", "a router diagram"),
        Arguments.of("line markers go at the start of lines",
            "## Steps\n1. Open the app\n2) Tap Wi-Fi\n - Reset it\n> Note this",
            "Steps Open the app Tap Wi-Fi Reset it Note this"),
        Arguments.of("markers inside a line stay", "It is 3 - 2 = 1, and #1 in 2024.", "It is 3 - 2 = 1, and #1 in 2024."),
        Arguments.of("a number alone is said", "42.", "42."),
        Arguments.of("a marker alone is nothing", "-", ""),
        Arguments.of("code fences and rules vanish", "Run:\n```bash\nreboot now\n```\n---\nDone.", "Run: reboot now Done."),
        Arguments.of("a rule alone is nothing", "* * *", ""),
        Arguments.of("whitespace is one space", "  one\n\ttwo \r\n three  ", "one two three"));
  }
}
