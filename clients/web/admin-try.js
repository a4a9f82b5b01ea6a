// The admin console's frame for trying the draft: loads the real widget (/widget.js) in its draft
// mode and hands it the admin's credential of this tab: the API key in the console's sessionStorage
// (which a frame of the same origin shares), else the password sign-in's cookie with its CSRF token.
// The widget reads the draft's appearance, and the admin's first message starts a test
// conversation on it. Signed out, nothing is loaded.

import { cookieSession } from './admin-account.js';

const STORE = 'parley.admin';
const tenant = new URLSearchParams(location.search).get('tenant');

async function adminCredential() {
  if (sessionStorage.getItem(STORE)) return () => sessionStorage.getItem(STORE);
  const session = await cookieSession().catch(() => null);
  return session ? { csrfToken: session.csrfToken } : null;
}

const credential = tenant ? await adminCredential() : null;
if (credential) {
  const script = document.createElement('script');
  script.src = '/widget.js';
  Object.assign(script.dataset, { tenant, draft: 'true', open: 'true' });
  script.addEventListener('load', () => window.Parley.identify(credential));
  document.head.append(script);
}
