package io.parley.sessions.turn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.session.KeypadEntry;
import io.parley.tools.OfferedIn;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code press_keys}: the bot presses keys on its phone call, as a person would on a keypad: an
 * IVR's menu ("press 1 for sales") or a number it is asked to type. Offered on phone calls only
 * ({@link TurnRunner}). Its result is the keys written as a keypad entry ({@link KeypadEntry}), so
 * the keys are personal data wherever redaction finds a caller's, unless the model says they are
 * a menu's choice, and people read the call's arguments with them as a placeholder ({@link
 * #shownArguments}); the session hands them to the call ({@code SessionUpdate.PressKeys}) once the
 * result of the model's call or a procedure's tool step is stored, and the call sends them
 * (docs/voice.md#keys).
 */
public final class PressKeysTool implements Tool {
  public static final String NAME = "press_keys";
  static final int MAX_KEYS = 32;
  /** What a private entry's keys are kept as in the call's arguments. */
  static final String PLACEHOLDER = "[KEYPAD]";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ToolDefinition DEFINITION = ToolDefinition.withSchemaText(NAME,
      "Press keys on this phone call's keypad, as when an automated menu says \"press 1 for sales\" or asks you to"
          + " type a number followed by the hash key. The keys are sent at once, in order.",
      """
          {"type": "object",
           "properties": {
             "keys": {"type": "string", "pattern": "^[0-9*#A-D]{1,32}$",
                      "description": "The keys in order: digits 0-9, * and #"},
             "menuChoice": {"type": "boolean",
                            "description": "true when the keys only choose from a menu (not personal data)"}},
           "required": ["keys"], "additionalProperties": false}
          """, Duration.ofSeconds(5), 1, ToolDefinition.DEFAULT_BACKOFF, false);

  /**
   * {@code argumentsJson} of a call of {@code tool} as people read it: a {@code press_keys} call's
   * keys as {@code [KEYPAD]} unless they are a menu's choice, every other call's as written.
   */
  public static String shownArguments(String tool, String argumentsJson) {
    if (!tool.equals(NAME)) return argumentsJson;
    try {
      JsonNode arguments = JSON.readTree(argumentsJson);
      if (!(arguments instanceof ObjectNode object) || arguments.path("menuChoice").asBoolean(false)) return argumentsJson;
      return object.deepCopy().put("keys", PLACEHOLDER).toString();
    } catch (JsonProcessingException notJson) {
      return "{}";
    }
  }

  /** The keys {@code result} pressed, when it is a {@code press_keys} call's that succeeded: for the call to send. */
  public static Optional<String> keysPressed(ToolRound.CompletedCall result) {
    return result.ok() && result.name().equals(NAME) ? KeypadEntry.keysOf(result.content()) : Optional.empty();
  }

  /** {@code calls} as they are stored and shown: a {@code press_keys} call's private keys as {@code [KEYPAD]}. */
  public static List<ToolRound.RequestedCall> kept(List<ToolRound.RequestedCall> calls) {
    return calls.stream().map(call -> new ToolRound.RequestedCall(call.id(), call.name(),
        shownArguments(call.name(), call.argumentsJson()))).toList();
  }

  /**
   * {@code result} as it is stored and the model reads it: a {@code press_keys} call's private keys
   * as how many were pressed; a menu's choice, and every other result, as it is.
   */
  public static ToolRound.CompletedCall kept(ToolRound.CompletedCall result) {
    if (!result.ok() || !result.name().equals(NAME) || !KeypadEntry.PRIVATE_KEYS.matcher(result.content()).find()) {
      return result;
    }
    String pressed = pressed(KeypadEntry.keysOf(result.content()).orElseThrow().length());
    return new ToolRound.CompletedCall(result.id(), result.name(), true, pressed, pressed);
  }

  /** Whether {@code call} is a {@code press_keys} call whose keys were kept out of the journal: it cannot be run again. */
  static boolean withheld(ToolRound.RequestedCall call) {
    if (!call.name().equals(NAME)) return false;
    try {
      return PLACEHOLDER.equals(JSON.readTree(call.argumentsJson()).path("keys").asText());
    } catch (JsonProcessingException notJson) {
      return false;
    }
  }

  /**
   * What the model reads for a call it made before the node stopped, whose result was not stored:
   * its keys were not sent then (they go once the result is), and are not now.
   */
  static ToolRound.CompletedCall notResent(ToolRound.RequestedCall call) {
    String content = JSON.createObjectNode()
        .put("error", "the keys were not pressed: the call was interrupted before they were sent;"
            + " press them again if they are still wanted")
        .put("retryable", true).toString();
    return new ToolRound.CompletedCall(call.id(), NAME, false, content, "Keys not pressed (interrupted)");
  }

  private static String pressed(int keys) {
    return "Pressed " + keys + (keys == 1 ? " key" : " keys");
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  /** Offered only on phone calls: no other conversation has a keypad. */
  @Override
  public OfferedIn offeredIn() {
    return OfferedIn.PHONE_CALLS;
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    String keys = invocation.arguments().path("keys").asText("");
    if (!keys.matches("[0-9*#A-D]{1," + MAX_KEYS + "}")) {
      throw new ToolFailure("keys must be 1 to " + MAX_KEYS + " of 0-9, *, # and A-D", false);
    }
    boolean personal = !invocation.arguments().path("menuChoice").asBoolean(false);
    return new ToolResult(KeypadEntry.written(keys, personal), pressed(keys.length()));
  }
}
