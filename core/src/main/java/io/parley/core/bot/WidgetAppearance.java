package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the tenant's chat widget looks on its pages (docs/bot-config.md#widget): the bot's name and
 * picture in the header, the accent colour, which corner the launcher sits in, the first line the
 * widget shows, the launcher's label, the widget's language, its colour scheme ({@code theme}),
 * whether a sound tells of an answer while the panel is closed, and the tenant's own wording of the
 * widget's texts per language ({@code texts}, over the packs of WidgetTexts). Every one is public: the widget
 * reads them with nothing but the tenant's publishable key ({@code GET /v1/widget/config}).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record WidgetAppearance(Optional<String> name, Optional<String> avatarUrl, Optional<String> accentColor,
    Optional<Position> position, Optional<String> greeting, Optional<String> launcherText, Optional<String> language,
    Optional<Theme> theme, Optional<Boolean> sound, Optional<Map<String, Map<String, String>>> texts) {
  public static final int MAX_NAME = 60;
  public static final int MAX_AVATAR_URL = 2_000;
  public static final int MAX_GREETING = 500;
  public static final int MAX_LAUNCHER_TEXT = 40;
  public static final String ACCENT_EXPECTED = "a colour as #rgb or #rrggbb, e.g. #0a84ff";
  public static final String LANGUAGE_EXPECTED = "a BCP 47 language tag, e.g. en, de or pt-BR";
  private static final Pattern ACCENT = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
  private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8}){0,3}");

  /** The corner of the page the launcher and the open widget sit in. */
  public enum Position {
    @JsonProperty("bottom-right") BOTTOM_RIGHT,
    @JsonProperty("bottom-left") BOTTOM_LEFT
  }

  /** Light or dark colours, or those the visitor's system prefers ({@code prefers-color-scheme}). */
  public enum Theme {
    @JsonProperty("auto") AUTO,
    @JsonProperty("light") LIGHT,
    @JsonProperty("dark") DARK
  }

  /** What the first settings name; the colour scheme and the sound as the widget's defaults. */
  public WidgetAppearance(Optional<String> name, Optional<String> avatarUrl, Optional<String> accentColor,
      Optional<Position> position, Optional<String> greeting, Optional<String> launcherText, Optional<String> language) {
    this(name, avatarUrl, accentColor, position, greeting, launcherText, language, Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  public WidgetAppearance {
    name = name == null ? Optional.empty() : name;
    avatarUrl = avatarUrl == null ? Optional.empty() : avatarUrl;
    accentColor = accentColor == null ? Optional.empty() : accentColor;
    position = position == null ? Optional.empty() : position;
    greeting = greeting == null ? Optional.empty() : greeting;
    launcherText = launcherText == null ? Optional.empty() : launcherText;
    language = language == null ? Optional.empty() : language;
    theme = theme == null ? Optional.empty() : theme;
    sound = sound == null ? Optional.empty() : sound;
    texts = texts == null ? Optional.empty() : texts.map(Map::copyOf);
  }

  public static WidgetAppearance none() {
    return new WidgetAppearance(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /** This appearance with {@code fallback} as its name when it names none (the widget shows the assistant's name). */
  public WidgetAppearance named(Optional<String> fallback) {
    return new WidgetAppearance(name.or(() -> fallback), avatarUrl, accentColor, position, greeting, launcherText, language,
        theme, sound, texts);
  }

  static boolean isAccentColor(String value) {
    return ACCENT.matcher(value).matches();
  }

  static boolean isLanguage(String value) {
    return LANGUAGE.matcher(value).matches();
  }
}
