// A customer the site signed in (Parley.identify(), docs/widget.md): the widget's conversation
// (widget-conversation.js, which loads this module with the first call of Parley.identify()) talks
// as the user a token names, and the page hears when a token it cannot renew has expired.

/** Connects the widget's `chat` as the user that `tokenOrProvider` (a token, or a function giving one) names; null: anonymously again. */
export async function identify(chat, tokenOrProvider) {
  chat.plainToken = null;
  chat.userId = null;
  showMemoryButton(chat.view.panel, null);
  if (tokenOrProvider == null) {
    await chat.connect();
    return;
  }
  const provider = typeof tokenOrProvider === 'function' ? tokenOrProvider : null;
  let token;
  try {
    token = provider ? await provider() : String(tokenOrProvider);
  } catch (failure) {
    chat.page.misconfigured('the token provider given to Parley.identify() failed (' + (failure?.message ?? failure) + ')');
    return;
  }
  const { sub } = claims(token);
  chat.plainToken = provider ? null : token;
  if (chat.plainTokenExpired()) return;
  const credential = provider ? { tokenProvider: provider } : { token };
  await chat.connect(credential, 'parley:' + chat.page.setup.tenant + ':' + (sub ?? 'anonymous'));
  // The user whose memory the panel may show: the node answers this token for its own user only.
  chat.userId = sub ?? null;
  showMemoryButton(chat.view.panel, chat.userId);
}

/** A token without a provider cannot be renewed: once expired, the node refuses every reconnect. */
export function plainTokenExpired(chat) {
  const { exp } = chat.plainToken ? claims(chat.plainToken) : {};
  if (!exp || exp * 1000 > Date.now()) return false;
  chat.page.misconfigured('the token given to Parley.identify() expired at ' + new Date(exp * 1000).toISOString()
    + '; mint a fresh one, or pass a function that returns one');
  return true;
}

/** The claims of a JWT, or {} when it is not one. */
function claims(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

/**
 * The header's button to "What you remember about me" (widget-memory.js, loaded when first opened),
 * for a signed-in customer only: made here, with the first sign-in, so the widget that every visitor
 * downloads carries none of it.
 */
function showMemoryButton(panel, userId) {
  if (!panel.memoryButton && userId) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0');
    svg.append(path);
    const button = panel.memoryButton = document.createElement('button');
    Object.assign(button, { type: 'button', className: 'me' });
    button.dataset.textAriaLabel = button.dataset.textTitle = 'memory';
    button.append(svg);
    button.addEventListener('click', () => panel.page.load('widget-memory.js').then(({ showMemory }) => showMemory(panel)));
    panel.endButton.before(button);
    panel.applyTexts();
  }
  if (panel.memoryButton) panel.memoryButton.hidden = !userId;
}
