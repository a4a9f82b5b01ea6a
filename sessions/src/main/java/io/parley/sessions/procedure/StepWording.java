package io.parley.sessions.procedure;

import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureStep;
import io.parley.core.procedure.StepTemplate;
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
 * sends, as the procedure wrote them, to be translated into the conversation's language: each
 * placeholder is a marker ({@code [VALUE_1]}, ...) that a translation keeps as it is, so the
 * variables' values never go to the model and come back verbatim. Pure: the session asks the model
 * and puts the values back with {@link #filled}.
 *
 * @param written the texts with their markers
 * @param values what each marker fills with, the first for {@code [VALUE_1]}
 */
public record StepWording(List<String> written, List<String> values) {
  private static final Pattern MARKER = Pattern.compile("\\[VALUE_(\\d{1,4})]");

  public StepWording {
    written = List.copyOf(written);
    values = List.copyOf(values);
  }

  /** The texts of the step {@code note}'s run is at, when it is a say or an ask; empty for any other step. */
  public static Optional<StepWording> of(ProcedureNote note, List<Procedure> procedures) {
    List<String> texts = switch (note.run().step(ProcedureNote.byName(procedures)).orElse(null)) {
      case ProcedureStep.Say say -> Stream.concat(Stream.of(say.text()), say.options().stream().map(ReplyOption::label)).toList();
      case ProcedureStep.Ask ask -> List.of(ask.prompt());
      case null, default -> List.of();
    };
    if (texts.isEmpty()) return Optional.empty();
    List<String> values = new ArrayList<>();
    List<String> written = texts.stream()
        .map(text -> StepTemplate.mask(text, note.run().values(), values, n -> "[VALUE_" + n + "]")).toList();
    return Optional.of(new StepWording(written, values));
  }

  /**
   * {@code translated}, one text for each written one, with the values put in for the markers;
   * empty when a translation lost, repeated or made up a marker (the texts then go as written).
   */
  public Optional<List<String>> filled(List<String> translated) {
    if (translated.size() != written.size()) return Optional.empty();
    List<String> filled = new ArrayList<>();
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
