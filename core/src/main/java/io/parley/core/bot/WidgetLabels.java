package io.parley.core.bot;

import io.parley.core.language.LanguageTag;
import io.parley.core.language.WidgetTexts;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** What the widget's frame says on a page in a language: the name in its header and its launcher's label. */
public record WidgetLabels(BotConfig config) {
  /**
   * The name in the widget's header on a page in {@code language}: the tenant's name for the bot in
   * it ({@code texts}), else the widget's {@code name}, else {@code assistantName}.
   */
  public Optional<String> headerName(Optional<LanguageTag> language) {
    return language.flatMap(tag -> config.textOverrides().name(tag))
        .or(() -> config.widget().flatMap(WidgetAppearance::name)).or(config::assistantName);
  }

  /**
   * The label of the button that opens the chat on a page in {@code language}: the tenant's
   * {@code launcher} among the widget's texts for it (its tag, else its primary subtag), else
   * {@code widget.launcherText}; none, and the pack's label shows.
   */
  public Optional<String> launcherText(Optional<LanguageTag> language) {
    Map<String, Map<String, String>> texts = config.widget().flatMap(WidgetAppearance::texts).orElse(Map.of());
    return language.flatMap(tag -> Stream.of(tag.tag(), tag.primary()).map(texts::get).filter(Objects::nonNull)
            .map(own -> own.get(WidgetTexts.LAUNCHER)).filter(Objects::nonNull).findFirst())
        .or(() -> config.widget().flatMap(WidgetAppearance::launcherText));
  }
}
