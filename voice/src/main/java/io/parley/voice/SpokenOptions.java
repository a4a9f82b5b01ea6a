package io.parley.voice;

import io.parley.core.language.LanguagePack;
import io.parley.core.session.ReplyOption;
import java.util.List;

/**
 * The replies a bot message offers to tap, as a caller hears them: a caller has no buttons, so the
 * labels are read as a list after the answer ("You can say: Track my order, or Return an item"),
 * in the conversation's language pack's words ({@code options.say}, {@code options.last}).
 */
final class SpokenOptions {
  private SpokenOptions() {}

  /** What the call says under {@code seq}: never a turn of the session, so never cut as an answer. */
  static String key(long seq) {
    return "options-" + seq;
  }

  static String of(List<ReplyOption> options, LanguagePack words) {
    List<String> labels = options.stream().map(option -> SpeakableText.of(option.label())).toList();
    String list = labels.size() == 1 ? labels.get(0)
        : words.sentence("options.last").replace("{rest}", String.join(", ", labels.subList(0, labels.size() - 1)))
            .replace("{last}", labels.get(labels.size() - 1));
    return words.sentence("options.say").replace("{options}", list);
  }
}
