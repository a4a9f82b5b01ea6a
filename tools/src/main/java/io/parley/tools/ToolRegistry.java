package io.parley.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.ToolSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The tools a node offers the model, by name; immutable and thread-safe.
 *
 * <p>The turn loop asks for {@link #specs()} to put in the request, then, for each call the model
 * makes, {@link #validate(ToolCall)}: a {@link Validation.Valid} names the tool to run and its
 * parsed arguments; a {@link Validation.Invalid} (unknown tool, broken JSON, arguments that do not
 * match the schema) carries the error result to send back to the model instead, so it can correct
 * itself. Nothing here throws for what a model sends.
 *
 * <p>Construction checks each definition: a name the OpenAI tools format accepts (1 to 64 of
 * {@code [A-Za-z0-9_-]}, which is why {@code kb.search} is {@code kb_search}), unique
 * names, parameters that are a valid JSON schema of an object, a positive timeout and at least one
 * attempt.
 */
public final class ToolRegistry {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Map<String, Registered> tools;
  /** The same list on every call: a model request writes a list's tools once (RequestTools). */
  private final List<ToolSpec> specs;
  /**
   * This registry as each kind of conversation is offered it ({@link #forConversation}), each made once:
   * its specs stay one list.
   */
  private final AtomicReferenceArray<ToolRegistry> byConversation = new AtomicReferenceArray<>(4);

  private record Registered(Tool tool, ArgumentSchema schema, ToolSpec spec) {}

  private record Checked(ArgumentSchema schema, ToolSpec spec) {}

  private ToolRegistry(Map<String, Registered> tools) {
    this.tools = Collections.unmodifiableMap(tools);
    // List.copyOf, not Stream.toList: a request copies its tools with List.copyOf, which keeps only a
    // list that refuses nulls as it is, and RequestTools knows a list by its identity.
    this.specs = List.copyOf(this.tools.values().stream().map(Registered::spec).toList());
  }

  /** @throws IllegalArgumentException when a definition is unusable (see the class comment) */
  public static ToolRegistry of(List<? extends Tool> tools) {
    Map<String, Registered> byName = new LinkedHashMap<>();
    for (Tool tool : tools) {
      ToolDefinition definition = Objects.requireNonNull(tool.definition(), "definition");
      String name = definition.name();
      if (byName.containsKey(name)) throw new IllegalArgumentException("two tools are named " + name);
      Checked checked = requireUsable(definition);
      byName.put(name, new Registered(tool, checked.schema(), checked.spec()));
    }
    return new ToolRegistry(byName);
  }

  /**
   * Checks one definition as {@link #of} does (all but the uniqueness of its name), for a
   * definition read from configuration that should fail at start-up with its setting's name.
   *
   * @throws IllegalArgumentException saying what is unusable
   */
  public static void check(ToolDefinition definition) {
    requireUsable(definition);
  }

  private static Checked requireUsable(ToolDefinition definition) {
    String name = definition.name();
    if (definition.timeout() == null || definition.timeout().isNegative() || definition.timeout().isZero()) {
      throw new IllegalArgumentException("tool " + name + " needs a positive timeout, got " + definition.timeout());
    }
    if (definition.maxAttempts() < 1) {
      throw new IllegalArgumentException("tool " + name + " needs at least 1 attempt, got " + definition.maxAttempts());
    }
    if (definition.maxAttempts() > 1 && definition.backoff() == null) {
      throw new IllegalArgumentException("tool " + name + " retries, so it needs a backoff");
    }
    ToolSpec spec = new ToolSpec(name, Objects.requireNonNullElse(definition.description(), ""), definition.parameters());
    return new Checked(ArgumentSchema.compile(name, definition.parameters()), spec);
  }

  public static ToolRegistry of(Tool... tools) {
    return of(List.of(tools));
  }

  public static ToolRegistry empty() {
    return new ToolRegistry(new LinkedHashMap<>());
  }

  /**
   * The tools of this registry that {@code enabled} accepts, by name, in the same order: what one
   * tenant's bot may use (docs/bot-config.md#tools-and-model). A call to any other reads as a call
   * to an unknown tool.
   */
  public ToolRegistry only(Predicate<String> enabled) {
    Map<String, Registered> kept = new LinkedHashMap<>();
    tools.forEach((name, registered) -> {
      if (enabled.test(name)) kept.put(name, registered);
    });
    // All of them: this registry, whose specs a request has likely written already.
    return kept.size() == tools.size() ? this : new ToolRegistry(kept);
  }

  /**
   * The tools offered in one conversation, a phone call ({@code phoneCall}) or not, placed by the bot
   * ({@code placedCall}) or not: those whose {@link Tool#offeredIn} includes it. A call to one of the
   * others there reads as a call to an unknown tool.
   */
  public ToolRegistry forConversation(boolean phoneCall, boolean placedCall) {
    int kind = (phoneCall ? 2 : 0) + (placedCall ? 1 : 0);
    ToolRegistry kept = byConversation.get(kind);
    if (kept == null) {
      kept = only(name -> tools.get(name).tool().offeredIn().includes(phoneCall, placedCall));
      byConversation.compareAndSet(kind, null, kept);
    }
    return kept;
  }

  public Optional<Tool> find(String name) {
    return Optional.ofNullable(tools.get(name)).map(Registered::tool);
  }

  /** In registration order. */
  public List<Tool> tools() {
    return tools.values().stream().map(Registered::tool).toList();
  }

  public List<String> names() {
    return List.copyOf(tools.keySet());
  }

  public boolean isEmpty() {
    return tools.isEmpty();
  }

  /** What a chat-completions request offers the model, in registration order. */
  public List<ToolSpec> specs() {
    return specs;
  }

  /** A call as the model wrote it, arguments still JSON text. */
  public Validation validate(ToolCall call) {
    return validate(call.name(), call.argumentsJson());
  }

  /**
   * Parses and validates arguments as the model wrote them. A blank text reads as {@code {}} (some
   * servers send that for a tool without parameters); text that is not JSON is invalid.
   */
  public Validation validate(String name, String argumentsJson) {
    Optional<Validation> unknown = unknown(name);
    if (unknown.isPresent()) return unknown.get();
    if (argumentsJson == null || argumentsJson.isBlank()) return validate(name, JSON.createObjectNode());
    try {
      return validate(name, JSON.readTree(argumentsJson));
    } catch (JsonProcessingException e) {
      return new Validation.Invalid(name, Validation.Invalid.INVALID_ARGUMENTS,
          List.of("the arguments are not valid JSON (" + e.getOriginalMessage() + "); send one JSON object"));
    }
  }

  public Validation validate(String name, JsonNode arguments) {
    Optional<Validation> unknown = unknown(name);
    if (unknown.isPresent()) return unknown.get();
    Registered registered = tools.get(name);
    JsonNode given = arguments == null || arguments.isMissingNode() ? JSON.createObjectNode() : arguments;
    List<String> problems = new ArrayList<>(registered.schema().problems(given));
    if (!registered.tool().definition().idempotent()) problems.addAll(undeclared(registered.tool().definition(), given));
    return problems.isEmpty() ? new Validation.Valid(registered.tool(), given)
        : new Validation.Invalid(name, Validation.Invalid.INVALID_ARGUMENTS, problems);
  }

  /**
   * A tool that changes things (a ticket, a remote tool not marked idempotent) takes only the
   * arguments its schema declares, even when its schema does not say {@code additionalProperties:
   * false}: whatever else the model adds ("tenant", another session's id) is refused, not passed on.
   */
  private static List<String> undeclared(ToolDefinition definition, JsonNode given) {
    JsonNode declared = definition.parameters().path("properties");
    if (!given.isObject() || definition.parameters().path("additionalProperties").isBoolean()) return List.of();
    List<String> problems = new ArrayList<>();
    given.fieldNames().forEachRemaining(name -> {
      if (!declared.has(name)) {
        problems.add("unknown argument " + name + ": a tool that changes things takes only the arguments it declares");
      }
    });
    return problems;
  }

  private Optional<Validation> unknown(String name) {
    if (name != null && tools.containsKey(name)) return Optional.empty();
    String offered = tools.isEmpty() ? "no tools are available" : "the available tools are " + String.join(", ", tools.keySet());
    List<String> problems = new ArrayList<>();
    problems.add("there is no tool named '" + name + "'; " + offered);
    return Optional.of(new Validation.Invalid(String.valueOf(name), Validation.Invalid.UNKNOWN_TOOL, problems));
  }
}
