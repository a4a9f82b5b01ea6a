package io.parley.http.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.attachment.AgentPicture;
import io.parley.core.testing.SteppedClock;
import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.desk.JdbcAgentPictures;
import io.parley.persistence.testing.DialectDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which agents have a picture, as a node knows it: read from the store, kept fresh a while, replaced
 * at once by what the node itself stores or removes, and none where the read fails.
 */
class AgentPictureIndexTest {
  private static final Instant AT = Instant.parse("2026-11-29T09:00:00Z");
  private static final AgentPicture PICTURE = new AgentPicture("image/png", new byte[] {1, 2});

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private final SteppedClock clock = new SteppedClock(AT);

  @Test
  void anAnswerIsReadThenKeptFreshAndReadAgainOnceStale() throws Exception {
    JdbcAgentPictures pictures = new JdbcAgentPictures(databases.open(Dialect.H2).dataSource());
    AgentPictureIndex index = new AgentPictureIndex(pictures, Runnable::run, clock);
    String dana = AgentPicture.path(pictures.save("acme", "dana", PICTURE, AT));

    assertEquals(Optional.empty(), index.known("acme", "dana"), "not read yet");
    loaded(index, "acme", "dana");
    loaded(index, "acme", "sam");
    assertEquals(Optional.of(Optional.of(dana)), index.known("acme", "dana"));
    assertEquals(Optional.of(Optional.empty()), index.known("acme", "sam"), "no picture: none to name");
    assertEquals(Optional.empty(), index.known("globex", "dana"), "each tenant's agents are their own");

    pictures.delete("acme", "dana");
    clock.advance(AgentPictureIndex.FRESH.minusSeconds(1));
    assertEquals(Optional.of(Optional.of(dana)), index.known("acme", "dana"), "removed through another node: fresh still");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(Optional.empty(), index.known("acme", "dana"), "stale: read again");
    loaded(index, "acme", "dana");
    assertEquals(Optional.of(Optional.empty()), index.known("acme", "dana"));
  }

  @Test
  void whatTheNodeStoresOrRemovesCountsAtOnce() {
    AgentPictureIndex index = new AgentPictureIndex(
        new JdbcAgentPictures(databases.open(Dialect.H2).dataSource()), Runnable::run, clock);
    index.remember("acme", "dana", Optional.of("/v1/agent-pictures/0f3a"));
    assertEquals(Optional.of(Optional.of("/v1/agent-pictures/0f3a")), index.known("acme", "dana"));
    index.remember("acme", "dana", Optional.empty());
    assertEquals(Optional.of(Optional.empty()), index.known("acme", "dana"));
  }

  @Test
  void aFailedReadNamesNoPicture() throws Exception {
    Database database = databases.open(Dialect.H2);
    JdbcAgentPictures pictures = new JdbcAgentPictures(database.dataSource());
    pictures.save("acme", "dana", PICTURE, AT);
    database.close();
    AgentPictureIndex index = new AgentPictureIndex(pictures, Runnable::run, clock);
    loaded(index, "acme", "dana");
    assertEquals(Optional.of(Optional.empty()), index.known("acme", "dana"), "the customer sees the initials");
  }

  private static void loaded(AgentPictureIndex index, String tenant, String agentId) throws Exception {
    index.load(tenant, agentId).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
