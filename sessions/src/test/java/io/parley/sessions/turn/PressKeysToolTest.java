package io.parley.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.privacy.Placeholders;
import io.parley.core.privacy.PersonalData;
import io.parley.core.privacy.RedactionPolicy;
import io.parley.core.prompt.ConversationTokenCounts;
import io.parley.core.prompt.TokenEstimator;
import io.parley.core.session.Channel;
import io.parley.core.session.KeypadEntry;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.turns.NextTurn;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolRegistry;
import io.parley.tools.ToolResult;
import io.parley.tools.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PressKeysToolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
  private final PressKeysTool tool = new PressKeysTool();

  @Test
  void theKeysPressedAreAKeypadEntryRedactedAsACallersAreUnlessAMenusChoice() throws Exception {
    ToolResult account = run("{\"keys\": \"4711#\"}");
    assertEquals(Optional.of("4711#"), KeypadEntry.keysOf(account.content()));
    assertEquals("Pressed 5 keys", account.summary(), "people read how many, not which");
    RedactionPolicy none = new RedactionPolicy(Set.of(), List.of());
    assertEquals(List.of("KEYPAD"), PersonalData.find(account.content(), none).stream().map(PersonalData.Found::kind).toList());

    ToolResult menu = run("{\"keys\": \"1\", \"menuChoice\": true}");
    assertEquals(Optional.of("1"), KeypadEntry.keysOf(menu.content()));
    assertEquals(List.of(), PersonalData.find(menu.content(), none), "a menu's choice is no personal data");
    assertEquals("Pressed 1 key", menu.summary());
  }

  @Test
  void peopleReadTheKeysAsAPlaceholderUnlessAMenusChoice() {
    assertEquals("{\"keys\":\"[KEYPAD]\"}", PressKeysTool.shownArguments(PressKeysTool.NAME, "{\"keys\": \"4711#\"}"));
    assertEquals("{\"keys\": \"1\", \"menuChoice\": true}",
        PressKeysTool.shownArguments(PressKeysTool.NAME, "{\"keys\": \"1\", \"menuChoice\": true}"));
    assertEquals("{\"keys\": \"4711\"}", PressKeysTool.shownArguments("fetch_status", "{\"keys\": \"4711\"}"),
        "another tool's arguments are its own");
  }

  @Test
  void theCallSendsTheKeysOfASucceededCallOfTheKeypadOnly() {
    assertEquals(Optional.of("4711#"), PressKeysTool.keysPressed(
        new ToolRound.CompletedCall("c-1", PressKeysTool.NAME, true, KeypadEntry.written("4711#", true), "Pressed 5 keys")));
    assertEquals(Optional.empty(), PressKeysTool.keysPressed(
        new ToolRound.CompletedCall("c-1", PressKeysTool.NAME, false, "{\"error\": \"refused\"}", "Refused")));
    assertEquals(Optional.empty(), PressKeysTool.keysPressed(
        new ToolRound.CompletedCall("c-1", "fetch_status", true, KeypadEntry.written("1", false), "T-1 is open")));
  }

  @Test
  void theSessionKeepsAPrivateEntryAsAPlaceholderAndHowManyAMenusChoiceAsPressed() {
    ToolRound.RequestedCall account = new ToolRound.RequestedCall("c-1", PressKeysTool.NAME, "{\"keys\": \"4711#\"}");
    ToolRound.RequestedCall menu = new ToolRound.RequestedCall("c-2", PressKeysTool.NAME, "{\"keys\": \"1\", \"menuChoice\": true}");
    List<ToolRound.RequestedCall> kept = PressKeysTool.kept(List.of(account, menu));
    assertEquals("{\"keys\":\"[KEYPAD]\"}", kept.get(0).argumentsJson());
    assertEquals(menu, kept.get(1));
    assertTrue(PressKeysTool.withheld(kept.get(0)), "kept without its keys, the call cannot run again");
    assertFalse(PressKeysTool.withheld(account) || PressKeysTool.withheld(menu));

    ToolRound.CompletedCall pressed = new ToolRound.CompletedCall("c-1", PressKeysTool.NAME, true,
        KeypadEntry.written("4711#", true), "Pressed 5 keys");
    assertEquals(new ToolRound.CompletedCall("c-1", PressKeysTool.NAME, true, "Pressed 5 keys", "Pressed 5 keys"),
        PressKeysTool.kept(pressed));
    ToolRound.CompletedCall chosen = new ToolRound.CompletedCall("c-2", PressKeysTool.NAME, true,
        KeypadEntry.written("1", false), "Pressed 1 key");
    assertEquals(chosen, PressKeysTool.kept(chosen));
    assertTrue(PressKeysTool.notResent(kept.get(0)).content().contains("not pressed"));
  }

  @Test
  void onlyKeysOfAKeypadArePressed() {
    for (String wrong : List.of("{\"keys\": \"\"}", "{\"keys\": \"12x\"}", "{}", "{\"keys\": \"" + "1".repeat(33) + "\"}")) {
      assertThrows(ToolFailure.class, () -> run(wrong), wrong);
    }
    Validation refused = ToolRegistry.of(tool).validate(PressKeysTool.NAME, "{\"keys\": \"4711x\"}");
    assertFalse(((Validation.Invalid) refused).problems().toString().contains("4711"),
        "what the model and the journal read of a refused call names no key: " + refused);
  }

  @Test
  void onlyAPhoneCallsTurnIsOfferedTheKeypad() {
    ToolRegistry node = ToolRegistry.of(tool);
    assertEquals(List.of(PressKeysTool.NAME), request(Channel.PHONE).offered(node).names());
    assertEquals(List.of(), request(Channel.CHAT).offered(node).names());
    assertEquals(List.of(), request(Channel.VOICE).offered(node).names(), "a browser's voice has no keypad");
  }

  private ToolResult run(String arguments) throws Exception {
    return tool.run(new ToolInvocation("acme", "s-1", "turn-1", "call-1", JSON.readTree(arguments)));
  }

  private static TurnRequest request(Channel channel) {
    Open open = new SessionState.NotStarted().start(new SessionStarted("acme", Optional.empty(), channel, AT))
        .appendUser(new UserMessageAppended(1, "c-1", "Press 1 for sales.", "turn-1", AT));
    return NextTurn.request(SessionId.random("acme"), open, open.transcript().bySeq(1).orElseThrow(), Placeholders.off(),
        new ConversationTokenCounts(new TokenEstimator()), Optional.empty());
  }
}
