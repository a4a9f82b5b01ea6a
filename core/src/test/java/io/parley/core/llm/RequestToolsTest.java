package io.parley.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aListIsWrittenOnceAsTheRequestsToolsArray() throws Exception {
    List<ToolSpec> specs = List.of(
        new ToolSpec("fetch_status", "Reads an order's status.", JSON.readTree("{\"type\":\"object\",\"properties\":{}}")),
        new ToolSpec("quiet", "", JSON.readTree("{\"type\":\"object\"}")));
    RequestTools tools = new RequestTools();

    assertEquals(JSON.readTree("""
        [{"type":"function","function":{"name":"fetch_status","description":"Reads an order's status.",
          "parameters":{"type":"object","properties":{}}}},
         {"type":"function","function":{"name":"quiet","parameters":{"type":"object"}}}]"""),
        JSON.readTree((String) tools.of(specs).rawValue()));
    assertSame(tools.of(specs), tools.of(specs), "the same list: written once");
    assertNotSame(tools.of(specs), tools.of(new ArrayList<>(specs)), "another list, however equal: its own writing");
  }
}
