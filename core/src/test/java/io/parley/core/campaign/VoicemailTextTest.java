package io.parley.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VoicemailTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aTextPerLanguageIsLeftInTheCallsLanguageAndNoneInAnother() throws Exception {
    VoicemailText text = VoicemailText.of(JSON.readTree("{\"en\": \" Hello, this is Acme. \", \"DE\": \"Guten Tag.\"}"),
        "voicemail");

    assertEquals(Optional.of("Hello, this is Acme."), text.in(Optional.of("en-GB")));
    assertEquals(Optional.of("Guten Tag."), text.in(Optional.of("de")));
    assertEquals(Optional.empty(), text.in(Optional.of("fr")), "no French text: the tenant's message is left");
    assertEquals(text, VoicemailText.stored(text.toJson().toString()), "stored as the API writes it");
  }

  @Test
  void oneTextIsLeftInEveryLanguage() throws Exception {
    VoicemailText text = VoicemailText.of(JSON.readTree("\"Hello, this is Acme.\""), "voicemail");

    assertEquals(Optional.of("Hello, this is Acme."), text.in(Optional.of("fr")));
    assertEquals("\"Hello, this is Acme.\"", text.toJson().toString());
    assertTrue(VoicemailText.of(JSON.missingNode(), "voicemail").isEmpty());
    assertTrue(VoicemailText.stored(null).in(Optional.of("en")).isEmpty());
  }

  @Test
  void whatIsNotATextOrALanguageIsRefusedByName() throws Exception {
    assertRefused("{\"english\": \"Hello\"}", "voicemail.english: not a language code");
    assertRefused("{\"en\": \"\"}", "voicemail.en must be the message's text, 1 to 1000 characters");
    assertRefused("{}", "voicemail must be the message's text, or an object");
    assertRefused("42", "voicemail must be the message's text, or an object");
    assertRefused("\"" + "a".repeat(1001) + "\"", "voicemail must be the message's text, 1 to 1000 characters");
  }

  private static void assertRefused(String json, String reason) throws Exception {
    JsonNode value = JSON.readTree(json);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> VoicemailText.of(value, "voicemail"));
    assertTrue(refused.getMessage().startsWith(reason), refused.getMessage());
  }
}
