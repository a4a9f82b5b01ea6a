package io.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsAtSemicolonsAndKnowsTheLineEachStatementStartsOn() {
    String script = "-- header; not a statement\n"
        + "CREATE TABLE a (id INT);\n"
        + "\n"
        + "/* block; comment */ CREATE TABLE b (\n"
        + "  id INT\n"
        + ");\n";

    assertSplitsInto(script,
        new SqlScript.Statement(2, "CREATE TABLE a (id INT)"),
        new SqlScript.Statement(4, "CREATE TABLE b (\n  id INT\n)"));
  }

  @Test
  void semicolonsInsideQuotesDoNotEndAStatement() {
    String script = "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'\\';x');\n"
        + "CREATE TABLE \"odd;name\" (id INT);";

    assertSplitsInto(script,
        new SqlScript.Statement(1, "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'\\';x')"),
        new SqlScript.Statement(2, "CREATE TABLE \"odd;name\" (id INT)"));
  }

  @Test
  void dollarQuotedBodiesAreOneStatement() {
    String body = "CREATE FUNCTION f() RETURNS trigger AS $fn$\nBEGIN\n  NEW.x := 1; RETURN NEW;\nEND;\n$fn$ LANGUAGE plpgsql";
    String script = body + ";\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT $1";

    assertSplitsInto(script,
        new SqlScript.Statement(1, body),
        new SqlScript.Statement(6, "DO $$ BEGIN PERFORM 1; END $$"),
        new SqlScript.Statement(7, "SELECT $1"));
  }

  @Test
  void commentsAndBlanksAloneAreNoStatement() {
    assertSplitsInto("-- nothing\n\n/* /* nested */ still comment; */\n;\n");
  }

  private static void assertSplitsInto(String script, SqlScript.Statement... statements) {
    assertEquals(List.of(statements), SqlScript.split(script));
  }
}
