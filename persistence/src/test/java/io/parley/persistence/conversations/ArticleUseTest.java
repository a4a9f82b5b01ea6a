package io.parley.persistence.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.Transactions;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The articles' uses on both databases: the slices' counts added up, by UTC day, most used first, per tenant. */
class ArticleUseTest {
  private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;

  @OnEachDialect
  void theMostUsedArticlesOfTheDaysAskedAddUpEverySlice(Dialect dialect) {
    database = databases.open(dialect);
    count("acme", MONDAY, "sessions-0", "shipping", "Shipping");
    count("acme", MONDAY, "sessions-5", "shipping", "Shipping times");
    count("acme", MONDAY, "sessions-5", "shipping", "Shipping times");
    count("acme", MONDAY, "sessions-1", "returns", "Returns");
    count("acme", MONDAY.plusDays(1), "sessions-1", "returns", "Returns");
    count("acme", MONDAY.plusDays(1), "sessions-1", "warranty", "Warranty");
    count("acme", MONDAY.plusDays(2), "sessions-1", "warranty", "Warranty");
    count("globex", MONDAY, "sessions-0", "shipping", "Globex shipping");

    JdbcConversations conversations = new JdbcConversations(database.dataSource());
    assertEquals(List.of(new ArticleUse.Used("shipping", "Shipping times", 3, 0), new ArticleUse.Used("returns", "Returns", 2, 0),
        new ArticleUse.Used("warranty", "Warranty", 1, 0)), conversations.topArticles("acme", MONDAY, MONDAY.plusDays(2), 10));
    assertEquals(List.of(new ArticleUse.Used("shipping", "Shipping times", 3, 0)),
        conversations.topArticles("acme", MONDAY, MONDAY.plusDays(2), 1));
    assertEquals(List.of(new ArticleUse.Used("warranty", "Warranty", 2, 0), new ArticleUse.Used("returns", "Returns", 1, 0)),
        conversations.topArticles("acme", MONDAY.plusDays(1), MONDAY.plusDays(3), 10));
    assertEquals(List.of(new ArticleUse.Used("shipping", "Globex shipping", 1, 0)),
        conversations.topArticles("globex", MONDAY, MONDAY.plusDays(3), 10));
  }

  @OnEachDialect
  void anArticleCitedCountsItsCitationsBesideTheSearchesThatFoundIt(Dialect dialect) {
    database = databases.open(dialect);
    count("acme", MONDAY, "sessions-0", "returns", "Returns");
    count(ArticleUse.Count.CITED, "acme", MONDAY, "sessions-0", "returns", "Returns");
    count(ArticleUse.Count.CITED, "acme", MONDAY, "sessions-3", "returns", "Returns");
    count(ArticleUse.Count.CITED, "acme", MONDAY, "sessions-3", "warranty", "Warranty");

    assertEquals(List.of(new ArticleUse.Used("returns", "Returns", 1, 2), new ArticleUse.Used("warranty", "Warranty", 0, 1)),
        new JdbcConversations(database.dataSource()).topArticles("acme", MONDAY, MONDAY.plusDays(1), 10));
  }

  private void count(String tenant, LocalDate day, String slice, String documentId, String title) {
    count(ArticleUse.Count.FOUND, tenant, day, slice, documentId, title);
  }

  private void count(ArticleUse.Count what, String tenant, LocalDate day, String slice, String documentId, String title) {
    Transactions.write(database.dataSource(), "count an article's use", connection -> {
      ArticleUse.count(connection, what, tenant, day, slice, documentId, title);
      return null;
    });
  }
}
