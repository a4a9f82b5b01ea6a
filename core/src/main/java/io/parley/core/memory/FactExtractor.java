package io.parley.core.memory;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the facts a customer should never have to repeat, by fixed rules, in one message at a
 * time. Precision comes before recall: a fact pinned wrongly is shown to the model on every
 * later turn as something "known", while a fact missed is still in the conversation or its
 * summary. So each rule needs a cue, and anything doubtful is left out.
 *
 * <p>From the customer's messages:
 *
 * <ul>
 *   <li><b>Name</b>: after "my name is", "I'm", "I am", "call me", or "this is" opening a
 *       sentence or following a greeting ("Hi, this is Ada from Acme"). One to three
 *       capitalised words (particles such as "van" or "de" may stand between them), none of
 *       them on a stop list of words people capitalise after "I'm" ("Not", "Looking", "Sorry",
 *       "German", weekdays…). Except after "my name is", the name must end the clause (a
 *       punctuation mark, the end, or "and", "from", "here", "with", "at", "speaking"), which
 *       rules out "I'm Looking for my order". After "my name is" a lower-case name is taken
 *       too, but only when the clause ends right after it, and it is capitalised.
 *   <li><b>Email</b>: any address, lower-cased, except role addresses such as {@code support@}
 *       or {@code noreply@} (the customer quoting the shop's address) and an address right
 *       after "instead of", "not" or "old email" (the one being replaced).
 *   <li><b>Phone</b>: 7 to 15 digits with spaces, dots, dashes, slashes or brackets between
 *       them. An international number (a leading {@code +} or {@code 00}) needs no cue; any
 *       other needs a phone word before it in the same sentence ("phone", "mobile", "call me
 *       on", "my number"…). The nearer of a phone word and an order word (order, ticket,
 *       invoice, tracking, account, card…) decides, so "order number 0044 1234 5678" is not a
 *       phone. Card numbers (16 digits) never qualify.
 *   <li><b>Order number</b>: after "order" with "number", "no.", "nr", "id", "ref", "#" or ":"
 *       ("order #A-77812", "order number 55"); or bare ("order 1042") when the value has at
 *       least three characters, "order" is not a verb ("to order 100 chairs", "I'll order
 *       1000") and no unit follows ("order 200 items"). Values are letters (up to four), then
 *       digits, then dash-separated parts; upper-cased, the {@code #} dropped.
 *   <li><b>Ticket number</b>: {@code T-} and at least three digits anywhere ("T-1042"), or a
 *       value after "ticket" as for orders.
 * </ul>
 *
 * <p>From the assistant's messages: ticket numbers as above, and <b>commitments</b>: a sentence
 * in which the assistant or the team promises an action for later ("I'll email you by
 * Friday", "Someone will call you tomorrow", "You'll receive a refund within 5 days") or
 * reports one it took ("I've created ticket T-1042"). The verb must be one of follow-up
 * actions (email, call, send, refund, escalate, arrange, let you know…), not "help" or "check".
 * Questions, offers ("If you'd like, I'll…", "Shall I…") and sentences denying the action in the
 * same clause ("I can't promise someone will call") are not commitments. The value is the
 * sentence itself, at most {@value #MAX_COMMITMENT_CHARS} characters.
 *
 * <p>System and tool messages yield nothing.
 */
public final class FactExtractor {
  static final int MAX_COMMITMENT_CHARS = 240;

  private static final String APOSTROPHE = "['’]";
  // Compiled once: every sentence of every answer is collapsed with it.
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern NAME_CUE = Pattern.compile(
      "(?i)\\b(my name is|my name" + APOSTROPHE + "s|i am|i" + APOSTROPHE + "m|this is|call me)\\s+");
  private static final String PARTICLE = "(?:van|von|de|der|den|da|di|del|della|du|la|le|bin|ibn|al|el|ten|ter)";
  private static final Pattern CAPITALISED_RUN = Pattern.compile(
      "\\p{Lu}[\\p{L}'’-]*(?:\\s+(?:" + PARTICLE + "\\s+)?\\p{Lu}[\\p{L}'’-]*){0,2}");
  private static final Pattern LOWER_CASE_RUN = Pattern.compile(
      "\\p{Ll}[\\p{L}'’-]*(?:\\s+\\p{Ll}[\\p{L}'’-]*){0,2}");
  private static final Pattern NAME_WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*");
  private static final Pattern NAME_END = Pattern.compile(
      "(?i)(?:\\s*$|\\s*[.,!?;:()]|\\s+(?:and|from|here|speaking|again|with|at)\\b|\\s+[-–—])");
  private static final Pattern CLAUSE_END = Pattern.compile("\\s*(?:$|[.,!?;:])");
  private static final Pattern SENTENCE_START = Pattern.compile(
      "(?i)(?:^|[.!?,;:\\n]|\\b(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)))\\s*$");
  private static final Set<String> NOT_NAMES = Set.of(
      // Words of the sentence itself.
      "a", "an", "the", "this", "that", "these", "those", "it", "its", "my", "your", "our", "their",
      "his", "her", "me", "you", "we", "they", "he", "she", "not", "no", "yes", "so", "and", "or",
      "but", "if", "then", "from", "with", "at", "in", "on", "of", "for", "to", "by", "about", "as",
      "here", "there", "just", "also", "still", "only", "really", "very", "too", "now", "back",
      "again", "what", "why", "how", "where", "when", "who", "which", "hi", "hello", "hey",
      "thanks", "please",
      // States and activities people describe after "I'm".
      "sorry", "fine", "good", "great", "ok", "okay", "well", "sure", "glad", "happy", "sad", "new",
      "unable", "able", "afraid", "ready", "done", "home", "away", "out", "over", "available",
      "busy", "free", "interested", "frustrated", "annoyed", "angry", "upset", "tired", "confused",
      "worried", "concerned", "disappointed", "pleased", "curious", "right", "wrong", "correct",
      "calling", "writing", "asking", "trying", "looking", "waiting", "wondering", "contacting",
      "having", "getting", "going", "hoping", "using", "following", "reaching", "never", "always",
      "already", "currently", "actually", "certainly", "definitely", "probably", "customer",
      "client", "member", "user", "owner", "buyer", "seller", "manager", "student", "urgent",
      "important", "ridiculous", "unacceptable", "terrible", "awful", "crazy", "insane",
      "strange", "weird", "amazing", "awesome", "true", "false", "deaf", "blind", "vegan",
      // What a name "is" when the customer talks about it rather than gives it.
      "missing", "incorrect", "misspelled", "misspelt", "spelled", "spelt", "listed", "shown",
      "different", "changed", "empty", "blank", "same", "above", "below", "attached", "mentioned",
      "private", "irrelevant", "unknown",
      // Days and months (those not also common first names).
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
      "tomorrow", "tonight", "yesterday", "january", "february", "march", "july", "september",
      "october", "november", "december",
      // Nationalities and languages ("I'm German").
      "english", "german", "french", "spanish", "italian", "dutch", "polish", "portuguese",
      "american", "british", "canadian", "australian", "irish", "scottish", "welsh", "indian",
      "chinese", "japanese", "korean", "russian", "swedish", "danish", "norwegian", "finnish",
      "swiss", "austrian", "belgian", "mexican", "brazilian", "european", "asian", "african");

  private static final Pattern EMAIL = Pattern.compile(
      "(?<![\\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
          + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}(?![\\w-])");
  private static final Set<String> ROLE_ADDRESSES = Set.of(
      "support", "help", "info", "noreply", "no-reply", "donotreply", "do-not-reply", "service",
      "customerservice", "customer-service", "sales", "contact", "billing", "returns", "orders",
      "team", "admin", "hello", "care", "shop", "store", "webmaster", "postmaster");
  private static final Pattern REPLACED_BEFORE = Pattern.compile(
      "(?i)\\b(?:instead of|rather than|not|no longer|(?:old|previous|former|wrong)\\s+"
          + "(?:e-?mail|address|phone|number)(?:\\s+(?:address|number))?(?:\\s+(?:is|was))?:?)\\s*$");

  private static final Pattern PHONE = Pattern.compile(
      "(?<![\\w+#/.-])(?:\\+|\\(\\+?)?\\d[\\d().\\-/ ]{5,22}\\d(?![\\w-])");
  private static final Pattern PHONE_CUE = Pattern.compile(
      "(?i)\\b(?:phone|mobile|cell|cellphone|tel|telephone|landline|whatsapp|call me|call back"
          + "|ring me|reach me|text me|my number)");
  private static final Pattern NOT_PHONE_CUE = Pattern.compile(
      "(?i)\\b(?:order|ticket|invoice|tracking|account|reference|ref|case|card|iban|postcode"
          + "|zip|sku|item|parcel|package|receipt|serial)\\b");

  private static final String ID_VALUE = "#?((?:[A-Z]{1,4}-?)?\\d+(?:-[A-Z0-9]+)*)(?![\\w-])";
  private static final String ID_CUE =
      "(\\s+(?:number|no\\.|no|nr\\.?|num|id|ref(?:erence)?)|\\s*#|\\s*:)?(?:\\s+is)?\\s*[:#]?\\s*";
  private static final Pattern ORDER = Pattern.compile("(?i)\\border" + ID_CUE + ID_VALUE);
  private static final Pattern TICKET = Pattern.compile("(?i)\\bticket" + ID_CUE + ID_VALUE);
  private static final Pattern T_TICKET = Pattern.compile("(?i)(?<![\\w-])T-\\d{3,}(?![\\w-])");
  private static final Pattern ORDER_AS_VERB = Pattern.compile(
      "(?i)\\b(?:to|i|we|you|they|will|would|can|could|should|might|may|must|please|and|just"
          + "|also|did|didn" + APOSTROPHE + "t|not|i" + APOSTROPHE + "d|i" + APOSTROPHE + "ll"
          + "|we" + APOSTROPHE + "ll|we" + APOSTROPHE + "d)\\s+$");
  private static final Pattern UNIT_AFTER = Pattern.compile(
      "(?i)^\\s*(?:days?|weeks?|months?|years?|hours?|minutes?|items?|pieces?|pcs|units?|times|of"
          + "|x|boxes|packs?|pairs?)\\b");

  private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\d\"'“(])|\\n+");
  private static final String FOLLOW_UP =
      "(?:e-?mail|send|resend|call|phone|ring|text|message|contact|follow\\s+up|get\\s+back"
          + "|reach\\s+out|refund|reimburse|credit|ship|dispatch|deliver|arrange|escalate|forward"
          + "|pass|notify|let\\s+you\\s+know|keep\\s+you\\s+(?:posted|updated|informed)"
          + "|update\\s+you|process|issue|schedule|book|replace|cancel|create|open|raise|reply"
          + "|respond|investigate|be\\s+in\\s+touch|get\\s+in\\s+touch)";
  private static final Pattern COMMITMENT = Pattern.compile("(?i)"
      + "\\b(?:i|we)(?:" + APOSTROPHE + "ll|\\s+will|\\s+shall)\\s+"
      + "(?:also\\s+|now\\s+|personally\\s+|then\\s+|gladly\\s+|(?:make|be)\\s+sure\\s+to\\s+)?"
      + FOLLOW_UP + "\\b"
      + "|\\b(?:someone|somebody|a\\s+colleague|one\\s+of\\s+(?:our|my)\\s+colleagues"
      + "|an?\\s+(?:\\w+\\s+)?(?:agent|specialist|manager|supervisor|representative|technician"
      + "|member\\s+of\\s+(?:our|the)\\s+(?:\\w+\\s+)?team)"
      + "|(?:our|the)\\s+(?:\\w+\\s+)?(?:team|department|courier|warehouse|specialists?|agents?))"
      + "(?:\\s+from\\s+(?:our|the)\\s+(?:\\w+\\s+)?team)?\\s+will\\s+" + FOLLOW_UP + "\\b"
      + "|\\byou(?:" + APOSTROPHE + "ll|\\s+will|\\s+should)\\s+(?:receive|get|hear\\s+from)\\b"
      + "|\\b(?:i|we)(?:" + APOSTROPHE + "ve|\\s+have)\\s+(?:just\\s+|now\\s+|already\\s+|also\\s+)?"
      + "(?:created|opened|raised|logged|escalated|filed|submitted|booked|scheduled|arranged"
      + "|issued|requested|forwarded|passed|sent|processed|initiated|cancell?ed|refunded"
      + "|flagged|reported)\\b");
  private static final Pattern OFFER = Pattern.compile(
      "(?i)^(?:if\\s+you(?:" + APOSTROPHE + "d|\\s+would)?\\s+(?:like|want|prefer|wish)"
          + "|would\\s+you|shall\\s+i|should\\s+i|do\\s+you\\s+want)\\b");
  private static final Pattern DENIAL = Pattern.compile(
      "(?i)\\b(?:can" + APOSTROPHE + "t|cannot|can\\s+not|unable|won" + APOSTROPHE + "t|not|don"
          + APOSTROPHE + "t|no\\s+one|nobody|never)\\b");

  /** The facts in {@code message}, in the order of the rules above, each kind at most once per value. */
  public List<ExtractedFact> extract(ChatMessage message) {
    List<ExtractedFact> facts = new ArrayList<>();
    String text = message.text();
    long seq = message.seq();
    if (message.role() == Role.USER) {
      // Each rule claims the characters it used, in this order, so that no later rule reads
      // digits of an email address, a ticket or an order as something else.
      Claims claims = new Claims();
      List<String> emails = emails(text, claims);
      List<String> tickets = tickets(text, claims);
      List<String> orders = identifiers(ORDER, text, claims);
      List<String> phones = phones(text, claims);
      name(text).ifPresent(name -> facts.add(new ExtractedFact(FactKind.CUSTOMER_NAME, name, seq)));
      for (String email : emails) facts.add(new ExtractedFact(FactKind.EMAIL, email, seq));
      for (String phone : phones) facts.add(new ExtractedFact(FactKind.PHONE, phone, seq));
      for (String order : orders) facts.add(new ExtractedFact(FactKind.ORDER_NUMBER, order, seq));
      for (String ticket : tickets) facts.add(new ExtractedFact(FactKind.TICKET_NUMBER, ticket, seq));
    } else if (message.role() == Role.ASSISTANT) {
      for (String ticket : tickets(text, new Claims())) {
        facts.add(new ExtractedFact(FactKind.TICKET_NUMBER, ticket, seq));
      }
      for (String sentence : sentences(text)) {
        if (isCommitment(sentence)) {
          facts.add(new ExtractedFact(FactKind.COMMITMENT, shorten(sentence, MAX_COMMITMENT_CHARS), seq));
        }
      }
    }
    return dedupe(facts);
  }

  /** The sentences of {@code text}, whitespace collapsed: lines, and stops before a capital. */
  static List<String> sentences(String text) {
    List<String> sentences = new ArrayList<>();
    for (String part : SENTENCE_BREAK.split(text.strip())) {
      String sentence = SPACES.matcher(part.strip()).replaceAll(" ");
      if (!sentence.isEmpty()) sentences.add(sentence);
    }
    return sentences;
  }

  /** Whether the assistant promises or reports a follow-up action in this sentence. */
  static boolean isCommitment(String sentence) {
    if (sentence.endsWith("?") || OFFER.matcher(sentence).find()) return false;
    Matcher m = COMMITMENT.matcher(sentence);
    if (!m.find()) return false;
    String before = sentence.substring(0, m.start());
    String clause = before.substring(Math.max(
        Math.max(before.lastIndexOf(','), before.lastIndexOf(';')), before.lastIndexOf(':')) + 1);
    return !DENIAL.matcher(clause).find();
  }

  /** {@code text} cut at a word boundary to at most {@code max} characters, marked with "…". */
  static String shorten(String text, int max) {
    if (text.length() <= max) return text;
    int cut = text.lastIndexOf(' ', max - 1);
    if (cut < max / 2) cut = max - 1;
    return text.substring(0, cut).stripTrailing() + "…";
  }

  private static Optional<String> name(String text) {
    Matcher cue = NAME_CUE.matcher(text);
    while (cue.find()) {
      String said = cue.group(1).toLowerCase(Locale.ROOT).replace('’', '\'');
      if (said.equals("this is") && !SENTENCE_START.matcher(text.substring(0, cue.start())).find()) {
        continue;
      }
      boolean explicit = said.startsWith("my name");
      Optional<String> name = capitalisedName(text, cue.end(), !explicit);
      if (name.isEmpty() && explicit) name = lowerCaseName(text, cue.end());
      if (name.isPresent()) return name;
    }
    return Optional.empty();
  }

  private static Optional<String> capitalisedName(String text, int from, boolean mustEndClause) {
    Matcher run = CAPITALISED_RUN.matcher(text).region(from, text.length());
    if (!run.lookingAt()) return Optional.empty();
    int end = nameEnd(text, run.start(), run.end(), true);
    if (end < 0) return Optional.empty();
    if (mustEndClause && !NAME_END.matcher(text).region(end, text.length()).lookingAt()) {
      return Optional.empty();
    }
    return Optional.of(SPACES.matcher(text.substring(run.start(), end)).replaceAll(" "));
  }

  private static Optional<String> lowerCaseName(String text, int from) {
    Matcher run = LOWER_CASE_RUN.matcher(text).region(from, text.length());
    if (!run.lookingAt()) return Optional.empty();
    int end = nameEnd(text, run.start(), run.end(), false);
    if (end < 0 || !CLAUSE_END.matcher(text).region(end, text.length()).lookingAt()) {
      return Optional.empty();
    }
    StringBuilder name = new StringBuilder();
    for (String word : text.substring(run.start(), end).split("\\s+")) {
      if (name.length() > 0) name.append(' ');
      name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
    }
    return Optional.of(name.toString());
  }

  /**
   * Where the name in {@code text[start, end)} really ends: before the first word that cannot
   * be part of a name; -1 if that is the first word. Particles count only between names.
   */
  private static int nameEnd(String text, int start, int end, boolean capitalised) {
    Matcher word = NAME_WORD.matcher(text).region(start, end);
    int nameEnd = -1;
    while (word.find()) {
      String w = word.group();
      String lower = w.toLowerCase(Locale.ROOT);
      boolean particle = capitalised && lower.matches(PARTICLE) && Character.isLowerCase(w.charAt(0));
      if (particle) continue;
      boolean plausible = w.length() >= 2
          && !NOT_NAMES.contains(lower)
          && !lower.endsWith("'s") && !lower.endsWith("’s")
          && (!capitalised || w.chars().anyMatch(Character::isLowerCase));
      if (!plausible) break;
      nameEnd = word.end();
    }
    return nameEnd;
  }

  private static List<String> emails(String text, Claims claims) {
    List<String> emails = new ArrayList<>();
    for (MatchResult m : claimed(EMAIL, text, claims)) {
      String email = m.group().toLowerCase(Locale.ROOT);
      String local = email.substring(0, email.indexOf('@'));
      if (ROLE_ADDRESSES.contains(local) || replacedBefore(text, m.start())) continue;
      emails.add(email);
    }
    return emails;
  }

  private static List<String> tickets(String text, Claims claims) {
    List<String> tickets = new ArrayList<>();
    for (MatchResult t : claimed(T_TICKET, text, claims)) tickets.add(t.group().toUpperCase(Locale.ROOT));
    tickets.addAll(identifiers(TICKET, text, claims));
    return tickets;
  }

  /** Every match of {@code pattern} in {@code text}, each claimed so that no later rule reads its characters. */
  private static List<MatchResult> claimed(Pattern pattern, String text, Claims claims) {
    List<MatchResult> matches = pattern.matcher(text).results().toList();
    matches.forEach(m -> claims.claim(m.start(), m.end()));
    return matches;
  }

  /**
   * The identifiers (group 2, upper-cased) that {@code pattern} finds where nothing was claimed yet;
   * one without its cue (group 1: "number", "no.", "#", ":") only where it reads as an identifier.
   */
  private static List<String> identifiers(Pattern pattern, String text, Claims claims) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      if (claims.overlaps(m.start(2), m.end(2))) continue;
      String value = m.group(2).toUpperCase(Locale.ROOT);
      if (m.group(1) == null && !bareIdentifier(text, m, value)) continue;
      claims.claim(m.start(2), m.end(2));
      found.add(value);
    }
    return found;
  }

  /** "order 1042" with no "number" or "#": a noun followed by an identifier, not a quantity. */
  private static boolean bareIdentifier(String text, Matcher m, String value) {
    return value.length() >= 3
        && !ORDER_AS_VERB.matcher(text.substring(0, m.start())).find()
        && !UNIT_AFTER.matcher(text.substring(m.end())).find();
  }

  private static List<String> phones(String text, Claims claims) {
    List<String> phones = new ArrayList<>();
    Matcher m = PHONE.matcher(text);
    while (m.find()) {
      String candidate = m.group().strip();
      long digits = candidate.chars().filter(Character::isDigit).count();
      if (digits < 7 || digits > 15 || candidate.contains("  ") || claims.overlaps(m.start(), m.end())) {
        continue;
      }
      if (!phoneByContext(text, m.start(), candidate) || replacedBefore(text, m.start())) continue;
      phones.add(SPACES.matcher(candidate).replaceAll(" "));
    }
    return phones;
  }

  /** Decided by the nearest cue before the number within its sentence, as documented above. */
  private static boolean phoneByContext(String text, int start, String candidate) {
    String before = text.substring(Math.max(0, start - 60), start);
    int sentenceStart = Math.max(before.lastIndexOf('\n'), Math.max(before.lastIndexOf(". "),
        Math.max(before.lastIndexOf("! "), before.lastIndexOf("? "))));
    before = before.substring(sentenceStart + 1);
    int phoneCue = lastMatch(PHONE_CUE, before);
    int otherCue = lastMatch(NOT_PHONE_CUE, before);
    boolean international = candidate.startsWith("+") || candidate.startsWith("(+") || candidate.startsWith("00");
    if (otherCue > phoneCue) return false;
    return international || phoneCue >= 0;
  }

  private static int lastMatch(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    int last = -1;
    while (m.find()) last = m.start();
    return last;
  }

  private static boolean replacedBefore(String text, int start) {
    return REPLACED_BEFORE.matcher(text.substring(Math.max(0, start - 40), start)).find();
  }

  private static List<ExtractedFact> dedupe(List<ExtractedFact> facts) {
    Set<String> seen = new HashSet<>();
    List<ExtractedFact> distinct = new ArrayList<>();
    for (ExtractedFact fact : facts) {
      if (seen.add(fact.kind() + "\u0000" + fact.kind().sameness(fact.value()))) distinct.add(fact);
    }
    return distinct;
  }

  /** Stretches of a message already taken by one fact, so that no other rule reads them again. */
  private static final class Claims {
    private final List<int[]> spans = new ArrayList<>();

    void claim(int start, int end) {
      spans.add(new int[] {start, end});
    }

    boolean overlaps(int start, int end) {
      for (int[] span : spans) {
        if (start < span[1] && span[0] < end) return true;
      }
      return false;
    }
  }
}
