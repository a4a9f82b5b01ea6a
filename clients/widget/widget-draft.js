// A draft widget (data-draft="true"): the tenant's draft configuration tried by its admin in the
// admin console (docs/admin-console.md). widget.js loads this module only for a draft.

/**
 * The admin's credential of a draft widget, as given to Parley.identify(): a token or API key, a
 * function giving one, or { csrfToken } for an admin signed in with the node's cookie (the node's own pages).
 */
export function draftCredential(given) {
  const signIn = given?.csrfToken ? { csrfToken: String(given.csrfToken) }
    : { tokenProvider: typeof given === 'function' ? given : () => String(given) };
  return { ...signIn, draft: true, storage: memoryStorage() };
}

/** A draft widget keeps nothing across page loads: each load tries the draft saved last, in a new conversation. */
function memoryStorage() {
  const items = new Map();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => items.set(key, String(value)), removeItem: (key) => items.delete(key) };
}
