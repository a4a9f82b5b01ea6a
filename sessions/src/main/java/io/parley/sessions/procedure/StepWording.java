package io.parley.sessions.procedure;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageTag;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureStep;
import io.parley.core.procedure.StepTemplate;
import io.parley.core.procedure.ValueFormat;
import io.parley.core.session.ReplyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The texts a {@code say} step (its text, then its options' labels) or an {@code ask} (its prompt)
 * sends in a conversation in another language than the one they are written in. The company's own
 * text for that language ({@code texts}) is taken as it is, filled; the rest is to be translated:
 * each placeholder is a marker ({@code [VALUE_1]}, ...) that a translation keeps as it is, so the
 * variables' values never go to the model and come back verbatim, written as the language writes
 * them ({@link ValueFormat}: an amount, a date). Pure: the session asks the
 * model and puts the values back with {@link #filled}.
 *
 * @param written the texts to translate, with their markers (none when the company wrote them all)
 * @param values what each marker fills with, the first for {@code [VALUE_1]}
 * @param own the company's own text (a say's, an ask's prompt) for the language, filled; it comes first
 */
public record StepWording(List<String> written, List<String> values, Optional<String> own) {
  private static final Pattern MARKER = Pattern.compile("\\[VALUE_(\\d{1,4})]");

  public StepWording {
    written = List.copyOf(written);
    values = List.copyOf(values);
  }

  /**
   * The texts of the step {@code note}'s run is at, for a conversation in {@code language}, when it
   * is a say or an ask; an ask's keypad menu is read out in {@code words} (the bot's language's), to
   * be translated with its prompt.
   */
  public static Optional<StepWording> of(ProcedureNote note, List<Procedure> procedures, LanguageTag language,
      LanguagePack words) {
    Optional<ProcedureStep> step = note.run().step(ProcedureNote.byName(procedures));
    Optional<String> own;
    Stream<String> texts;
    if (step.orElse(null) instanceof ProcedureStep.Say say) {
      own = ProcedureStep.textIn(say.texts(), language);
      texts = Stream.concat(own.isPresent() ? Stream.of() : Stream.of(say.text()), say.options().stream().map(ReplyOption::label));
    } else if (step.orElse(null) instanceof ProcedureStep.Ask ask) {
      own = ProcedureStep.textIn(ask.texts(), language);
      texts = own.isPresent() ? Stream.of() : Stream.of(ask.keypad().map(k -> k.prompt(ask.prompt(), words)).orElse(ask.prompt()));
    } else {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    ValueFormat format = ValueFormat.in(language);
    List<String> written = texts.map(text -> StepTemplate.mask(text, note.run().values(), format, values,
        n -> "[VALUE_" + n + "]")).toList();
    return Optional.of(new StepWording(written, values, own.map(text -> StepTemplate.fill(text, note.run().values(), format))));
  }

  /**
   * The texts to send: the company's own first, if any, then {@code translated} (one text for each
   * written one) with the values put in for the markers; empty when a translation lost, repeated
   * or made up a marker (the texts then go as written).
   */
  public Optional<List<String>> filled(List<String> translated) {
    if (translated.size() != written.size()) return Optional.empty();
    List<String> filled = new ArrayList<>();
    own.ifPresent(filled::add);
    for (int i = 0; i < written.size(); i++) {
      if (!markers(translated.get(i)).equals(markers(written.get(i)))) return Optional.empty();
      Matcher marker = MARKER.matcher(translated.get(i));
      StringBuilder text = new StringBuilder();
      while (marker.find()) {
        int n = Integer.parseInt(marker.group(1));
        marker.appendReplacement(text, Matcher.quoteReplacement(n <= values.size() ? values.get(n - 1) : marker.group()));
      }
      filled.add(marker.appendTail(text).toString());
    }
    return Optional.of(filled);
  }

  private static List<String> markers(String text) {
    return MARKER.matcher(text).results().map(MatchResult::group).sorted().toList();
  }
}
