package io.parley.core.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tools} array of a chat-completions request, written once for each list of specs: a
 * tool registry hands out the same list on every call, and a tenant's twenty MCP tools are some
 * 10 KB of JSON that every model call of every turn would otherwise write again. Lists are told
 * apart by identity (a registry is immutable), and the last {@value #KEPT} are kept.
 */
public final class RequestTools {
  static final int KEPT = 64;

  private record Written(List<ToolSpec> specs) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Written written && written.specs == specs;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(specs);
    }
  }

  private final Map<Written, RawValue> written = new LinkedHashMap<>(KEPT, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Written, RawValue> eldest) {
      return size() > KEPT;
    }
  };

  /** {@code specs} as the request's {@code tools} array. */
  public synchronized RawValue of(List<ToolSpec> specs) {
    return written.computeIfAbsent(new Written(specs), key -> new RawValue(write(specs).toString()));
  }

  private static ArrayNode write(List<ToolSpec> specs) {
    ArrayNode tools = JsonNodeFactory.instance.arrayNode();
    for (ToolSpec tool : specs) {
      ObjectNode function = tools.addObject().put("type", "function").putObject("function").put("name", tool.name());
      if (!tool.description().isEmpty()) function.put("description", tool.description());
      function.set("parameters", tool.parametersSchema());
    }
    return tools;
  }
}
