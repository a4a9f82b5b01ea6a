package io.parley.core.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.language.LanguagePack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How an {@code ask} takes the caller's keys on a phone call (docs/procedures.md#keys-on-a-phone-call):
 * an entry of {@code min} to {@code max} keys, ended by {@code terminator} (none when empty), by the
 * {@code max}th key, or by a pause of {@code timeout} between keys; or, with a {@code menu}, one key
 * that chooses an entry's value ("press 1 for ..."). The keys are personal data, redacted wherever
 * the conversation leaves the process, unless {@code redact} is false.
 */
public record AskKeypad(int min, int max, String terminator, Duration timeout, List<MenuEntry> menu, boolean redact) {
  /** Most keys in one entry. */
  public static final int MAX_KEYS = 32;
  /** The longest wait between two keys a step may set. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
  /** The pause between keys after which an entry is taken as it stands, unless the step sets another. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  private static final Set<String> FIELDS = Set.of("min", "max", "terminator", "timeout", "menu", "redact");
  private static final String KEYS = "0123456789*#";

  /** A menu's choice: the key {@code key} (one of 0-9, *) chooses {@code value}, read to the caller as {@code label}. */
  public record MenuEntry(String key, String label, String value) {}

  public AskKeypad {
    menu = List.copyOf(menu);
  }

  /** The entry is complete with {@code keys} (the terminator not among them): a menu's one key, or the most. */
  public boolean completeAt(String keys) {
    return keys.length() >= (menu.isEmpty() ? max : 1);
  }

  /** The value an entry of {@code keys} gives: a menu's choice, else the keys themselves when their count fits. */
  public Optional<String> value(String keys) {
    if (!menu.isEmpty()) return menu.stream().filter(entry -> entry.key().equals(keys)).map(MenuEntry::value).findFirst();
    return keys.length() >= min && keys.length() <= max ? Optional.of(keys) : Optional.empty();
  }

  /**
   * {@code prompt} followed by the menu read out in the words of {@code words} (the bot's language):
   * "Press 1 for a refund."; the prompt alone without a menu.
   */
  public String prompt(String prompt, LanguagePack words) {
    StringBuilder said = new StringBuilder(prompt);
    for (MenuEntry entry : menu) {
      said.append(' ').append(words.sentence("keypad.press").replace("{key}", spoken(entry.key(), words))
          .replace("{label}", entry.label()));
    }
    return said.toString();
  }

  private static String spoken(String key, LanguagePack words) {
    return key.equals("*") ? words.sentence("keypad.star") : key;
  }

  /** The step's {@code keypad} (absent: none), named {@code at} in problems; a menu label at most {@code maxText} characters. */
  static Optional<AskKeypad> read(JsonNode entry, String at, List<String> problems, int maxText) {
    JsonNode keypad = entry.get("keypad");
    if (keypad == null) return Optional.empty();
    if (!keypad.isObject()) {
      problems.add(at + ": must be an object, e.g. {\"min\": 4, \"max\": 4, \"terminator\": \"#\"}");
      return Optional.empty();
    }
    keypad.fieldNames().forEachRemaining(name -> {
      if (!FIELDS.contains(name)) problems.add(at + "." + name + ": not a field of keypad (" + String.join(", ",
          FIELDS.stream().sorted().toList()) + ")");
    });
    int min = number(keypad, "min", 1, MAX_KEYS, at, problems);
    int max = number(keypad, "max", MAX_KEYS, MAX_KEYS, at, problems);
    if (min > max) problems.add(at + ".min: must not be above max");
    String terminator = keypad.path("terminator").asText("#");
    if (!Set.of("#", "*", "").contains(terminator) || (keypad.has("terminator") && !keypad.get("terminator").isTextual())) {
      problems.add(at + ".terminator: must be \"#\", \"*\" or \"\" (none)");
    }
    int seconds = number(keypad, "timeout", (int) DEFAULT_TIMEOUT.toSeconds(), MAX_TIMEOUT.toSeconds(), at, problems);
    JsonNode redact = keypad.get("redact");
    if (redact != null && !redact.isBoolean()) problems.add(at + ".redact: must be true or false");
    List<MenuEntry> menu = menu(keypad.get("menu"), at + ".menu", terminator, problems, maxText);
    return Optional.of(new AskKeypad(min, max, terminator, Duration.ofSeconds(seconds), menu,
        redact == null || redact.booleanValue()));
  }

  private static int number(JsonNode keypad, String field, int otherwise, long most, String at, List<String> problems) {
    JsonNode value = keypad.get(field);
    if (value == null) return otherwise;
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1 || value.intValue() > most) {
      problems.add(at + "." + field + ": must be a whole number from 1 to " + most);
      return otherwise;
    }
    return value.intValue();
  }

  private static List<MenuEntry> menu(JsonNode value, String at, String terminator, List<String> problems,
      int maxText) {
    if (value == null) return List.of();
    if (!value.isArray() || value.isEmpty() || value.size() > 11) {
      problems.add(at + ": must be a list of 1 to 11 choices, e.g. [{\"key\": \"1\", \"label\": \"a refund\", \"value\": \"refund\"}]");
      return List.of();
    }
    List<MenuEntry> entries = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode choice = value.get(i);
      String key = choice.path("key").asText("");
      String label = choice.path("label").asText("").strip();
      String chosen = choice.path("value").asText(label).strip();
      if (key.length() != 1 || !KEYS.contains(key) || key.equals("#") || key.equals(terminator)) {
        problems.add(at + "[" + i + "].key: must be one key of 0-9 or * (not the terminator)");
      } else if (!keys.add(key)) {
        problems.add(at + "[" + i + "].key: " + key + " is chosen twice");
      }
      if (label.isEmpty() || label.length() > maxText) {
        problems.add(at + "[" + i + "].label: must be a non-empty string of at most " + maxText + " characters");
      }
      entries.add(new MenuEntry(key, label, chosen));
    }
    return entries;
  }

  /** As the tenant writes it. */
  JsonNode tree() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("min", min).put("max", max).put("terminator", terminator).put("timeout", timeout.toSeconds());
    if (!menu.isEmpty()) {
      var choices = node.putArray("menu");
      menu.forEach(entry -> choices.addObject().put("key", entry.key()).put("label", entry.label()).put("value", entry.value()));
    }
    return node.put("redact", redact);
  }
}
