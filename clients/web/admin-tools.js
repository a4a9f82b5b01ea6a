// Tools: the company's own tools in the bot's draft (httpTools and mcpServers, docs/tools.md), each
// added, changed or removed there through the configuration's routes; an entry tried before it is
// saved (POST /v1/tools/test: an MCP server's tools with their schemas, an HTTP tool's address
// reached, or why not), an MCP server's tools chosen, each with its approval and timeout; and each
// tool's calls, failures and breaker (GET /v1/tools/status), the operator's node-wide tools among
// them. Secrets are write-only: the page shows whether one is set, and a field left empty keeps it.

import { counted } from '/client/texts.js';
import { when } from './admin-time.js';
import { $, el, emptyRow, isObject, markField, readObject, textRow } from './console-dom.js';

const KINDS = {
  http: { setting: 'httpTools', body: 'httpTool', word: 'HTTP tool' },
  mcp: { setting: 'mcpServers', body: 'mcpServer', word: 'MCP server' },
};
const APPROVALS = { none: 'Nobody', customer: 'The customer', agent: 'An agent' };
const ENTRY_COLUMNS = 6;
const FIGURE_COLUMNS = 8;

/** How a secret reads: a read shows a set one as {"set": true}, never its value. */
const setOrNot = (secret) => (secret ? 'set' : 'not set');

/** The secret column of an entry. */
export const secretOf = (kind, entry) => {
  if (kind === 'http') return `Signing secret: ${setOrNot(entry.secret)}`;
  if (entry.auth?.type === 'bearer') return `Bearer token: ${setOrNot(entry.auth.token)}`;
  if (entry.auth?.type === 'oauth') return `OAuth client secret: ${setOrNot(entry.auth.clientSecret)}`;
  return 'No sign-in';
};

/** The approval column of an entry: the entry's, then each chosen tool's own. */
export const approvalOf = (entry) => {
  const own = (entry.tools ?? []).filter((tool) => tool.approval).map((tool) => `${APPROVALS[tool.approval]} for ${tool.name}`);
  return [APPROVALS[entry.approval ?? 'none'], ...own].join('; ');
};

/** A number field's value, or nothing when it is empty. */
const number = (id) => ($(id).value.trim() === '' ? undefined : Number($(id).value));

/** A problem of the page's own, shown as the server's are: beside the form, naming the field. */
const problem = (message, field) => Object.assign(new Error(message), { status: 400, problems: [field] });

/**
 * What is wrong with an HTTP tool's arguments as typed, or null: they must be JSON, and the JSON
 * schema of an object (the model passes a call's arguments as one object), each argument with a
 * schema of its own and every required one among them. The server checks the rest on save.
 */
export const argumentsProblem = (text) => {
  const { value: schema, problem } = readObject(text, 'must be a JSON schema, an object such as {"type": "object", "properties": {}}');
  if (problem) return problem;
  if (schema.type !== 'object') return 'its "type" must be "object": the model passes the arguments as one object';
  if (schema.properties !== undefined && !isObject(schema.properties)) return '"properties" must be an object naming each argument';
  const named = Object.entries(schema.properties ?? {});
  const bare = named.find(([, argument]) => !isObject(argument));
  if (bare) return `the argument "${bare[0]}" needs a schema, such as {"type": "string"}`;
  if (schema.required !== undefined && !(Array.isArray(schema.required) && schema.required.every((name) => typeof name === 'string'))) {
    return '"required" must be a list of argument names';
  }
  const unknown = (schema.required ?? []).find((name) => !(name in (schema.properties ?? {})));
  return unknown === undefined ? null : `"required" names "${unknown}", which is not among "properties"`;
};

export class ToolsView {
  /** {@code console} asks the server ({@code request}, {@code optional}), confirms ({@code confirm}) and shows refusals ({@code act}, {@code button}). */
  constructor(console) {
    this.console = console;
    this.document = {};
    this.editing = null;
    this.trial = null;
    $('tools-add-http').addEventListener('click', () => this.edit('http', -1));
    $('tools-add-mcp').addEventListener('click', () => this.edit('mcp', -1));
    $('tool-auth').addEventListener('change', () => this.showAuth());
    $('tool-test').addEventListener('click', () => this.act(() => this.test(), $('tool-test')));
    $('tool-form').addEventListener('submit', (event) => { event.preventDefault(); this.act(() => this.save(), $('tool-save')); });
    $('tool-cancel').addEventListener('click', () => this.closeForm());
    $('tool-parameters').addEventListener('input', () => this.checkArguments());
    $('tools-refresh').addEventListener('click', () => this.act(() => this.loadFigures(), $('tools-refresh')));
  }

