package io.parley.core.language;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The language a customer writes in, told by Lingua among the languages a node is set to detect.
 * Lingua runs in its low-accuracy mode (trigram models only: about 2 MB of heap a language, a fifth
 * of a millisecond a message, which it reads by its opening {@link #MAX_READ} characters; the
 * high-accuracy mode takes about 28 MB a language), which misreads
 * short texts ("How do I reset my password?" reads as Italian). So a text is decided only when it
 * has enough letters, its likeliest language stands clear of the next, and the language it is
 * thought to be in already (the conversation's, else English) is clearly less likely; anything else
 * is undecided rather than guessed. A shorter text is decided by its script where that tells one of
 * the languages read ({@link WritingScript}: Hebrew letters are Hebrew, Arabic ones Arabic unless
 * Persian or Urdu is read too); short Latin text stays undecided. The models load in the
 * background, so a node is ready at once; until they have loaded every text Lingua would read is
 * undecided.
 */
public final class LanguageDetection {
  /** Fewer letters than this say too little about their language to decide on. */
  static final int MIN_LETTERS = 25;
  /**
   * How much less likely (Lingua's confidences, the likeliest at 1) than the likeliest language the
   * next one, and the language the text is thought to be in, must be for the text to be decided.
   */
  private static final double MIN_GAP = 0.15;
  /**
   * A text is read by its first this many characters: they tell its language as well as the whole
   * does, and a message's detection, on the session's thread before its write, then takes about
   * 0.2 ms however long the message (a 16 KB one read whole takes about 8 ms, a larger limit set by
   * the operator more).
   */
  static final int MAX_READ = 500;
  private static final Logger LOG = LoggerFactory.getLogger(LanguageDetection.class);

  private final List<Language> languages;
  private final WritingScript scripts;
  private final CompletableFuture<LanguageDetector> detector = new CompletableFuture<>();

  private LanguageDetection(List<Language> languages) {
    this.languages = languages;
    this.scripts = new WritingScript(languages.stream()
        .map(language -> language.getIsoCode639_1().toString().toLowerCase(Locale.ROOT)).toList());
  }

  /** Detects nothing: every text is undecided (a node with detection off). */
  public static LanguageDetection off() {
    return new LanguageDetection(List.of());
  }

  /**
   * Detection among {@code languages} (ISO 639-1 codes), undecided until {@link #loadOn} has loaded them.
   *
   * @throws IllegalArgumentException for a code Lingua does not know, or fewer than two languages
   */
  public static LanguageDetection of(Collection<String> languages) {
    List<Language> known = lingua(languages);
    if (known.size() < 2) throw new IllegalArgumentException("language detection needs at least two languages: " + languages);
    return new LanguageDetection(known);
  }

  /** Loads the models on {@code loader}; a detection that is off stays off. */
  public LanguageDetection loadOn(Executor loader) {
    if (languages.isEmpty()) return this;
    CompletableFuture.supplyAsync(() -> {
      long started = System.nanoTime();
      LanguageDetector built = LanguageDetectorBuilder.fromLanguages(languages.toArray(Language[]::new))
          .withLowAccuracyMode().withPreloadedLanguageModels().build();
      LOG.info("Language detection is ready for {} in {} ms", languages, (System.nanoTime() - started) / 1_000_000);
      return built;
    }, loader).whenComplete((built, failed) -> {
      if (failed != null) {
        LOG.error("Language detection could not load its models; conversations keep their tenant's language", failed);
      } else {
        detector.complete(built);
      }
    });
    return this;
  }

  /** Completes when the models have loaded (never, when detection is off). */
  public CompletionStage<Void> loaded() {
    return detector.thenApply(ready -> null);
  }

  /**
   * The language {@code text} is written in, when it says so clearly and the models have loaded;
   * {@code thought} is the language it is taken to be in until then, which a text only overturns by
   * a clear margin. A text too short for that is decided by its script alone, when the script
   * names one language ({@link WritingScript}), models loaded or not. Only its opening
   * {@link #MAX_READ} characters are read.
   */
  public Optional<LanguageTag> detect(String text, LanguageTag thought) {
    if (languages.isEmpty()) return Optional.empty();
    String read = opening(text);
    if (letters(read) < MIN_LETTERS) return scripts.languageOf(read, thought);
    LanguageDetector ready = detector.getNow(null);
    if (ready == null) return Optional.empty();
    SortedMap<Language, Double> confidences = ready.computeLanguageConfidenceValues(read);
    if (confidences.isEmpty()) return Optional.empty();
    Iterator<Map.Entry<Language, Double>> ranked = confidences.entrySet().iterator();
    Language likeliest = ranked.next().getKey();
    double next = ranked.hasNext() ? ranked.next().getValue() : 0;
    String code = likeliest.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
    double thoughtConfidence = confidences.entrySet().stream()
        .filter(entry -> entry.getKey().getIsoCode639_1().toString().equalsIgnoreCase(thought.primary()))
        .mapToDouble(Map.Entry::getValue).findFirst().orElse(0);
    boolean clear = next <= 1 - MIN_GAP && (code.equals(thought.primary()) || thoughtConfidence <= 1 - MIN_GAP);
    return clear ? LanguageTag.parse(code) : Optional.empty();
  }

  /** The first {@link #MAX_READ} characters of {@code text}, not cutting a surrogate pair in two. */
  static String opening(String text) {
    if (text.length() <= MAX_READ) return text;
    int end = Character.isHighSurrogate(text.charAt(MAX_READ - 1)) ? MAX_READ - 1 : MAX_READ;
    return text.substring(0, end);
  }

  static int letters(String text) {
    return (int) text.codePoints().filter(Character::isLetter).count();
  }

  private static List<Language> lingua(Collection<String> languages) {
    List<Language> known = new ArrayList<>();
    for (String code : languages) {
      IsoCode639_1 iso;
      try {
        iso = IsoCode639_1.valueOf(code.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException("language detection does not know the language '" + code + "'", unknown);
      }
      if (iso == IsoCode639_1.NONE) throw new IllegalArgumentException("language detection does not know the language 'none'");
      Language language = Language.getByIsoCode639_1(iso);
      if (!known.contains(language)) known.add(language);
    }
    return known;
  }
}
