package io.parley.sessions.entity.handoff;

import io.parley.core.bot.BotConfig;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.Wording;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.procedure.ProcedureNote;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the person a phone call is handed to warmly hears before they accept it, in the staff's
 * language: the conversation's rolling summary (else the caller's last words) and where the
 * procedure under way stands, then which key takes or declines the call.
 */
public final class TransferBrief {
  /** The caller's last messages told when the conversation has no summary yet. */
  static final int LAST_SAID = 3;

  private TransferBrief() {}

  public static String of(Open state, String staffLanguage) {
    Wording staff = wording(state, staffLanguage);
    return staff.text("handoff.warm-brief", Map.of("summary", summary(state, staff), "procedure", procedure(state, staff)))
        .replaceAll("\\s{2,}", " ").strip();
  }

  /**
   * What an agent in the console reads as the call rings: the summary (else the caller's last
   * words) and where the procedure stands, without the keys, since the agent answers with a button.
   */
  public static String written(Open state, String staffLanguage) {
    Wording staff = wording(state, staffLanguage);
    return (summary(state, staff) + " " + procedure(state, staff)).replaceAll("\\s{2,}", " ").strip();
  }

  private static Wording wording(Open state, String staffLanguage) {
    return Wording.of(LanguageTag.parse(staffLanguage), state.botConfig().map(pinned -> pinned.config()));
  }

  private static String summary(Open state, Wording staff) {
    return state.notes().summaryText().orElseGet(() -> said(state, staff));
  }

  private static String procedure(Open state, Wording staff) {
    return state.notes().runningProcedure().map(note -> procedure(note, staff)).orElse("");
  }

  private static String said(Open state, Wording staff) {
    List<String> said = state.transcript().messages().stream().filter(message -> message.role() == Role.USER)
        .map(ChatMessage::text).toList();
    if (said.isEmpty()) return "";
    return staff.text("handoff.warm-brief-said",
        Map.of("said", String.join(". ", said.subList(Math.max(0, said.size() - LAST_SAID), said.size()))));
  }

  private static String procedure(ProcedureNote note, Wording staff) {
    return staff.text("handoff.warm-brief-procedure", Map.of("procedure", note.run().procedure(), "step", note.label()));
  }

  /** The tenant's staff language, else English. */
  static String staffLanguage(Optional<BotConfig> config) {
    return config.map(bot -> bot.voicePreferences().staffSpeaks()).orElse("en");
  }
}
