package io.parley.http.rest.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConversationExportTest {
  @Test
  void aCellASpreadsheetWouldReadAsAFormulaStartsWithAQuote() {
    assertEquals("'=1+1", ConversationExport.cell("=1+1"));
    assertEquals("'+1", ConversationExport.cell("+1"));
    assertEquals("'-1+1", ConversationExport.cell("-1+1"));
    assertEquals("'@SUM(A1)", ConversationExport.cell("@SUM(A1)"));
    assertEquals("'\t=1+1", ConversationExport.cell("\t=1+1"));
    assertEquals("\"'\r=1+1\"", ConversationExport.cell("\r=1+1"), "quoted too, as it holds a line break");
  }

  @Test
  void otherCellsAreWrittenAsTheyAreAndQuotedAsRfc4180Says() {
    assertEquals("ada", ConversationExport.cell("ada"));
    assertEquals("", ConversationExport.cell(""));
    assertEquals("a\t=1", ConversationExport.cell("a\t=1"), "a tab after the first character starts no formula");
    assertEquals("\"Lovelace, Ada\"", ConversationExport.cell("Lovelace, Ada"));
    assertEquals("\"say \"\"hi\"\"\"", ConversationExport.cell("say \"hi\""));
    assertEquals("\"two\nlines\"", ConversationExport.cell("two\nlines"));
  }
}
