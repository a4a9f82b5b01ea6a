// A customer the site signed in (Parley.identify(), docs/widget.md): the widget talks as the user a
// token names, and says when a token it cannot renew has expired. widget-conversation.js loads this
// module with the first call of Parley.identify().

/** Connects `widget` as the user that `tokenOrProvider` (a token, or a function giving one) names; null: anonymously again. */
export async function identify(widget, tokenOrProvider) {
  widget.plainToken = null;
  if (tokenOrProvider == null) {
    await widget.connect();
    return;
  }
  const provider = typeof tokenOrProvider === 'function' ? tokenOrProvider : null;
  let token;
  try {
    token = provider ? await provider() : String(tokenOrProvider);
  } catch (failure) {
    widget.page.misconfigured('the token provider given to Parley.identify() failed (' + (failure?.message ?? failure) + ')');
    return;
  }
  const { sub } = claims(token);
  widget.plainToken = provider ? null : token;
  if (widget.plainTokenExpired()) return;
  const credential = provider ? { tokenProvider: provider } : { token };
  await widget.connect(credential, 'parley:' + widget.page.setup.tenant + ':' + (sub ?? 'anonymous'));
}

/** A token without a provider cannot be renewed: once expired, the node refuses every reconnect. */
export function plainTokenExpired(widget) {
  const { exp } = widget.plainToken ? claims(widget.plainToken) : {};
  if (!exp || exp * 1000 > Date.now()) return false;
  widget.page.misconfigured('the token given to Parley.identify() expired at ' + new Date(exp * 1000).toISOString()
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
