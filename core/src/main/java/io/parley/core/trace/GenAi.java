package io.parley.core.trace;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The names of the OpenTelemetry GenAI semantic conventions a turn's spans follow (docs/tracing.md),
 * pinned at semantic-conventions {@value #SEMCONV_VERSION}: trace backends that draw agents, model
 * calls and tool calls read these names, not Parley's own. The conventions are still in
 * development, so the version is pinned here and sent as the tracer's schema URL; moving to a
 * newer one is a change of this class and of the docs.
 */
public final class GenAi {
  public static final String SEMCONV_VERSION = "1.37.0";
  public static final String SCHEMA_URL = "https://opentelemetry.io/schemas/" + SEMCONV_VERSION;

  public static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");
  public static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  public static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
  public static final AttributeKey<List<String>> FINISH_REASONS = stringArrayKey("gen_ai.response.finish_reasons");
  public static final AttributeKey<Long> INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<String> AGENT_NAME = stringKey("gen_ai.agent.name");
  public static final AttributeKey<String> AGENT_ID = stringKey("gen_ai.agent.id");
  public static final AttributeKey<String> CONVERSATION_ID = stringKey("gen_ai.conversation.id");
  public static final AttributeKey<String> TOOL_NAME = stringKey("gen_ai.tool.name");
  public static final AttributeKey<String> TOOL_CALL_ID = stringKey("gen_ai.tool.call.id");
  public static final AttributeKey<String> TOOL_TYPE = stringKey("gen_ai.tool.type");
  /** The model server's host and port, which tell the actual provider behind an API flavour's name. */
  public static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
  /** The general convention's failure class, which GenAI spans carry when they fail. */
  public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");

  /**
   * Parley's own names of what the conventions now name, still sent beside the new ones until the
   * release after 0.1 so that saved queries and dashboards have a release to move
   * (docs/tracing.md#renamed-attributes).
   */
  public static final AttributeKey<String> ALIAS_SESSION_ID = stringKey("parley.session_id");
  public static final AttributeKey<String> ALIAS_TOOL = stringKey("parley.tool");
  public static final AttributeKey<String> ALIAS_PROVIDER = stringKey("parley.llm.provider");

  public static final String INVOKE_AGENT = "invoke_agent";
  /**
   * The provider as the conventions name it: the well-known {@code openai} for every model Parley asks, since each is
   * asked in OpenAI's chat-completions API (the conventions' name says which API's telemetry a span follows, and
   * {@code server.address} which server answered), and Parley's own {@code parley} for a turn its offline responder
   * answers, which asks no model.
   */
  public static final String OPENAI = "openai";
  public static final String OFFLINE = "parley";
  public static final String CHAT = "chat";
  public static final String EXECUTE_TOOL = "execute_tool";
  /** The tool type of a function the model asks the application to run, which every Parley tool is. */
  public static final String FUNCTION = "function";

  private GenAi() {}

  /** {@code invoke_agent {agent}}: one turn of the bot. */
  public static String invokeAgent(String agent) {
    return INVOKE_AGENT + " " + agent;
  }

  /** {@code chat {model}}: one request to one model provider. */
  public static String chat(String model) {
    return CHAT + " " + model;
  }

  /** {@code execute_tool {tool}}: one tool call the model asked for. */
  public static String executeTool(String tool) {
    return EXECUTE_TOOL + " " + tool;
  }
}