  /** As the console's {@code act}, a refused entry's problems listed beside the form rather than the bot's editor. */
  act(action, place) {
    $('tool-problems').replaceChildren();
    return this.console.act(async () => {
      try {
        await action();
      } catch (failure) {
        if (!failure.problems?.length) throw failure;
        this.showProblems(failure.problems);
        throw Object.assign(new Error(failure.message), { status: failure.status });
      }
    }, place);
  }

  showProblems(problems, heading = null) {
    const box = $('tool-problems');
    box.replaceChildren();
    if (heading) box.append(el('p', 'console__error', heading));
    const list = el('ul', 'console__error');
    problems.forEach((text) => list.append(el('li', null, text)));
    box.append(list);
  }

  async load() {
    const versions = await this.console.request('GET', '/v1/config/versions');
    const live = versions.versions.at(-1) ?? null;
    const draft = versions.draft ? await this.console.optional('/v1/config/draft') : null;
    this.document = structuredClone(draft ? draft.config : live?.config ?? {});
    $('tools-summary').textContent = draft ? `As draft ${draft.draft} has them.`
      : `No draft yet: ${live ? `as live version ${live.version} has them` : 'nothing is published'}; a change makes the draft.`;
    this.drawEntries();
    await this.loadFigures();
  }

  entries(kind) {
    return this.document[KINDS[kind].setting] ?? [];
  }

  drawEntries() {
    const body = $('tools-entries').tBodies[0];
    body.replaceChildren();
    Object.keys(KINDS).forEach((kind) => this.entries(kind).forEach((entry, index) => {
      const row = textRow([entry.name, KINDS[kind].word, entry.url, secretOf(kind, entry), approvalOf(entry)],
        { entry: `${kind}:${entry.name}` });
      const actions = el('td');
      actions.append(
        this.console.button('edit', 'Edit', `Edit ${entry.name}`, async () => this.edit(kind, index)),
        this.console.button('remove', 'Remove', `Remove ${entry.name}`, () => this.remove(kind, index)),
      );
      row.append(actions);
      body.append(row);
    }));
    if (body.rows.length === 0) body.append(emptyRow('None yet: add an HTTP tool or an MCP server.', ENTRY_COLUMNS));
  }

  /** The form, for entry {@code index} of {@code kind} (-1: a new one). */
  edit(kind, index) {
    const entry = index >= 0 ? this.entries(kind)[index] : {};
    this.editing = { kind, index, entry };
    this.trial = null;
    $('tool-form').reset();
    $('tool-problems').replaceChildren();
    $('tool-test-status').textContent = '';
    $('tool-test-tools').replaceChildren();
    $('tool-form-title').textContent = index >= 0 ? `${KINDS[kind].word} ${entry.name}` : `A new ${KINDS[kind].word}`;
    $('tool-http-fields').hidden = kind !== 'http';
    $('tool-mcp-fields').hidden = kind !== 'mcp';
    $('tool-name').maxLength = kind === 'http' ? 64 : 24;
    $('tool-name-hint').textContent = kind === 'http' ? '(what the model calls it: letters, digits, _ and -)'
      : '(letters, digits and -; its tools are offered as name_tool)';
    $('tool-name').value = entry.name ?? '';
    $('tool-url').value = entry.url ?? '';
    $('tool-approval').value = entry.approval ?? 'none';
    if (kind === 'http') {
      $('tool-description').value = entry.description ?? '';
      $('tool-parameters').value = JSON.stringify(entry.parameters ?? { type: 'object', properties: {} }, null, 2);
      this.checkArguments();
      $('tool-timeout').value = entry.timeoutMs ?? '';
      $('tool-attempts').value = entry.maxAttempts ?? '';
      $('tool-idempotent').checked = Boolean(entry.idempotent);
      $('tool-procedure-only').checked = Boolean(entry.procedureOnly);
      $('tool-secret-hint').textContent = this.secretHint(entry.secret);
    } else {
      $('tool-auth').value = entry.auth?.type ?? 'none';
      $('tool-token-hint').textContent = this.secretHint(entry.auth?.token);
      $('tool-token-url').value = entry.auth?.tokenUrl ?? '';
      $('tool-client-id').value = entry.auth?.clientId ?? '';
      $('tool-scope').value = entry.auth?.scope ?? '';
      $('tool-client-secret-hint').textContent = this.secretHint(entry.auth?.clientSecret);
      this.showAuth();
    }
    $('tool-form').hidden = false;
    $('tool-form-title').focus();
  }

