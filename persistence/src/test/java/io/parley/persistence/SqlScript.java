package io.parley.persistence;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a migration script into statements at the semicolons that end them, so that a failure
 * names the statement and its line. Semicolons inside quotes, comments and PostgreSQL
 * dollar-quoted bodies ({@code $$ ... $$}, {@code $fn$ ... $fn$}) do not end a statement.
 */
final class SqlScript {

  /** One statement of a script and the line it starts on (1-based). */
  record Statement(int line, String sql) {}

  private SqlScript() {}

  static List<Statement> split(String script) {
    List<Statement> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int line = 1;
    int startLine = -1; // line of the first character that is not blank or comment
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      int end; // index just past the token starting at i
      boolean significant = true;
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        end = script.indexOf('\n', i);
        end = end < 0 ? n : end;
        significant = false;
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        end = blockCommentEnd(script, i);
        significant = false;
      } else if (c == '\'') {
        boolean backslashEscapes = i > 0 && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e')
            && (i < 2 || !Character.isLetterOrDigit(script.charAt(i - 2)));
        end = quotedEnd(script, i, '\'', backslashEscapes);
      } else if (c == '"') {
        end = quotedEnd(script, i, '"', false);
      } else if (c == '$' && dollarTag(script, i) != null) {
        String tag = dollarTag(script, i);
        int close = script.indexOf(tag, i + tag.length());
        end = close < 0 ? n : close + tag.length();
      } else if (c == ';') {
        if (startLine > 0) statements.add(new Statement(startLine, current.toString().trim()));
        current.setLength(0);
        startLine = -1;
        i++;
        continue;
      } else {
        end = i + 1;
        significant = !Character.isWhitespace(c);
      }
      if (significant && startLine < 0) startLine = line;
      String token = script.substring(i, end);
      if (startLine > 0) current.append(token);
      line += token.chars().filter(ch -> ch == '\n').count();
      i = end;
    }
    if (startLine > 0) statements.add(new Statement(startLine, current.toString().trim()));
    return statements;
  }

  // PostgreSQL block comments nest.
  private static int blockCommentEnd(String script, int start) {
    int depth = 0;
    int i = start;
    while (i + 1 < script.length()) {
      if (script.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (script.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) return i;
      } else {
        i++;
      }
    }
    return script.length();
  }

  // A doubled quote inside the quotes stands for one quote.
  private static int quotedEnd(String script, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return script.length();
  }

  /** {@code $tag$} or {@code $$} starting at {@code start}, or null ({@code $1} is a parameter, not a tag). */
  private static String dollarTag(String script, int start) {
    if (start > 0 && Character.isJavaIdentifierPart(script.charAt(start - 1))) return null;
    int i = start + 1;
    while (i < script.length() && (Character.isLetterOrDigit(script.charAt(i)) || script.charAt(i) == '_')) {
      if (i == start + 1 && Character.isDigit(script.charAt(i))) return null;
      i++;
    }
    if (i < script.length() && script.charAt(i) == '$') return script.substring(start, i + 1);
    return null;
  }
}
