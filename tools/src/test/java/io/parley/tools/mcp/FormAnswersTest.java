package io.parley.tools.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.parley.tools.CallConsent;
import io.parley.tools.ConfirmationAsked;
import io.parley.tools.ConfirmationAsked.FormAsked;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormAnswersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CallConsent APPROVED = new CallConsent(true, Optional.empty());
  private static final McpSchema.ElicitFormRequest CONFIRM = McpSchema.ElicitFormRequest.builder("Refund order A-1?",
      Map.of("type", "object", "properties", Map.of("confirm", Map.of("type", "boolean")),
          "required", List.of("confirm"))).build();
  private static final McpSchema.ElicitFormRequest ADDRESS = McpSchema.ElicitFormRequest.builder("Where to?",
      Map.of("type", "object", "properties", Map.of("street", Map.of("type", "string")),
          "required", List.of("street"))).build();
  private static final McpSchema.ElicitFormRequest NESTED = McpSchema.ElicitFormRequest.builder("Which?",
      Map.of("type", "object", "properties", Map.of("items", Map.of("type", "array")))).build();

  @Test
  void theCallsOwnArgumentsAnswerFirst() throws Exception {
    McpSchema.ElicitResult answered = given(forms("{\"order\": \"A-1\", \"confirm\": false}", APPROVED).answer(CONFIRM));
    assertEquals(McpSchema.ElicitResult.Action.ACCEPT, answered.action());
    assertEquals(Map.of("confirm", false), answered.content());
  }

  @Test
  void aConfirmationIsGivenOnlyOnceAPersonApprovedTheCall() throws Exception {
    FormAnswers.Reply.Ask asked = assertInstanceOf(FormAnswers.Reply.Ask.class,
        forms("{\"order\": \"A-1\"}", CallConsent.NONE).answer(CONFIRM));
    assertEquals(ConfirmationAsked.class, asked.question().getClass(), "the customer's to give");
    McpSchema.ElicitResult approved = given(forms("{\"order\": \"A-1\"}", APPROVED).answer(CONFIRM));
    assertEquals(McpSchema.ElicitResult.Action.ACCEPT, approved.action());
    assertEquals(Map.of("confirm", true), approved.content());
  }

  @Test
  void aFormOfValuesIsAskedOfTheCustomerEvenWhenTheCallWasApproved() throws Exception {
    FormAnswers.Reply.Ask asked = assertInstanceOf(FormAnswers.Reply.Ask.class,
        forms("{\"order\": \"A-1\"}", APPROVED).answer(ADDRESS));
    FormAsked form = assertInstanceOf(FormAsked.class, asked.question());
    assertEquals("street", form.form().fields().getFirst().name());
    assertEquals("Where to?", form.form().question());
  }

  @Test
  void theCustomersReplyAnswersOneFormAndASecondIsDeclined() throws Exception {
    FormAnswers answers = forms("{\"order\": \"A-1\"}", reply(CallConsent.FormReply.Action.ACCEPT, "{\"street\": \"Main St 5\"}"));
    McpSchema.ElicitResult filled = given(answers.answer(ADDRESS));
    assertEquals(McpSchema.ElicitResult.Action.ACCEPT, filled.action());
    assertEquals(Map.of("street", "Main St 5"), filled.content());
    assertEquals(McpSchema.ElicitResult.Action.DECLINE, given(answers.answer(ADDRESS)).action());
  }

  @Test
  void aDeclineOrAnExpiryAnswersTheServerAsDeclineOrCancel() throws Exception {
    assertEquals(McpSchema.ElicitResult.Action.DECLINE,
        given(forms("{}", reply(CallConsent.FormReply.Action.DECLINE, null)).answer(ADDRESS)).action());
    assertEquals(McpSchema.ElicitResult.Action.CANCEL,
        given(forms("{}", reply(CallConsent.FormReply.Action.CANCEL, null)).answer(ADDRESS)).action());
  }

  @Test
  void aFormOfNoFieldsACustomerCanFillInIsDeclined() throws Exception {
    assertEquals(McpSchema.ElicitResult.Action.DECLINE, given(forms("{}", APPROVED).answer(NESTED)).action());
  }

  private static FormAnswers forms(String arguments, CallConsent consent) throws Exception {
    return new FormAnswers("refund", JSON.readTree(arguments), consent);
  }

  private static CallConsent reply(CallConsent.FormReply.Action action, String content) throws Exception {
    return new CallConsent(false, Optional.of(new CallConsent.FormReply(action,
        content == null ? Optional.empty() : Optional.of(JSON.readTree(content)))));
  }

  private static McpSchema.ElicitResult given(FormAnswers.Reply reply) {
    return assertInstanceOf(FormAnswers.Reply.Given.class, reply).result();
  }
}
