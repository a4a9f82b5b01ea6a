package io.parley.core.guard;

import io.parley.core.language.LanguagePack;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds text that reads like instructions to the model rather than to a person: "ignore the
 * previous instructions", "you are now…", talk of the system prompt, chat-template role markers,
 * requests to reveal secrets or to send data elsewhere. It is a tripwire, not a wall: the prompt's
 * own rules and the fencing of documents as data do the protecting, the detector makes attempts
 * visible (a metric, a log line) and lets a tenant refuse them. Measured on the fixture of
 * {@code InjectionDetectorTest} (docs/security.md). Pure and thread-safe.
 *
 * <p>The English patterns read every text, whatever its conversation's language: attacks are
 * written in English most of all, and the model reads them in any conversation. A conversation in
 * another language is read with its language pack's phrasings too ({@link PackedInjections}).
 */
public final class InjectionDetector {
  /** Which rule a text tripped; named in metrics and logs instead of the text. */
  public record Flag(String rule) {}

  private record Rule(String name, Pattern pattern) {}

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.MULTILINE;
  private static final List<Rule> RULES = List.of(
      new Rule("ignore_instructions", Pattern.compile(
          "\\b(?:ignore|disregard|forget|override|bypass|skip)\\b[^.\\n]{0,40}?\\b(?:previous|prior|above|earlier|preceding"
              + "|all|any|your|the|these|those|system)\\b[^.\\n]{0,30}?\\b(?:instructions?|rules|prompts?|directives?"
              + "|guidelines|guardrails|restrictions)\\b", FLAGS)),
      new Rule("role_change", Pattern.compile(
          "\\byou are now (?:a|an|in|the|my|called|named|free|dan)\\b|\\bfrom now on,? you (?:are|will|must|shall)\\b|\\bpretend (?:to be|you are)\\b"
              + "|\\bact as (?:an? )?(?:unrestricted|unfiltered|jailbroken|different)\\b|\\bdeveloper mode\\b"
              + "|\\bjailbreak|\\bnew (?:instructions|rules|persona)\\s*:", FLAGS)),
      new Rule("system_prompt", Pattern.compile(
          "\\b(?:system|hidden|initial|original|secret) (?:prompt|instructions|message)\\b", FLAGS)),
      new Rule("role_marker", Pattern.compile(
          "^\\s*(?:#{1,3}\\s*)?(?:system|assistant|instruction)s?\\s*:|<\\|(?:im_start|im_end|system|endoftext)\\|>"
              + "|\\[/?INST]|<</?SYS>>|</?(?:system|assistant)>", FLAGS)),
      new Rule("reveal_secrets", Pattern.compile(
          "\\b(?:reveal|print|show|repeat|output|dump|leak|tell me|give me|what (?:is|are))\\b[^.\\n?]{0,30}?"
              + "\\b(?:api[ _-]?keys?|passwords?|secrets?|credentials|access tokens?|your instructions|your rules)\\b", FLAGS)),
      new Rule("exfiltrate", Pattern.compile(
          "\\b(?:send|forward|post|upload|transmit|exfiltrate)\\b[^\\n]{0,60}?\\bto\\s+https?://"
              + "|\\b(?:all|every)\\b[^.\\n]{0,20}?\\b(?:customers?|users?)(?:'s|')?[^.\\n]{0,20}?"
              + "\\b(?:data|records|e-?mails?|address(?:es)?|details|conversations)\\b", FLAGS)));

  private InjectionDetector() {}

  /** The first English rule {@code text} trips, if any. */
  public static Optional<Flag> inspect(String text) {
    for (Rule rule : RULES) {
      if (rule.pattern().matcher(text).find()) return Optional.of(new Flag(rule.name()));
    }
    return Optional.empty();
  }

  /** The first rule {@code text} trips, English or in the words of {@code pack}, if any. */
  public static Optional<Flag> inspect(String text, LanguagePack pack) {
    return inspect(text).or(() -> PackedInjections.inspect(text, pack).map(Flag::new));
  }
}
