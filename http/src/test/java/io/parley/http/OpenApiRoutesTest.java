package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code openapi.json} and the routes of a real node agree, as the node's own answers tell: every
 * operation the document lists reaches a route, every method the node serves on a documented path
 * is documented, and every operation the docs name in their prose that the node serves is in the
 * document. A request reaches no route when the node answers it as Pekko answers what no route
 * took: 405 (the path is served, the method is not) or 404 with the bare "Not Found" of the
 * rejection handler ({@code ParleyRoutes.rejections}), not a route's own 404. Each request is
 * tried with no credential, a customer's token, the tenant admin's key and the operator's token:
 * a route checks its caller before or after its method, so a method is served only when no caller
 * is told that no route takes it.
 */
class OpenApiRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
  /** An operation named in the docs' prose: a method and a path, its parameters as {@code {x}} or {@code <x>}. */
  private static final Pattern NAMED_OPERATION = Pattern.compile("\\b(GET|POST|PUT|PATCH|DELETE) (/v1/[-A-Za-z0-9_{}<>./]+)");
  private static final Path DOCS = Path.of("..", "docs");

  @RegisterExtension
  static final RunningNode node = RunningNode.offline(Map.of("parley.management.ops-token", OpsClient.TOKEN));

  private static JsonNode document;

  @BeforeAll
  static void readTheServedDocument() throws Exception {
    HttpResponse<String> served = send("GET", "/v1/openapi.json", Optional.empty());
    assertEquals(200, served.statusCode());
    document = JSON.readTree(served.body());
  }

  @Test
  void everyDocumentedOperationReachesARoute() throws Exception {
    assertEquals(List.of(), operations((documented, served) -> documented && !served),
        "openapi.json lists operations that no route of the node serves");
  }

  /**
   * A path that two templates of the document stand for ({@code /v1/conversations/export} and
   * {@code /v1/conversations/{sessionId}}) is left out: the route of the other template may refuse
   * it as a malformed id before it looks at the method.
   */
  @Test
  void everyMethodServedOnADocumentedPathIsDocumented() throws Exception {
    assertEquals(List.of(), operations((documented, served) -> !documented && served),
        "the node serves methods that openapi.json does not list on their path");
  }

  /** Each method on each documented path for which {@code wanted} holds, given whether it is documented and served. */
  private static List<String> operations(BiPredicate<Boolean, Boolean> wanted) throws Exception {
    List<String> found = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : METHODS) {
        String concrete = concrete(path.getKey(), path.getValue());
        // Another template of the document may stand for the same path: /v1/staff/{accountId} for /v1/staff/invitations.
        boolean documented = documented(method, concrete.replaceFirst("[?].*", ""));
        if (!documented && templatesOf(concrete.replaceFirst("[?].*", "")) > 1) continue;
        List<String> answers = answers(method, concrete);
        boolean served = answers.stream().noneMatch(answer -> answer.startsWith("405") || answer.equals("404 Not Found"));
        if (wanted.test(documented, served)) found.add(method + " " + path.getKey() + " " + answers);
      }
    }
    return found;
  }

  @Test
  void everyOperationTheDocsNameThatTheNodeServesIsDocumented() throws Exception {
    Set<String> named = namedInTheDocs();
    assertTrue(named.size() > 50, "the docs name the API's operations: " + named);
    List<String> undocumented = new ArrayList<>();
    for (String operation : named) {
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(operation.indexOf(' ') + 1);
      if (!documented(method, path) && !isWebSocket(path) && served(method, PARAMETER.matcher(path).replaceAll("probe"))) {
        undocumented.add(operation);
      }
    }
    assertEquals(List.of(), undocumented, "the docs name operations that the node serves and openapi.json lacks");
  }

  /** The sockets are described in docs/protocol.md: OpenAPI 3.0 has no way to describe their frames. */
  private static boolean isWebSocket(String path) {
    return path.equals("/v1/chat/ws") || path.equals("/v1/agent/ws") || path.equals("/v1/agent/phone");
  }

  /** Whether some path of the document, its parameters standing for any segment, lists {@code method} for {@code path}. */
  private static boolean documented(String method, String path) {
    return templates(path).stream().anyMatch(pathItem -> pathItem.has(method.toLowerCase()));
  }

  private static int templatesOf(String path) {
    return templates(path).size();
  }

  /** The path items of the document whose template, its parameters standing for any segment, matches {@code path}. */
  private static List<JsonNode> templates(String path) {
    List<JsonNode> matching = new ArrayList<>();
    String literal = PARAMETER.matcher(path).replaceAll("x");
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> template = paths.next();
      String pattern = Pattern.quote(template.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
      if (Pattern.matches(pattern, literal)) matching.add(template.getValue());
    }
    return matching;
  }

  /** The operations the docs' prose names, each parameter written {@code {name}}; a query left off. */
  private static Set<String> namedInTheDocs() throws IOException {
    Set<String> named = new TreeSet<>();
    try (Stream<Path> pages = Files.list(DOCS)) {
      for (Path page : pages.filter(file -> file.toString().endsWith(".md")).toList()) {
        Matcher operation = NAMED_OPERATION.matcher(Files.readString(page));
        while (operation.find()) {
          String path = operation.group(2).replaceAll("<([^>]+)>", "{$1}").replaceAll("[.]+$", "");
          if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
          named.add(operation.group(1) + " " + path);
        }
      }
    }
    return named;
  }

  /**
   * {@code template} with each path parameter and each required query parameter made up, as the
   * document's schema for it allows: the node refuses a value of the wrong form before it looks at
   * the method.
   */
  private static String concrete(String template, JsonNode pathItem) {
    Map<String, JsonNode> parameters = new TreeMap<>();
    List<JsonNode> declared = new ArrayList<>();
    pathItem.path("parameters").forEach(declared::add);
    pathItem.forEach(operation -> operation.path("parameters").forEach(declared::add));
    for (JsonNode parameter : declared) {
      JsonNode resolved = resolve(parameter);
      parameters.put(resolved.path("in").asText() + " " + resolved.path("name").asText(), resolved);
    }
    Matcher parameter = PARAMETER.matcher(template);
    StringBuilder path = new StringBuilder();
    while (parameter.find()) {
      JsonNode schema = resolve(parameters.getOrDefault("path " + parameter.group(1), JSON.createObjectNode()).path("schema"));
      parameter.appendReplacement(path, sample(schema));
    }
    parameter.appendTail(path);
    String query = parameters.values().stream()
        .filter(declaredParameter -> declaredParameter.path("in").asText().equals("query")
            && declaredParameter.path("required").asBoolean())
        .map(required -> required.path("name").asText() + "=" + sample(resolve(required.path("schema"))))
        .collect(Collectors.joining("&"));
    return query.isEmpty() ? path.toString() : path + "?" + query;
  }

  /** A value of {@code schema}'s form: the first it lists, a number, a UUID, or the first of a few made-up ids its pattern takes. */
  private static String sample(JsonNode schema) {
    if (schema.path("enum").isArray()) return schema.get("enum").get(0).asText();
    if (schema.path("type").asText().equals("integer")) return "1";
    if (schema.path("format").asText().equals("uuid")) return "00000000-0000-4000-8000-000000000000";
    Pattern pattern = Pattern.compile(schema.path("pattern").asText(".*"));
    return Stream.of("probe", "1", "att_" + "0".repeat(32), "0".repeat(32))
        .filter(candidate -> pattern.matcher(candidate).find())
        .findFirst().orElseThrow(() -> new AssertionError("no made-up value fits the pattern " + pattern));
  }

  /** A {@code $ref} into the document's components, or the node itself. */
  private static JsonNode resolve(JsonNode node) {
    return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
  }

  /** Whether {@code method} on {@code path} reaches a route, whoever asks. */
  private static boolean served(String method, String path) throws Exception {
    return answers(method, path).stream().noneMatch(answer -> answer.startsWith("405") || answer.equals("404 Not Found"));
  }

  /** The status and error message each caller gets. */
  private static List<String> answers(String method, String path) throws Exception {
    List<Optional<String>> callers = List.of(Optional.empty(),
        Optional.of(TestIdentity.customerToken(TestIdentity.DEFAULT_TENANT, Optional.of("probe"))),
        Optional.of(TestIdentity.adminKey(TestIdentity.DEFAULT_TENANT)), Optional.of(OpsClient.TOKEN));
    List<String> answers = new ArrayList<>();
    for (Optional<String> caller : callers) {
      HttpResponse<String> answer = send(method, path, caller);
      answers.add(answer.statusCode() + " " + errorMessage(answer.body()));
    }
    return answers;
  }

  private static String errorMessage(String body) {
    try {
      return JSON.readTree(body).path("error").path("message").asText();
    } catch (IOException notJson) {
      return "";
    }
  }

  private static HttpResponse<String> send(String method, String path, Optional<String> credential) throws Exception {
    boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, withBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
    if (withBody) request.header("Content-Type", "application/json");
    credential.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    return HTTP.send(request.build(), FirstEventBody.HANDLER);
  }
}
