package io.parley.core.offline;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.language.LanguagePack;
import io.parley.core.language.TextPack;
import io.parley.core.language.Wording;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Answers customers by rules when no model can: none is configured, or every attempt failed.
 * A question one of the tenant's help articles answers gets that article's passage, under its
 * title ({@link #fromArticle}); otherwise it recognises a handful of support intents (greetings,
 * help, a human agent, passwords, refunds, order tracking, tickets, opening hours), each strictly
 * enough that a rule never answers a question it does not fit, and else says plainly that it
 * cannot answer and how to reach a person. Its rules look nothing up, so their answers point to
 * where the customer can find out.
 *
 * <p>The rules come from a JSON file, by default {@value #DEFAULT_RESOURCE}, so they change without code:
 *
 * <pre>{@code
 * { "rules": [ { "id": "password", "patterns": ["\\bpassword\\b"] } ] }
 * }</pre>
 *
 * Patterns are Java regular expressions, matched case-insensitively anywhere in the message;
 * write word boundaries ({@code \b}) so that "hi" does not match "this". They are English (and
 * ticket numbers) and read every conversation; a conversation in another language also reads that
 * language's words for each rule in its language pack ({@link OfflineRule}: {@code offline.<id>},
 * {@code offline.<id>.alone}). The first rule in file order that matches wins, so specific intents
 * come before general ones. What the answers say is
 * in the language packs ({@link Wording}), in the conversation's language: {@code offline.answer.<id>}
 * for each rule, {@code offline.fallback}, and the openings {@code offline.apology},
 * {@code offline.first-reply}, {@code offline.article} and {@code offline.cached}; the answer about
 * hours and contact is followed by the tenant's support hours where it set them ({@code offline.hours.*}).
 */
public final class OfflineResponder {
  public static final String DEFAULT_RESOURCE = "/offline/answers.json";
  /** The rule id of the answer to a question about opening hours or how to reach the team. */
  public static final String HOURS_ID = "hours_contact";
  /** The rule id of an answer from a help article. */
  public static final String ARTICLE_ID = "article";

  private final List<OfflineRule> rules;

  private OfflineResponder(List<OfflineRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Loads the rules from an absolute classpath path.
   *
   * @throws IllegalArgumentException if the resource is missing or not a valid answers file, or
   *     a rule has no English answer in the packs
   */
  public static OfflineResponder fromResource(String resource) {
    try (InputStream in = OfflineResponder.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No offline answers resource " + resource
            + " on the classpath");
      }
      return fromFile(new ObjectMapper().readValue(in, AnswersFile.class), resource);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "Offline answers " + resource + " is not valid: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read offline answers " + resource, e);
    }
  }

  /**
   * The reply to a customer's message, in {@code wording}'s language.
   *
   * @param reason with {@link OfflineReason#MODEL_UNAVAILABLE} the reply opens with an apology,
   *     since the customer expected the assistant
   * @param firstReply whether this is the first offline reply of the conversation; with {@link
   *     OfflineReason#NOT_CONFIGURED} it then opens by saying this is the automatic help, once,
   *     rather than on every reply
   */
  public OfflineReply reply(String userText, OfflineReason reason, boolean firstReply, Wording wording) {
    return reply(userText, reason, firstReply, wording, Optional.empty());
  }

  /**
   * As above, with the tenant's support hours as {@code wording} tells them ({@link Wording#teamHours}),
   * when it set them: they follow the answer to a question about hours or contact, the one answer
   * of the rules that depends on the tenant.
   */
  public OfflineReply reply(String userText, OfflineReason reason, boolean firstReply, Wording wording,
      Optional<String> teamHours) {
    // Phones and word processors type curly apostrophes; the patterns are written with '.
    String text = userText.replace('\u2019', '\'').replace('\u2018', '\'');
    String ruleId = OfflineReply.FALLBACK_ID;
    String answer = wording.text("offline.fallback");
    Optional<LanguagePack> words = LanguagePack.find(wording.language())
        .filter(pack -> !pack.language().equals(LanguagePack.FALLBACK));
    for (OfflineRule rule : rules) {
      if (rule.matches(text, words)) {
        ruleId = rule.id();
        answer = wording.text(answerKey(rule.id()));
        if (rule.id().equals(HOURS_ID) && teamHours.isPresent()) answer += " " + teamHours.get();
        break;
      }
    }
    return new OfflineReply(opening(reason, firstReply, wording) + answer, ruleId);
  }

  /**
   * The reply that answers with a passage of one of the tenant's help articles, opened as
   * {@link #reply} opens and introduced by the article's title, so the customer knows where it is from.
   */
  public OfflineReply fromArticle(ArticlePassage article, OfflineReason reason, boolean firstReply, Wording wording) {
    return new OfflineReply(opening(reason, firstReply, wording)
        + wording.text("offline.article", Map.of("title", article.title())) + "\n\n" + article.passage(), ARTICLE_ID);
  }

  private static String opening(OfflineReason reason, boolean firstReply, Wording wording) {
    return switch (reason) {
      case MODEL_UNAVAILABLE -> wording.text("offline.apology") + " ";
      case NOT_CONFIGURED -> firstReply ? wording.text("offline.first-reply") + " " : "";
    };
  }

  /**
   * The reply when no model can answer but the answer cache holds the model's earlier answer to a
   * similar question: the apology, a notice saying what follows, then that answer.
   */
  public String fromCache(String cachedAnswer, Wording wording) {
    return wording.text("offline.apology") + " " + wording.text("offline.cached") + "\n\n" + cachedAnswer;
  }

  private static String answerKey(String ruleId) {
    return "offline.answer." + ruleId;
  }

  private static OfflineResponder fromFile(AnswersFile file, String resource) {
    List<OfflineRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>(Set.of(OfflineReply.FALLBACK_ID, ARTICLE_ID));
    for (RuleEntry entry : file.rules() == null ? List.<RuleEntry>of() : file.rules()) {
      String id = required(entry.id(), "rule id", resource);
      if (!ids.add(id)) {
        throw new IllegalArgumentException(
            "Offline answers " + resource + ": rule id '" + id + "' is used twice or reserved");
      }
      if (entry.patterns() == null || entry.patterns().isEmpty()) {
        throw new IllegalArgumentException(
            "Offline answers " + resource + ": rule '" + id + "' has no patterns");
      }
      List<Pattern> patterns = new ArrayList<>();
      for (String pattern : entry.patterns()) {
        patterns.add(compile(pattern, id, resource));
      }
      if (TextPack.english().text(answerKey(id)).isEmpty()) {
        throw new IllegalArgumentException("Offline answers " + resource + ": rule '" + id
            + "' has no answer: the English language pack has no " + answerKey(id));
      }
      rules.add(new OfflineRule(id, patterns));
    }
    return new OfflineResponder(rules);
  }

  private static Pattern compile(String pattern, String ruleId, String resource) {
    try {
      return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("Offline answers " + resource + ": rule '" + ruleId
          + "' has an invalid pattern: " + e.getMessage(), e);
    }
  }

  private static String required(String value, String field, String resource) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "Offline answers " + resource + ": " + field + " is missing or empty");
    }
    return value.strip();
  }

  /** The file as written; validated and compiled into rules by {@link #fromFile}. */
  record AnswersFile(List<RuleEntry> rules) {}

  record RuleEntry(String id, List<String> patterns) {}
}
