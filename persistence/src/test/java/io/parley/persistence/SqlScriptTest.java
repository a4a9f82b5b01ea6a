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

    assertEquals(List.of(
            new SqlScript.Statement(2, "CREATE TABLE a (id INT)"),
            new SqlScript.Statement(4, "CREATE TABLE b (\n  id INT\n)")),
        SqlScript.split(script));
  }

  @Test
  void semicolonsInsideQuotesDoNotEndAStatement() {
    String script = "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'\\';x');\n"
        + "CREATE TABLE \"odd;name\" (id INT);";

    assertEquals(List.of(
            new SqlScript.Statement(1, "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'\\';x')"),
            new SqlScript.Statement(2, "CREATE TABLE \"odd;name\" (id INT)")),
        SqlScript.split(script));
  }

  @Test
  void dollarQuotedBodiesAreOneStatement() {
    String body = "CREATE FUNCTION f() RETURNS trigger AS $fn$\nBEGIN\n  NEW.x := 1; RETURN NEW;\nEND;\n$fn$ LANGUAGE plpgsql";
    String script = body + ";\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT $1";

    assertEquals(List.of(
            new SqlScript.Statement(1, body),
            new SqlScript.Statement(6, "DO $$ BEGIN PERFORM 1; END $$"),
            new SqlScript.Statement(7, "SELECT $1")),
        SqlScript.split(script));
  }

  @Test
  void commentsAndBlanksAloneAreNoStatement() {
    assertEquals(List.of(), SqlScript.split("-- nothing\n\n/* /* nested */ still comment; */\n;\n"));
  }
}
