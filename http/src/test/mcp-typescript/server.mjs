// A company's MCP server of revision 2026-07-28 only, built with the MCP TypeScript SDK v2
// (@modelcontextprotocol/server, its createMcpHandler with legacy: 'reject', so a client of 2025 is refused),
// on loopback at PORT. Its tools: order_status; refund, which asks for confirmation with input_required
// and refunds only when the retried call brings confirm: true; and replace_card, which asks for a delivery
// address with input_required (a form of text, a whole number, a choice and a yes or no) and sends the card
// only when the retried call brings the address, saying so when it was declined or left unanswered. Each tool
// call's _meta and protocol revision are printed as a line "call <json>", each form's answer as a line
// "answer <json>", for the test to read.
import http from 'node:http';
import { McpServer, acceptedContent, createMcpHandler, fromJsonSchema, inputRequired, inputResponse } from '@modelcontextprotocol/server';

const order = fromJsonSchema({
  type: 'object',
  properties: { order: { type: 'string' }, confirm: { type: 'boolean', description: 'Whether the customer confirmed' } },
  required: ['order']
});
const confirmation = fromJsonSchema({ type: 'object', properties: { confirm: { type: 'boolean' } }, required: ['confirm'] });

const card = fromJsonSchema({ type: 'object', properties: { card: { type: 'string' } }, required: ['card'] });
const address = {
  type: 'object',
  properties: {
    street: { type: 'string', title: 'Street and number', minLength: 3, maxLength: 80 },
    floor: { type: 'integer', title: 'Floor', minimum: 0, maximum: 40 },
    slot: { type: 'string', title: 'Delivery time', enum: ['am', 'pm'], enumNames: ['Morning', 'Afternoon'] },
    signature: { type: 'boolean', title: 'Signature on delivery' }
  },
  required: ['street', 'slot']
};

function seen(ctx) {
  console.log('call ' + JSON.stringify({ meta: ctx.mcpReq._meta ?? {}, envelope: ctx.mcpReq.envelope ?? {} }));
}

const handler = createMcpHandler(() => {
  const server = new McpServer({ name: 'orders-ts', version: '1.0.0' });
  server.registerTool('order_status', { description: "Where a customer's order is", inputSchema: order },
    async (args, ctx) => {
      seen(ctx);
      return { content: [{ type: 'text', text: `Order ${args.order} is out for delivery` }] };
    });
  server.registerTool('refund', { description: 'Refunds an order once the customer confirms', inputSchema: order },
    async (args, ctx) => {
      seen(ctx);
      const answer = acceptedContent(ctx.mcpReq.inputResponses, 'confirm', confirmation);
      if (answer === undefined && !(ctx.mcpReq.inputResponses && 'confirm' in ctx.mcpReq.inputResponses)) {
        return inputRequired({
          inputRequests: { confirm: inputRequired.elicit({ message: `Refund order ${args.order}?`, requestedSchema: confirmation }) }
        });
      }
      return { content: [{ type: 'text', text: answer?.confirm === true ? `Order ${args.order} refunded`
        : `Order ${args.order} not refunded: no confirmation` }] };
    });
  server.registerTool('replace_card', { description: "Sends a new card to the customer's address", inputSchema: card },
    async (args, ctx) => {
      seen(ctx);
      const answer = inputResponse(ctx.mcpReq.inputResponses, 'address');
      if (answer.kind !== 'elicit') {
        return inputRequired({
          inputRequests: { address: inputRequired.elicit({ message: 'Where should we send the new card?', requestedSchema: address }) }
        });
      }
      console.log('answer ' + JSON.stringify(answer));
      if (answer.action === 'decline') return { content: [{ type: 'text', text: `No ${args.card} card sent: the customer declined` }] };
      if (answer.action === 'cancel') return { content: [{ type: 'text', text: `No ${args.card} card sent: nobody answered` }] };
      const to = answer.content;
      return { content: [{ type: 'text', text: `New ${args.card} card sent to ${to.street}, floor ${to.floor ?? 0}, in the ${to.slot}` }] };
    });
  return server;
}, { legacy: 'reject' });

http.createServer(async (incoming, outgoing) => {
  const chunks = [];
  for await (const chunk of incoming) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const request = new Request(`http://127.0.0.1${incoming.url}`, {
    method: incoming.method,
    headers: Object.entries(incoming.headers).flatMap(([name, value]) =>
      Array.isArray(value) ? value.map((one) => [name, one]) : [[name, value]]),
    body: ['GET', 'HEAD'].includes(incoming.method) ? undefined : body
  });
  const response = await handler.fetch(request);
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) {
    for await (const chunk of response.body) outgoing.write(chunk);
  }
  outgoing.end();
}).listen(Number(process.env.PORT), '127.0.0.1');
