// A customer the site signed in (Parley.identify(), docs/widget.md): the widget's conversation
// (widget-conversation.js, which loads this module with the first call of Parley.identify()) talks
// as the user a token names, and the page hears when a token it cannot renew has expired.

/** Connects the widget's `chat` as the user that `tokenOrProvider` (a token, or a function giving one) names; null: anonymously again. */
export async function identify(chat, tokenOrProvider) {
  chat.plainToken = null;
  chat.userId = null;
  chat.view.identified(null);
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
  chat.view.identified(chat.userId);
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
