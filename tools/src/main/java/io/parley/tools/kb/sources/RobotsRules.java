package io.parley.tools.kb.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A site's robots.txt as RFC 9309 reads it, for the crawler {@value #AGENT}: the group naming it,
 * else the {@code *} group; of its {@code Allow} and {@code Disallow} rules, the longest that
 * matches a path decides, {@code Allow} on a tie; {@code *} matches any characters and a final
 * {@code $} the path's end. A path no rule matches is allowed.
 */
final class RobotsRules {
  static final String AGENT = "parleybot";
  /** What is read of a robots.txt (RFC 9309 asks crawlers to read at least 500 KiB). */
  static final int MAX_BYTES = 512 * 1024;

  private record Rule(boolean allow, String pattern) {}

  private final List<Rule> rules;

  private RobotsRules(List<Rule> rules) {
    this.rules = rules;
  }

  static RobotsRules allowingAll() {
    return new RobotsRules(List.of());
  }

  /** Everything disallowed: what a robots.txt that cannot be read (a 5xx, a timeout) means. */
  static RobotsRules disallowingAll() {
    return new RobotsRules(List.of(new Rule(false, "/")));
  }

  static RobotsRules parse(String text) {
    List<Rule> ours = new ArrayList<>();
    List<Rule> anyone = new ArrayList<>();
    boolean forUs = false;
    boolean forAnyone = false;
    boolean inAgents = false;
    for (String raw : text.split("\r\n|\r|\n")) {
      int comment = raw.indexOf('#');
      String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (key.equals("user-agent")) {
        if (!inAgents) {
          forUs = false;
          forAnyone = false;
        }
        inAgents = true;
        String agent = value.toLowerCase(Locale.ROOT);
        forUs |= agent.equals(AGENT);
        forAnyone |= agent.equals("*");
      } else if (key.equals("allow") || key.equals("disallow")) {
        inAgents = false;
        if (value.isEmpty()) continue;
        Rule rule = new Rule(key.equals("allow"), value);
        if (forUs) ours.add(rule);
        if (forAnyone) anyone.add(rule);
      } else {
        inAgents = false;
      }
    }
    return new RobotsRules(List.copyOf(ours.isEmpty() ? anyone : ours));
  }

  /** @param path the URL's path and query, from its {@code /} */
  boolean allows(String path) {
    Rule decisive = null;
    for (Rule rule : rules) {
      if (!matches(rule.pattern(), path)) continue;
      if (decisive == null || rule.pattern().length() > decisive.pattern().length()
          || (rule.pattern().length() == decisive.pattern().length() && rule.allow())) {
        decisive = rule;
      }
    }
    return decisive == null || decisive.allow();
  }

  /** A rule's path is a prefix, with {@code *} and a final {@code $}; {@code ?} is itself. */
  private static boolean matches(String pattern, String path) {
    boolean anchored = pattern.endsWith("$");
    return PathPatterns.matches(anchored ? pattern.substring(0, pattern.length() - 1) : pattern + "*", path, false);
  }
}