  /** The arguments' problem as they are typed, shown under the field, which is marked invalid while there is one. */
  checkArguments() {
    const found = argumentsProblem($('tool-parameters').value);
    markField('tool-parameters', found && `Arguments: ${found}`);
    return found;
  }

  secretHint(secret) {
    return secret ? '(set: leave empty to keep it, or type a new one)' : '(not set)';
  }

  showAuth() {
    $('tool-bearer').hidden = $('tool-auth').value !== 'bearer';
    $('tool-oauth').hidden = $('tool-auth').value !== 'oauth';
  }

  closeForm() {
    this.editing = null;
    this.trial = null;
    $('tool-form').reset();
    $('tool-form').hidden = true;
  }

  /** The entry as the form has it; a secret left empty is the one set before ({"set": true}), a new one as typed. */
  entry() {
    const { kind, entry: before } = this.editing;
    const entry = { name: $('tool-name').value.trim(), url: $('tool-url').value.trim() };
    if ($('tool-approval').value !== 'none') entry.approval = $('tool-approval').value;
    if (kind === 'http') {
      entry.description = $('tool-description').value.trim();
      const found = this.checkArguments();
      if (found) throw problem('the arguments are no JSON schema of an object', `httpTool.parameters: ${found}`);
      entry.parameters = JSON.parse($('tool-parameters').value);
      const timeoutMs = number('tool-timeout');
      const maxAttempts = number('tool-attempts');
      if (timeoutMs !== undefined) entry.timeoutMs = timeoutMs;
      if (maxAttempts !== undefined) entry.maxAttempts = maxAttempts;
      entry.idempotent = $('tool-idempotent').checked;
      if ($('tool-procedure-only').checked) entry.procedureOnly = true;
      if ($('tool-secret').value) entry.secret = $('tool-secret').value;
      return entry;
    }
    const auth = $('tool-auth').value;
    if (auth === 'bearer') {
      entry.auth = { type: 'bearer', token: $('tool-token').value || { set: true } };
    } else if (auth === 'oauth') {
      entry.auth = {
        type: 'oauth', tokenUrl: $('tool-token-url').value.trim(), clientId: $('tool-client-id').value.trim(),
        clientSecret: $('tool-client-secret').value || { set: true },
      };
      if ($('tool-scope').value.trim()) entry.auth.scope = $('tool-scope').value.trim();
    } else if (before.auth) {
      entry.auth = null;
    }
    const tools = this.trial ? this.chosenTools() : before.tools;
    if (tools) entry.tools = tools;
    return entry;
  }

  /**
   * The server's tools the admin chose, each with its approval, its timeout and whether only procedures call it; none
   * when every tool is offered as the server has it.
   */
  chosenTools() {
    const items = [...$('tool-test-tools').querySelectorAll('li[data-tool]')];
    const chosen = items.filter((item) => item.querySelector('.tool__offer').checked).map((item) => {
      const choice = { name: item.dataset.tool };
      const approval = item.querySelector('.tool__approval').value;
      const timeout = item.querySelector('.tool__timeout').value.trim();
      if (approval) choice.approval = approval;
      if (timeout) choice.timeoutMs = Number(timeout);
      if (item.querySelector('.tool__procedure-only').checked) choice.procedureOnly = true;
      return choice;
    });
    const plain = chosen.length === items.length && chosen.every((choice) => Object.keys(choice).length === 1);
    return plain ? undefined : chosen;
  }

  async test() {
    const { kind } = this.editing;
    $('tool-test-status').textContent = 'Trying…';
    $('tool-test-tools').replaceChildren();
    try {
      const answer = await this.console.request('POST', '/v1/tools/test', { [KINDS[kind].body]: this.entry() });
      this.showTrial(kind, answer);
    } catch (failure) {
      $('tool-test-status').textContent = '';
      throw failure;
    }
  }

  showTrial(kind, answer) {
    this.trial = kind === 'mcp' ? answer : null;
    $('tool-test-status').textContent = kind === 'http'
      ? `Reached: the address answered HTTP ${answer.status} (asked for its headers only; the tool was not called). The model sees it as:`
      : `Reached: the server offers ${counted(answer.tools.length, { one: '{count} tool', other: '{count} tools' })}.`;
    const choices = new Map((this.editing.entry.tools ?? []).map((tool) => [tool.name, tool]));
    answer.tools.forEach((tool, index) => {
      const item = el('li', 'admin__tool');
      item.dataset.tool = tool.name;
      item.append(el('strong', null, tool.offeredAs));
      if (tool.description) item.append(el('p', null, tool.description));
      if (kind === 'mcp') item.append(this.toolChoices(tool, index, choices.get(tool.name)));
      const schema = el('details');
      schema.append(el('summary', null, 'Its arguments (JSON schema)'), el('pre', null, JSON.stringify(tool.inputSchema, null, 2)));
      item.append(schema);
      $('tool-test-tools').append(item);
    });
    if (answer.problems.length) this.showProblems(answer.problems, 'Saved as it is, this entry would be refused:');
  }

