package io.parley.persistence.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.attachment.AgentPicture;
import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On both databases: an agent's profile is replaced whole and read back; saved replies keep a title
 * once per tenant and are found, changed and removed only in their tenant; notes are listed in
 * order, per conversation and tenant, and erased with their conversations. A profile's picture must
 * be an https address of a public host by its name. An uploaded picture is served under a random
 * key, new with each upload; one stored before such keys is given one.
 */
class AgentDeskStoresTest {
  private static final Instant AT = Instant.parse("2026-11-28T10:00:00.123456Z");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void aProfileIsReplacedWholeAndReadInItsTenantOnly(Dialect dialect) {
    Database database = databases.open(dialect);
    JdbcAgentProfiles profiles = new JdbcAgentProfiles(database.dataSource());
    assertEquals(AgentProfile.NONE, profiles.find("acme", "sam"));
    AgentProfile sam = AgentProfile.of(Optional.of(" Sam Rivera "), Optional.of("https://cdn.example.com/sam.png"));
    profiles.save("acme", "sam", sam, AT);
    assertEquals(new AgentProfile(Optional.of("Sam Rivera"), Optional.of("https://cdn.example.com/sam.png")),
        profiles.find("acme", "sam"));
    assertEquals(AgentProfile.NONE, profiles.find("globex", "sam"));
    profiles.save("acme", "sam", AgentProfile.of(Optional.of(""), Optional.empty()), AT.plusSeconds(1));
    assertEquals(AgentProfile.NONE, profiles.find("acme", "sam"), "blanks clear it");
    assertEquals("sam.agent", profiles.find("acme", "sam").shownName("sam.agent"));
  }

  @Test
  void aPictureIsAnHttpsAddressOfAPublicHostByItsName() {
    for (String refused : List.of("http://cdn.example.com/a.png", "https://127.0.0.1/a.png", "https://[::1]/a.png",
        "https://localhost/a.png", "https://printer.local/a.png", "https://user:secret@cdn.example.com/a.png",
        "javascript:alert(1)", "https:///a.png", "https://cdn.example.com/" + "a".repeat(500))) {
      assertThrows(IllegalArgumentException.class, () -> AgentProfile.of(Optional.empty(), Optional.of(refused)), refused);
    }
    assertThrows(IllegalArgumentException.class, () -> AgentProfile.of(Optional.of("Sam\nRivera"), Optional.empty()));
  }

  @OnEachDialect
  void aPictureIsServedUnderARandomKeyNewWithEveryUpload(Dialect dialect) throws Exception {
    Database database = databases.open(dialect);
    JdbcAgentPictures pictures = new JdbcAgentPictures(database.dataSource());
    AgentPicture picture = new AgentPicture("image/png", new byte[] {1, 2, 3});
    assertEquals(Optional.empty(), pictures.servedKey("acme", "sam"));
    String first = pictures.save("acme", "sam", picture, AT);
    assertTrue(first.matches("[0-9a-f]{32}") && !first.equals(AgentPicture.key("acme", "sam")), first);
    assertEquals(Optional.of(first), pictures.servedKey("acme", "sam"));
    assertEquals("image/png", pictures.find(first).orElseThrow().mediaType());
    assertEquals(Optional.empty(), pictures.find(AgentPicture.key("acme", "sam")), "the computable key serves nothing");
    assertEquals(Optional.empty(), pictures.servedKey("globex", "sam"));
    String second = pictures.save("acme", "sam", picture, AT.plusSeconds(1));
    assertNotEquals(first, second, "a new picture, a new name: no browser shows the old one from its cache");
    assertEquals(Optional.empty(), pictures.find(first));
    assertTrue(pictures.delete("acme", "sam"));
    assertEquals(Optional.empty(), pictures.servedKey("acme", "sam"));
    assertEquals(Optional.empty(), pictures.find(second));
  }

  @OnEachDialect
  void aPictureUploadedBeforeItsRandomKeyIsGivenOneOnceAndServed(Dialect dialect) throws Exception {
    Database database = databases.open(dialect);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO agent_pictures "
            + "(picture_key, tenant, agent_id, media_type, content, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, AgentPicture.key("acme", "lee"));
      insert.setString(2, "acme");
      insert.setString(3, "lee");
      insert.setString(4, "image/jpeg");
      insert.setBytes(5, new byte[] {4, 5});
      insert.setTimestamp(6, Timestamp.from(AT));
      insert.executeUpdate();
    }
    JdbcAgentPictures pictures = new JdbcAgentPictures(database.dataSource());
    String served = pictures.servedKey("acme", "lee").orElseThrow();
    assertEquals(Optional.of(served), pictures.servedKey("acme", "lee"), "given once, then kept");
    assertEquals("image/jpeg", pictures.find(served).orElseThrow().mediaType());
  }

  @OnEachDialect
  void savedRepliesKeepATitleOncePerTenant(Dialect dialect) {
    JdbcSavedReplies replies = new JdbcSavedReplies(databases.open(dialect).dataSource());
    SavedReply refund = replies.create("acme", " Refund ", "Hi {{customer.name}}", "key:admin", AT);
    assertEquals("Refund", refund.title());
    assertThrows(JdbcSavedReplies.DuplicateTitle.class, () -> replies.create("acme", "Refund", "Again", "key:admin", AT));
    replies.create("globex", "Refund", "Theirs", "key:admin", AT);
    SavedReply hours = replies.create("acme", "Hours", "9 to 5", "key:admin", AT);
    assertEquals(List.of("Hours", "Refund"), replies.list("acme").stream().map(SavedReply::title).toList());
    assertThrows(JdbcSavedReplies.DuplicateTitle.class,
        () -> replies.update("acme", hours.id(), "Refund", "x", "key:admin", AT), "a change may not take another's title");
    assertEquals(Optional.empty(), replies.update("globex", refund.id(), "Mine", "x", "key:admin", AT));
    assertEquals("Refunds", replies.update("acme", refund.id(), "Refunds", "Soon", "key:other", AT.plusSeconds(5))
        .orElseThrow().title());
    assertEquals(Optional.empty(), replies.find("globex", refund.id()));
    assertTrue(!replies.delete("globex", refund.id()) && replies.delete("acme", refund.id()));
    assertEquals(List.of("Hours"), replies.list("acme").stream().map(SavedReply::title).toList());
  }

  @OnEachDialect
  void notesAreListedPerConversationAndErasedWithIt(Dialect dialect) {
    JdbcConversationNotes notes = new JdbcConversationNotes(databases.open(dialect).dataSource());
    notes.add("acme", "s-1", "sam", "Sam", "First", AT);
    notes.add("acme", "s-1", "dana", "Dana", "Second", AT.plusSeconds(1));
    notes.add("globex", "s-1", "eve", "Eve", "Theirs", AT);
    assertEquals(List.of("First", "Second"), notes.list("acme", "s-1").stream().map(ConversationNote::body).toList());
    assertThrows(IllegalArgumentException.class, () -> notes.add("acme", "s-1", "sam", "Sam", "  ", AT));
    assertEquals(2, notes.erase("acme", List.of("s-1", "s-2")));
    assertEquals(List.of(), notes.list("acme", "s-1"));
    assertEquals(1, notes.list("globex", "s-1").size());
  }
}
