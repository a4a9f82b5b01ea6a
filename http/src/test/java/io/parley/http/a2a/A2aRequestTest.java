package io.parley.http.a2a;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How A2A 1.0's JSON-RPC requests are read: a message to send, a task looked up, or the JSON-RPC error a body gets. */
class A2aRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aMessageWithTextPartsIsSentInItsContext() {
    A2aRequest request = read("""
        {"jsonrpc": "2.0", "id": 3, "method": "SendStreamingMessage", "params": {"message": {"messageId": "m-1",
         "contextId": "c-9", "role": "ROLE_USER", "parts": [{"text": "Where is "}, {"text": "my parcel?"}]}}}""");
    assertEquals(new A2aRequest.Send(JSON.getNodeFactory().numberNode(3), "m-1", "Where is \nmy parcel?",
        Optional.of("c-9"), Optional.empty(), Optional.empty(), true), request);
    A2aRequest fresh = read("""
        {"jsonrpc": "2.0", "id": "x", "method": "SendMessage", "params": {"message": {"messageId": "m-2",
         "contextId": "", "role": "ROLE_USER", "parts": [{"text": "Hi"}]}}}""");
    assertEquals(Optional.empty(), ((A2aRequest.Send) fresh).contextId(), "an empty context starts a new one");
  }

  @Test
  void aMessageInATaskAnswersItsApprovalWithADataPartOrInWords() {
    A2aRequest decided = read("""
        {"jsonrpc": "2.0", "id": 5, "method": "SendMessage", "params": {"message": {"messageId": "m-3", "contextId": "c-9",
         "taskId": "turn-1", "role": "ROLE_USER", "parts": [{"data": {"approved": false, "reason": "wrong order"}}]}}}""");
    assertEquals(new A2aRequest.Send(JSON.getNodeFactory().numberNode(5), "m-3", "", Optional.of("c-9"),
        Optional.of("turn-1"), Optional.of(new A2aRequest.Decision(false, Optional.of("wrong order"))), false), decided);
    A2aRequest inWords = read("""
        {"jsonrpc": "2.0", "id": 6, "method": "SendMessage", "params": {"message": {"messageId": "m-4", "contextId": "c-9",
         "taskId": "turn-1", "role": "ROLE_USER", "parts": [{"text": "yes please"}]}}}""");
    assertEquals(Optional.of("turn-1"), ((A2aRequest.Send) inWords).taskId());
    assertEquals(Optional.empty(), ((A2aRequest.Send) inWords).decision());
    assertEquals(A2aError.INVALID_PARAMS, code(send("\"ROLE_USER\"", "[{\"data\": {\"approved\": true}}]")),
        "an approval answers a task");
    assertEquals(A2aError.INVALID_PARAMS, code("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"SendMessage\", \"params\":"
        + " {\"message\": {\"messageId\": \"m\", \"taskId\": \"t\", \"role\": \"ROLE_USER\", \"parts\": [{\"text\": \"yes\"}]}}}"),
        "a task is answered in its context");
    assertEquals(A2aError.CONTENT_TYPE_NOT_SUPPORTED, code(send("\"ROLE_USER\"", "[{\"data\": {\"order\": \"A-1\"}}]")),
        "a data part that is no decision");
  }

  @Test
  void eachKindOfBadBodyGetsItsJsonRpcCode() {
    assertEquals(A2aError.PARSE_ERROR, code("{\"jsonrpc\": "));
    assertEquals(A2aError.INVALID_REQUEST, code("[]"));
    assertEquals(A2aError.INVALID_REQUEST, code("{\"id\": 1, \"method\": \"SendMessage\"}"));
    assertEquals(A2aError.METHOD_NOT_FOUND, code("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"message/send\"}"));
    assertEquals(A2aError.INVALID_PARAMS, code("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"SendMessage\", \"params\": {}}"));
    assertEquals(A2aError.INVALID_PARAMS, code(send("\"ROLE_AGENT\"", "[{\"text\": \"hi\"}]")), "only the customer's side");
    assertEquals(A2aError.INVALID_PARAMS, code(send("\"ROLE_USER\"", "[{\"text\": \"  \"}]")), "no text");
    assertEquals(A2aError.CONTENT_TYPE_NOT_SUPPORTED, code(send("\"ROLE_USER\"", "[{\"url\": \"https://x.example/a.png\"}]")));
    assertEquals(A2aError.INVALID_PARAMS, code("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"GetTask\", \"params\": {}}"));
  }

  @Test
  void theRequestsIdIsKeptForItsError() {
    A2aRequest refused = read("{\"jsonrpc\": \"2.0\", \"id\": \"abc\", \"method\": \"nope\"}");
    assertEquals("abc", refused.id().asText());
    assertTrue(read("{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"nope\"}").id().isNull(), "an id that is no id");
    assertEquals(new A2aRequest.TaskLookup(JSON.getNodeFactory().numberNode(4), "t-1"),
        read("{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": \"CancelTask\", \"params\": {\"id\": \"t-1\"}}"));
  }

  private static String send(String role, String parts) {
    return "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"SendMessage\", \"params\": {\"message\": {\"messageId\": \"m\", "
        + "\"role\": " + role + ", \"parts\": " + parts + "}}}";
  }

  private static int code(String body) {
    return ((A2aRequest.Refused) read(body)).error().code();
  }

  private static A2aRequest read(String body) {
    return A2aRequest.read(JSON, body);
  }
}
