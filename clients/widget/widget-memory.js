// "What you remember about me" (docs/widget.md#what-you-remember-about-me): a signed-in customer's
// own long-term memory, read, corrected and deleted in the panel. The header's button, made by
// widget-identity.js with the first sign-in, loads this module when the customer first opens it;
// the memory itself is the client library's UserMemory (user-memory.js), asked with the
// conversation's own credential, the token of the user Parley.identify() named, so the node
// answers with this customer's memory and no one else's.

const CSS = `
.memory-view { flex: 1; overflow-y: auto; padding: 10px 14px; display: flex; flex-direction: column; gap: 8px; }
.memory-view[hidden] { display: none; } .memory-view h3 { margin: 0; font-size: 15px; } .memory-view p { margin: 0; font-size: 13px; }
.memory-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.memory-item { border: 1px solid var(--edge); border-radius: 10px; padding: 8px 10px; display: flex; flex-direction: column; gap: 4px; }
.memory-label { font-weight: 600; font-size: 13px; } .memory-item textarea { width: 100%; }
.memory-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.memory-view button { min-height: 32px; padding: 4px 12px; border-radius: 16px; border: 1px solid var(--edge); background: var(--bg); color: var(--fg); cursor: pointer; }
.memory-view .memory-primary { background: var(--accent); color: var(--on-accent); border-color: var(--accent); }
`;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value; else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/** Opens the memory view in `panel` (a WidgetPanel), built on first use, read again each time. */
export async function showMemory(panel) {
  panel.memoryView ??= await build(panel);
  panel.memoryView.open();
}

async function build(panel) {
  const { UserMemory } = await panel.page.load('user-memory.js');
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  panel.shadow.adoptedStyleSheets = [...panel.shadow.adoptedStyleSheets, sheet];
  const t = (key, values) => panel.t(key, values);
  const send = async (method, path, body) => {
    const rest = await panel.chat.client.requests();
    const response = await rest.send(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 204) return null;
    const answer = await response.json().catch(() => null);
    if (!response.ok) throw new Error(answer?.error?.message ?? String(response.status));
    return answer;
  };
  const memory = new UserMemory({ userId: panel.chat.userId, send, wording: t });
  const list = el('ul', { class: 'memory-list' });
  const empty = el('p', { text: t('memoryEmpty') });
  const status = el('p', { role: 'status' });
  const deleteAll = el('button', { type: 'button', text: t('memoryDeleteAll') });
  const back = el('button', { type: 'button', class: 'memory-primary memory-back', text: t('memoryBack') });
  const view = el('section', { class: 'memory-view', 'aria-labelledby': 'parley-memory-title', hidden: '' },
    el('h3', { id: 'parley-memory-title', tabindex: '-1', text: t('memory') }), el('p', { text: t('memoryHint') }),
    list, empty, el('div', { class: 'memory-actions' }, deleteAll, back), status);
  panel.log.before(view);
  // What the conversation shows makes room for the memory while it is open.
  const conversationParts = [panel.log, panel.input.form];
  const attempt = (work) => work().then(() => (status.textContent = ''), (failure) => (status.textContent = t('memoryFailed', { reason: failure.message })));

  const item = ({ id, label, value, episode }) => {
    const li = el('li', { class: 'memory-item', 'data-memory': id });
    const shown = el('span', { text: value });
    const correct = el('button', { type: 'button', text: t('memoryCorrect'), 'aria-label': `${t('memoryCorrect')}: ${episode ? t('memoryEpisode') : label}` });
    const remove = el('button', { type: 'button', text: t('memoryDelete'), 'aria-label': `${t('memoryDelete')}: ${episode ? t('memoryEpisode') : label}` });
    correct.addEventListener('click', () => {
      const input = el('textarea', { rows: '2', 'aria-label': episode ? t('memoryEpisode') : label });
      input.value = value;
      const save = el('button', { type: 'button', class: 'memory-primary', text: t('memorySave') });
      save.addEventListener('click', () => attempt(() => memory.correct(id, input.value)));
      shown.replaceWith(input);
      correct.replaceWith(save);
      input.focus();
    });
    remove.addEventListener('click', () => attempt(() => memory.forget(id)));
    li.append(el('span', { class: 'memory-label', text: episode ? t('memoryEpisode') : label }), shown,
      el('div', { class: 'memory-actions' }, correct, remove));
    return li;
  };
  memory.onChange((items) => {
    list.replaceChildren(...items.map(item));
    empty.hidden = items.length > 0;
    deleteAll.hidden = items.length === 0;
  });
  deleteAll.addEventListener('click', () => attempt(() => memory.forgetAll()));
  back.addEventListener('click', () => {
    view.hidden = true;
    for (const part of conversationParts) part.hidden = false;
    panel.memoryButton.focus();
  });
  return {
    open() {
      view.hidden = false;
      for (const part of conversationParts) part.hidden = true;
      view.querySelector('h3').focus();
      memory.userId = panel.chat.userId;
      attempt(() => memory.load());
    },
  };
}