  /** Whether the bot may use one of the server's tools, who approves its calls, its timeout, and whether only procedures call it. */
  toolChoices(tool, index, choice) {
    const row = el('div', 'admin__tool-choices');
    const offer = el('input', 'tool__offer');
    offer.type = 'checkbox';
    offer.id = `tool-offer-${index}`;
    offer.checked = tool.allowed;
    const offerLabel = el('label', null, 'Offer it to the bot');
    offerLabel.prepend(offer);
    const approval = el('select', 'tool__approval');
    approval.id = `tool-approval-${index}`;
    approval.append(el('option', null, 'As the server is set'));
    approval.options[0].value = '';
    Object.entries(APPROVALS).forEach(([value, text]) => {
      const option = el('option', null, text);
      option.value = value;
      approval.append(option);
    });
    approval.value = choice?.approval ?? '';
    const approvalLabel = el('label', null, 'Approval');
    approvalLabel.htmlFor = approval.id;
    const timeout = el('input', 'tool__timeout');
    timeout.type = 'number';
    timeout.min = '100';
    timeout.max = '60000';
    timeout.step = '100';
    timeout.id = `tool-timeout-${index}`;
    timeout.value = choice?.timeoutMs ?? '';
    const timeoutLabel = el('label', null, 'Timeout (ms)');
    timeoutLabel.htmlFor = timeout.id;
    const procedureOnly = el('input', 'tool__procedure-only');
    procedureOnly.type = 'checkbox';
    procedureOnly.id = `tool-procedure-only-${index}`;
    procedureOnly.checked = Boolean(choice?.procedureOnly);
    const procedureOnlyLabel = el('label', null, 'Only in procedures');
    procedureOnlyLabel.prepend(procedureOnly);
    row.append(offerLabel, approvalLabel, approval, timeoutLabel, timeout, procedureOnlyLabel);
    return row;
  }

  async save() {
    const { kind, index } = this.editing;
    const entry = this.entry();
    const list = [...this.entries(kind)];
    if (index >= 0) list[index] = entry;
    else list.push(entry);
    const saved = await this.saveDraft({ ...this.document, [KINDS[kind].setting]: list },
      `Tools: ${KINDS[kind].word} ${entry.name} ${index >= 0 ? 'changed' : 'added'}`);
    this.closeForm();
    await this.load();
    $('tools-status').textContent = `${KINDS[kind].word} ${entry.name} saved into draft ${saved.draft}.`;
  }

  async remove(kind, index) {
    const entry = this.entries(kind)[index];
    if (!await this.console.confirm(`Remove the ${KINDS[kind].word} ${entry.name} from the draft? Its secrets go with it;`
      + ' the live version keeps it until the draft is published.', 'Remove')) return;
    const list = this.entries(kind).filter((_, at) => at !== index);
    const saved = await this.saveDraft({ ...this.document, [KINDS[kind].setting]: list },
      `Tools: ${KINDS[kind].word} ${entry.name} removed`);
    if (this.editing?.kind === kind && this.editing.index === index) this.closeForm();
    await this.load();
    $('tools-status').textContent = `${KINDS[kind].word} ${entry.name} removed from draft ${saved.draft}.`;
  }

  saveDraft(config, message) {
    return this.console.request('PUT', '/v1/config/draft', { config, message });
  }

  async loadFigures() {
    const status = await this.console.request('GET', '/v1/tools/status');
    $('tools-figures-summary').textContent = `Counted by the server that answered since it started (${when(status.since)}); `
      + 'each attempt is a call, and a call its breaker refused is a failure.';
    const body = $('tools-figures').tBodies[0];
    body.replaceChildren();
    status.tools.forEach((tool) => {
      const whose = tool.nodeWide ? 'Node-wide: the operator\'s' : tool.server ? `MCP server ${tool.server}` : 'HTTP tool';
      body.append(textRow([tool.name, whose, tool.in.length ? tool.in.join(', ') : 'Not offered',
        tool.approval ? APPROVALS[tool.approval] : '', String(tool.calls), String(tool.failures), when(tool.lastFailure),
        tool.breaker], { tool: tool.name, breaker: tool.breaker }));
    });
    if (status.tools.length === 0) body.append(emptyRow('No tools yet.', FIGURE_COLUMNS));
  }
}
