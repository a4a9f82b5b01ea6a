package io.parley.tools.mcp;

import java.io.IOException;

/** An MCP server's answer went past what the node reads of one; the connection was closed there. */
public final class AnswerTooLarge extends IOException {
  AnswerTooLarge(long bytes) {
    super("the server answered with more than " + bytes + " bytes; the node stopped reading there");
  }
}
