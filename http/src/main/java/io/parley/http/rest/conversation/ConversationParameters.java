package io.parley.http.rest.conversation;

import io.parley.core.search.BlindIndex;
import io.parley.core.search.SearchWords;
import io.parley.core.session.Channel;
import io.parley.core.session.MessageRules;
import io.parley.core.session.Refusal;
import io.parley.http.rest.QueryParameters;
import io.parley.persistence.conversations.ConversationQuery;
import io.parley.persistence.conversations.ConversationStatus;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.conversations.ResolvedBy;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /v1/conversations}'s parameters; each bad one is refused with an
 * {@code IllegalArgumentException} that names it and says what it takes (a 400).
 */
public final class ConversationParameters {
  private static final Set<String> KNOWN = Set.of("tenant", "from", "to", "channel", "status", "resolvedBy", "handoff",
      "rating", "leadMin", "leadMax", "tag", "userId", "language", "test", "q", "sort", "limit", "cursor", "score");
  private static final Pattern SCORE = Pattern.compile("([1-5])(?:-([1-5]))?");
  private static final int MAX_SEARCH_LENGTH = 200;
  private static final int MAX_SEARCH_WORDS = 8;
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0," + (JdbcConversations.MAX_TAG_LENGTH - 1) + "}");

  private ConversationParameters() {}

  static ConversationQuery query(String tenant, Map<String, String> parameters, ConversationCursor cursors,
      BlindIndex index) {
    parameters.keySet().stream().filter(name -> !KNOWN.contains(name)).findFirst().ifPresent(name -> {
      throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + KNOWN.stream().sorted().toList());
    });
    Optional<String> language = optional(parameters, "language", ConversationParameters::language);
    ConversationQuery query = new ConversationQuery(tenant,
        instant(parameters, "from"), instant(parameters, "to"),
        optional(parameters, "channel", ConversationParameters::channel),
        optional(parameters, "status", ConversationParameters::statuses).orElse(List.of()),
        optional(parameters, "resolvedBy", ResolvedBy::fromWireName),
        optional(parameters, "handoff", raw -> choice("handoff", raw, ConversationQuery.Handoff.class)),
        number(parameters, "rating", 1, 5), number(parameters, "leadMin", 0, 100), number(parameters, "leadMax", 0, 100),
        optional(parameters, "tag", ConversationParameters::tag),
        optional(parameters, "userId", ConversationParameters::userId),
        language,
        optional(parameters, "test", ConversationParameters::test).orElse(false),
        optional(parameters, "q", ConversationParameters::searchWords).map(words -> index.searchTerms(tenant, words, language))
            .orElse(List.of()),
        optional(parameters, "sort", raw -> choice("sort", raw, ConversationQuery.Order.class))
            .orElse(ConversationQuery.Order.NEWEST),
        Optional.empty(),
        number(parameters, "limit", 1, ConversationQuery.MAX_LIMIT).orElse(ConversationQuery.DEFAULT_LIMIT),
        optional(parameters, "score", ConversationParameters::score));
    Optional<String> cursor = Optional.ofNullable(parameters.get("cursor"));
    return cursor.isPresent() ? query.after(cursors.position(query, cursor.get())) : query;
  }

  /** A score the judge gave, {@code 2}, or a range of them, {@code 1-2}. */
  private static ConversationQuery.ScoreRange score(String raw) {
    var matched = SCORE.matcher(raw);
    if (!matched.matches()) {
      throw new IllegalArgumentException("score must be a score from 1 to 5, or a range of them like 1-2, got '" + raw + "'");
    }
    int min = Integer.parseInt(matched.group(1));
    return new ConversationQuery.ScoreRange(min, matched.group(2) == null ? min : Integer.parseInt(matched.group(2)));
  }

  /** One status or several, comma-separated ({@code open,waiting,with_agent}: every conversation not closed). */
  private static List<ConversationStatus> statuses(String raw) {
    return Arrays.stream(raw.split(",", -1)).map(String::strip).map(ConversationStatus::fromWireName).toList();
  }

  /** {@code test=true}: the test conversations (the draft tried) rather than the customers'. */
  private static boolean test(String raw) {
    if (!raw.equals("true") && !raw.equals("false")) throw new IllegalArgumentException("test must be true or false, got " + raw);
    return raw.equals("true");
  }

  /** A tag as staff write it: lower case letters, digits, '-' and '_', at most 64. */
  static String tag(String raw) {
    if (!TAG.matcher(raw).matches()) {
      throw new IllegalArgumentException("tag must be 1 to " + JdbcConversations.MAX_TAG_LENGTH
          + " lower-case letters, digits, '-' or '_', beginning with a letter or digit");
    }
    return raw;
  }

  /** The words of a search, each of which a conversation must hold (docs/analytics.md, "Search"). */
  private static List<String> searchWords(String raw) {
    if (raw.length() > MAX_SEARCH_LENGTH) {
      throw new IllegalArgumentException("q must be at most " + MAX_SEARCH_LENGTH + " characters, got " + raw.length());
    }
    List<String> words = SearchWords.of(raw);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("q must hold a word to search for: letters or digits other than personal data "
          + "(an e-mail address, a phone or card number is never searchable)");
    }
    if (words.size() > MAX_SEARCH_WORDS) {
      throw new IllegalArgumentException("q must hold at most " + MAX_SEARCH_WORDS + " different words, got " + words.size());
    }
    return words;
  }

  /** A primary language subtag as the rows keep it ({@code en}), or {@code unknown}. */
  private static String language(String raw) {
    if (raw.equals(ConversationQuery.UNKNOWN_LANGUAGE) || LANGUAGE.matcher(raw).matches()) return raw;
    throw new IllegalArgumentException("language must be a lower-case ISO 639 code of 2 or 3 letters, like en, or '"
        + ConversationQuery.UNKNOWN_LANGUAGE + "', got '" + raw + "'");
  }

  private static String userId(String raw) {
    try {
      return MessageRules.id("userId", raw);
    } catch (Refusal refused) {
      throw new IllegalArgumentException(refused.getMessage());
    }
  }

  private static <T> Optional<T> optional(Map<String, String> parameters, String name, Function<String, T> parse) {
    return Optional.ofNullable(parameters.get(name)).map(parse);
  }

  private static Optional<Instant> instant(Map<String, String> parameters, String name) {
    return optional(parameters, name, raw -> QueryParameters.instant(name, raw));
  }

  /** A channel's wire name, checked. */
  public static String channel(String raw) {
    return Channel.fromWireName(raw).wireName();
  }

  private static Optional<Integer> number(Map<String, String> parameters, String name, int min, int max) {
    return optional(parameters, name, raw -> QueryParameters.number(name, raw, min, max));
  }

  private static <E extends Enum<E>> E choice(String name, String raw, Class<E> type) {
    for (E value : type.getEnumConstants()) {
      if (value.name().toLowerCase(Locale.ROOT).equals(raw)) return value;
    }
    throw new IllegalArgumentException(name + " must be one of "
        + java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()
        + ", got '" + raw + "'");
  }
}
