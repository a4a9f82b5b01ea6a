package io.parley.http.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WidgetTagsTest {
  @Test
  void theWidgetsTagIsFoundWithItsTenantAndKeyAsTheBrowserReadsThem() {
    String page = """
        <!doctype html><html><head><script src="/app.js"></script>
        <SCRIPT async data-key='pk_acme_help' SRC="https://support.acme.example/widget.js?v=2" data-tenant=acme></SCRIPT>
        </head><body><script src="https://support.acme.example/widget/0.3.0/widget.js" data-tenant="acme"></script></body></html>""";
    assertEquals(List.of(
        new WidgetTags.Tag("https://support.acme.example/widget.js?v=2", Optional.of("acme"), Optional.of("pk_acme_help")),
        new WidgetTags.Tag("https://support.acme.example/widget/0.3.0/widget.js", Optional.of("acme"), Optional.empty())),
        WidgetTags.in(page));
  }

  @Test
  void aTagCommentedOutOrAnotherWidgetIsNotTheWidgets() {
    String page = """
        <!-- <script src="https://support.acme.example/widget.js" data-tenant="acme" data-key="pk_acme_help"></script> -->
        <script src="https://cdn.example/chat-widget.js" data-tenant="acme"></script>
        <script src="https://cdn.example/widget.json"></script>""";
    assertEquals(List.of(), WidgetTags.in(page));
  }

  @Test
  void anAttributesCharacterReferencesAreReadAndTheFirstOfANameWins() {
    assertEquals(List.of(new WidgetTags.Tag("widget.js", Optional.of("a&b"), Optional.of("pk_1"))),
        WidgetTags.in("<script src=widget.js data-tenant=\"a&amp;b\" data-key=pk_1 data-key=pk_2></script>"));
  }
}
