package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.persistence.DirectWriteJournal;
import org.junit.jupiter.api.Test;

/** Sessions start only on the journal that stores their data keys. */
class ChatSessionsTest {
  @Test
  void aJournalThatWouldNotStoreTheSessionsKeysIsRefusedNamingTheSetting() {
    ChatSessions.requireKeyStoringJournal(ConfigFactory.parseString(
        "pekko.persistence.journal.plugin = jdbc-journal\njdbc-journal.class = \"" + DirectWriteJournal.class.getName() + "\""));

    IllegalStateException plugin = assertThrows(IllegalStateException.class, () -> ChatSessions.requireKeyStoringJournal(
        ConfigFactory.parseString("pekko.persistence.journal.plugin = jdbc-journal\n"
            + "jdbc-journal.class = \"org.apache.pekko.persistence.jdbc.journal.JdbcAsyncWriteJournal\"")));
    assertTrue(plugin.getMessage().contains("jdbc-journal.class is org.apache.pekko"), plugin.getMessage());
    assertThrows(IllegalStateException.class, () -> ChatSessions.requireKeyStoringJournal(
        ConfigFactory.parseString("pekko.persistence.journal.plugin = pekko.persistence.journal.inmem")));
  }
}
