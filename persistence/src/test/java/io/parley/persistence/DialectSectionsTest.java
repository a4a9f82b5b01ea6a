package io.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DialectSectionsTest {
  private static final String SCRIPT = """
      -- notes, for both
      CREATE TABLE notes (
        id INTEGER NOT NULL,
      -- [h2]
        body VARCHAR NOT NULL,
      -- [postgres]
        body TEXT NOT NULL,
      -- [end]
        at TIMESTAMP WITH TIME ZONE NOT NULL
      );
      -- [postgres]
      ALTER TABLE notes ALTER COLUMN id SET STATISTICS 1000;
      -- [end]
      """;

  @Test
  void eachDialectGetsTheCommonLinesAndItsOwnSectionsWithTheRestEmptied() {
    assertEquals("""
        -- notes, for both
        CREATE TABLE notes (
          id INTEGER NOT NULL,

          body VARCHAR NOT NULL,



          at TIMESTAMP WITH TIME ZONE NOT NULL
        );



        """, DialectSections.render("notes.sql", SCRIPT, Dialect.H2));
    assertEquals("""
        -- notes, for both
        CREATE TABLE notes (
          id INTEGER NOT NULL,



          body TEXT NOT NULL,

          at TIMESTAMP WITH TIME ZONE NOT NULL
        );

        ALTER TABLE notes ALTER COLUMN id SET STATISTICS 1000;

        """, DialectSections.render("notes.sql", SCRIPT, Dialect.POSTGRES));
  }

  @Test
  void aScriptWithoutSectionsIsTheSameTextForBothDialectsWithLineFeeds() {
    String script = "CREATE TABLE a (id INTEGER);\r\nCREATE TABLE b (id INTEGER);\r\n";

    assertEquals(script.replace("\r\n", "\n"), DialectSections.render("a.sql", script, Dialect.H2));
    assertEquals(script.replace("\r\n", "\n"), DialectSections.render("a.sql", script, Dialect.POSTGRES));
  }

  @Test
  void eachLineStaysOnItsLineOfTheFile() {
    List<String> lines = DialectSections.render("notes.sql", SCRIPT, Dialect.POSTGRES).lines().toList();

    assertEquals(SCRIPT.lines().count(), lines.size());
    assertEquals("ALTER TABLE notes ALTER COLUMN id SET STATISTICS 1000;", lines.get(11));
  }

  @Test
  void aSectionLeftOpenIsRefusedWithItsLine() {
    MigrationException e = assertThrows(MigrationException.class, () -> DialectSections.render("db/x/V1__a.sql",
        "CREATE TABLE a (\n-- [h2]\n  id INTEGER\n);\n", Dialect.H2));

    assertEquals("Migration db/x/V1__a.sql, line 2: the h2 section is not closed by -- [end]", e.getMessage());
  }

  @Test
  void anEndOutsideASectionIsRefused() {
    MigrationException e = assertThrows(MigrationException.class, () -> DialectSections.render("db/x/V1__a.sql",
        "CREATE TABLE a (id INTEGER);\n-- [end]\n", Dialect.POSTGRES));

    assertEquals("Migration db/x/V1__a.sql, line 2: -- [end] closes no section", e.getMessage());
  }

  @Test
  void aMarkerNamingNoDialectIsRefused() {
    MigrationException e = assertThrows(MigrationException.class, () -> DialectSections.render("db/x/V1__a.sql",
        "-- [mysql]\nCREATE TABLE a (id INTEGER);\n-- [end]\n", Dialect.H2));

    assertEquals("Migration db/x/V1__a.sql, line 1: '-- [mysql]' is not -- [h2], -- [postgres] or -- [end]",
        e.getMessage());
  }
}
