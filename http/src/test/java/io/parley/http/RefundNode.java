package io.parley.http;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.DatabaseSettings;
import java.util.Map;
import java.util.Optional;

/**
 * A node with the refund procedure published ({@link RefundProcedure}), a fake model speaking the
 * OpenAI wire format, and the company's order and refund tools on loopback HTTP servers: the
 * orders' answers an order not delivered until told otherwise.
 */
record RefundNode(ScriptedHttpServer orders, ScriptedHttpServer refunds, FakeChatCompletionsServer model, ParleyNode node)
    implements AutoCloseable {

  static RefundNode start(DatabaseSettings database) throws Exception {
    ScriptedHttpServer orders = ScriptedHttpServer.start(Response.json(200, RefundProcedure.NOT_DELIVERED));
    ScriptedHttpServer refunds = ScriptedHttpServer.start(Response.json(200, RefundProcedure.REFUNDED));
    FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
    ParleyNode node = ParleyNode.start(TestNode.config(database, Optional.of(model.baseUrl()), Map.of()));
    RefundProcedure.publish(node.httpPort(), orders, refunds);
    return new RefundNode(orders, refunds, model, node);
  }

  @Override
  public void close() {
    node.close();
    model.close();
    refunds.close();
    orders.close();
  }
}
