package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.testing.ScriptedHttpServer;
import java.net.http.HttpResponse;

/**
 * The refund procedure of docs/procedures.md as the procedure tests publish it: the order is looked
 * up, an order not delivered ends the run, the customer confirms, and only then is the refund
 * tool ({@code procedureOnly}, so never the model's) called, once.
 */
final class RefundProcedure {
  static final String NOT_DELIVERED = "{\"order\":\"A-1042\",\"delivered\":false,\"total\":30.5,\"currency\":\"EUR\"}";
  static final String DELIVERED = "{\"order\":\"A-1042\",\"delivered\":true,\"total\":30.5,\"currency\":\"EUR\"}";
  static final String REFUNDED = "{\"refund\":\"R-7\",\"amount\":30.5,\"summary\":\"R-7 paid\"}";

  private RefundProcedure() {}

  static String config(ScriptedHttpServer orders, ScriptedHttpServer refunds) {
    return config(orders, refunds, "none", "", "");
  }

  /**
   * The same procedure, with a refund over {@code limit} handed over to a person instead, after the
   * customer confirmed: {@code refund.steps[4]} checks the limit, its {@code otherwise[0]} hands over.
   */
  static String withLimit(ScriptedHttpServer orders, ScriptedHttpServer refunds, int limit) {
    return config(orders, refunds, "none", "", "{\"check\": \"double(status.total) <= %d.0\", \"otherwise\": [{\"handoff\": \"refund over %d\"}]},"
        .formatted(limit, limit));
  }

  /**
   * The refund procedure whose refund tool is approved by {@code approval} ({@code none},
   * {@code customer}, {@code agent}); {@code more}, further settings of the configuration.
   */
  static String config(ScriptedHttpServer orders, ScriptedHttpServer refunds, String approval, String more) {
    return config(orders, refunds, approval, more, "");
  }

  private static String config(ScriptedHttpServer orders, ScriptedHttpServer refunds, String approval, String more,
      String beforeTheRefund) {
    // The bot's language is English: its conversations' amounts are written as English writes them (€30.50).
    return """
        {"widget": {"language": "en"},
         "httpTools": [
          {"name": "order_status", "description": "An order's state", "url": "%s", "idempotent": true,
           "parameters": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]}},
          {"name": "refund_order", "description": "Pays an order's money back", "procedureOnly": true, "url": "%s",
           "idempotent": true, "timeoutMs": 60000, "approval": "%s",
           "parameters": {"type": "object", "properties": {"order": {"type": "string"}, "amount": {"type": "number"}},
                          "required": ["order", "amount"]}}],
         "procedures": [{"name": "refund", "description": "The customer wants their money back for an order",
          "inputs": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]},
          "steps": [
            {"tool": "order_status", "arguments": {"order": "{{inputs.order}}"}, "as": "status"},
            {"check": "status.delivered == true", "otherwise": [
              {"say": "Order {{inputs.order}} has not arrived yet, so it cannot be refunded.",
               "options": [{"label": "Where is {{inputs.order}}?"},
                           {"label": "Talk to a person", "value": "I would like to talk to a person"}]},
              {"end": true}]},
            {"ask": "confirm", "prompt": "Shall I refund {{status.total}} {{status.currency}} for {{inputs.order}}? Yes or no?",
             "schema": {"type": "string", "enum": ["yes", "no"]}},
            {"check": "confirm == 'yes'", "otherwise": [{"say": "Alright, nothing was refunded."}, {"end": true}]},
            %s
            {"tool": "refund_order", "arguments": {"order": "{{inputs.order}}", "amount": "{{status.total}}"}, "as": "refund"},
            {"say": "Done: {{refund.amount}} {{status.currency}} are on their way back to you."}]}]%s}
        """.formatted(orders.url("/orders"), refunds.url("/refunds"), approval, beforeTheRefund, more);
  }

  static void publish(int port, ScriptedHttpServer orders, ScriptedHttpServer refunds) throws Exception {
    publish(port, config(orders, refunds));
  }

  /** Publishes {@code config} as tenant acme's bot. */
  static void publish(int port, String config) throws Exception {
    HttpResponse<String> saved = TestIdentity.asAdmin(port, "PUT", "/v1/config?tenant=acme", "{\"config\": " + config + "}");
    assertEquals(200, saved.statusCode(), saved.body());
  }
}
