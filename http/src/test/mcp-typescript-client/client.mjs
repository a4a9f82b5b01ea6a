// A client of MCP revision 2026-07-28 built with the MCP TypeScript SDK v2 (@modelcontextprotocol/client, its
// version pinned to the revision, so no fallback to 2025), calling Parley's /v1/mcp at MCP_URL with the key
// MCP_KEY: it lists the tools, calls read_conversation for CONVERSATION, lists the resource templates and reads
// that conversation as a resource. It prints one line "result <json>" with what it got, for the test to read.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const transport = new StreamableHTTPClientTransport(new URL(process.env.MCP_URL), {
  requestInit: { headers: { Authorization: `Bearer ${process.env.MCP_KEY}` } }
});
const client = new Client({ name: 'parley-test-ts', version: '1.0.0' },
  { versionNegotiation: { mode: { pin: '2026-07-28' } } });
await client.connect(transport);
const conversation = process.env.CONVERSATION;
const tools = await client.listTools();
const called = await client.callTool({ name: 'read_conversation', arguments: { sessionId: conversation } });
const templates = await client.listResourceTemplates();
const read = await client.readResource({ uri: `parley://conversations/${conversation}` });
console.log('result ' + JSON.stringify({
  version: client.getNegotiatedProtocolVersion(),
  tools: tools.tools.map(tool => tool.name),
  called: { isError: called.isError ?? false, text: called.content.map(item => item.text ?? '').join('') },
  templates: templates.resourceTemplates.map(template => template.uriTemplate),
  read: read.contents.map(contents => ({ uri: contents.uri, mimeType: contents.mimeType, text: contents.text }))
}));
await client.close();
