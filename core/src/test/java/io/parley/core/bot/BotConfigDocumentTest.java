package io.parley.core.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BotConfigDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aValidDocumentSetsWhatItNamesAndLeavesTheRestToTheNode() throws Exception {
    BotConfigDocument.Read read = BotConfigDocument.read(JSON.readTree(
        "{\"assistantName\": \" Ava \", \"instructions\": \"We are open 9-17 CET.\\nOffer free returns.\"}"));
    assertEquals(new BotConfigDocument.Read.Valid(new BotConfig(Optional.of("Ava"), Optional.empty(),
        Optional.of("We are open 9-17 CET.\nOffer free returns."))), read);
  }

  @Test
  void everyProblemIsListedAtOnce() throws Exception {
    BotConfigDocument.Read read = BotConfigDocument.read(JSON.readTree(
        "{\"assistantName\": \"A\\nB\", \"companyName\": 42, \"instructions\": \"\", \"voice\": \"x\","
            + " \"tone\": \"{{company_name}}\"}"));
    assertEquals(new BotConfigDocument.Read.Invalid(List.of(
        "voice: not a setting (known: assistantName, companyName, instructions)",
        "tone: not a setting (known: assistantName, companyName, instructions)",
        "assistantName: one line only",
        "companyName: must be a string",
        "instructions: must not be empty (leave it out to use the node's setting)")), read);
    assertEquals(new BotConfigDocument.Read.Invalid(List.of("the configuration must be a JSON object")),
        BotConfigDocument.read(JSON.readTree("[1]")));
  }
}
