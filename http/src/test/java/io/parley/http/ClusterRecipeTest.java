package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The README's "Running a cluster" as a newcomer follows it: {@code deploy/cluster.sh} starts three
 * nodes of the server jar on one PostgreSQL database, each with its own SIP port, and HAProxy in
 * front. The chat page, opened through the load balancer in a real Chromium, carries on when the
 * node holding its socket is killed with SIGKILL: it reconnects through the same address to a
 * survivor, resumes its conversation with every earlier message still shown, and a new message is
 * answered in that conversation.
 */
@UsesServerJar
class ClusterRecipeTest {
  /** A session on the killed node answers again on a survivor about 5 s after the crash; the page's backoff adds to it. */
  private static final Duration FAILOVER = Duration.ofSeconds(45);

  @RegisterExtension static final ChatPage PAGE = ChatPage.inChromium(List.of(), Map.of());
  @TempDir static Path directory;
  @AutoClose private static FakeChatCompletionsServer model;
  @AutoClose private static ClusterScript cluster;

  @BeforeAll
  static void startTheRecipe() throws Exception {
    long started = System.nanoTime();
    model = FakeChatCompletionsServer.start();
    // A database without tables, as the recipe's reader starts with: its nodes migrate it.
    cluster = ClusterScript.start(directory, TestPostgres.newEmptyDatabase(), Map.of(
        "PARLEY_OPS_TOKEN", OpsClient.TOKEN,
        "PARLEY_LLM_BASE_URL", model.baseUrl().toString(),
        "PARLEY_LLM_MODEL", "llama-3.3-70b",
        // Three JVMs on a shared machine: no speech engines loading at start, a small heap, C1 only.
        "PARLEY_VOICE_WARM_UP", "false",
        "JDK_JAVA_OPTIONS", "-Xmx384m -XX:TieredStopAtLevel=1"));
    System.out.printf("ClusterRecipeTest: cluster.sh ready after %d s; load average %s%n",
        Duration.ofNanos(System.nanoTime() - started).toSeconds(), TestCluster.loadAverage());
  }

  @Test
  void thePageThroughTheLoadBalancerCarriesOnWhenItsNodeIsKilled() throws Exception {
    PAGE.openNewConversation(cluster.loadBalancerPort());
    say("My order 1042 has not arrived");
    say("It was sent to Berlin");
    String session = sessionId();

    ClusterScript.Node holding = nodeWithTheSocket();
    cluster.kill(holding);
    long killedAt = System.nanoTime();

    PAGE.await("the page reconnected to a survivor", FAILOVER, b -> {
      WebElement status = b.findElement(By.id("status"));
      return "online".equals(status.getAttribute("data-state")) && socketsOnSurvivors(holding) == 1;
    });
    System.out.printf("ClusterRecipeTest: the page was online on a survivor %d ms after node %d was killed; load average %s%n",
        Duration.ofNanos(System.nanoTime() - killedAt).toMillis(), holding.number(), TestCluster.loadAverage());
    assertEquals(session, sessionId(), "the page resumed its conversation, not a new one");
    say("Can you check where it is now?");

    assertEquals(List.of("My order 1042 has not arrived", "You said: My order 1042 has not arrived",
            "It was sent to Berlin", "You said: It was sent to Berlin",
            "Can you check where it is now?", "You said: Can you check where it is now?"),
        shownMessages(), "every earlier message still shown once, in order; output:\n" + cluster.output());
    assertTrue(model.lastRequest().messages().stream().anyMatch(m -> "It was sent to Berlin".equals(m.content())),
        "the answer after the failover knows the conversation before it");
  }

  /** Types {@code text} and waits until its answer is shown. */
  private static void say(String text) {
    PAGE.browser().findElement(By.id("input")).sendKeys(text, Keys.ENTER);
    PAGE.await("the answer to \"" + text + "\"", FAILOVER, b -> PAGE.answers().contains("You said: " + text));
  }

  private static String sessionId() {
    return (String) PAGE.browser().executeScript("return window.parleyChat.client.sessionId");
  }

  private static List<String> shownMessages() {
    return PAGE.browser().findElements(By.cssSelector("#messages > li.msg .bubble__text")).stream()
        .map(WebElement::getText).toList();
  }

  /** The one node whose gauge counts the page's socket (HAProxy chose it). */
  private static ClusterScript.Node nodeWithTheSocket() {
    List<ClusterScript.Node> holding = cluster.nodes().stream().filter(node -> openSockets(node) == 1).toList();
    assertEquals(1, holding.size(), "one node holds the page's socket: " + holding);
    return holding.get(0);
  }

  /** Open chat sockets on every node but the {@code killed} one, from their gauges. */
  private static int socketsOnSurvivors(ClusterScript.Node killed) {
    return cluster.nodes().stream().filter(node -> !node.equals(killed)).mapToInt(ClusterRecipeTest::openSockets).sum();
  }

  private static int openSockets(ClusterScript.Node node) {
    HttpResponse<String> metrics = OpsClient.withToken(node.httpPort()).get("/metrics");
    assertEquals(200, metrics.statusCode(), metrics.body());
    return metrics.body().lines().filter(line -> line.startsWith("parley_chat_connections "))
        .mapToInt(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum();
  }
}
