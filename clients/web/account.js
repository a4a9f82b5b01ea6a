// Follows a single-use link: the node's first-run setup link (/setup#<secret>, printed in its log),
// an invitation or a password reset (/account#<secret>, handed over by an admin). The secret stays
// in the fragment, which the browser never sends: it reaches the node only in the POST that uses
// it. Once the node accepts, the person is signed in (an HttpOnly cookie) and goes to their console;
// a colleague who followed an invitation or a reset first sees, and may change, the name customers
// know them by (their profile's display name: the first name they were invited with, until then).

const $ = (id) => document.getElementById(id);
const secret = decodeURIComponent(location.hash.slice(1));
const setup = location.pathname.endsWith('/setup');

function refuse(message) {
  $('account-error').hidden = false;
  $('account-error').textContent = message;
}

async function post(path, body, { method = 'POST', csrfToken } = {}) {
  const response = await fetch(path, {
    method, headers: { 'Content-Type': 'application/json', ...(csrfToken ? { 'X-Csrf-Token': csrfToken } : {}) },
    body: JSON.stringify(body), credentials: 'same-origin', cache: 'no-store',
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new Error(answer?.error?.message ?? `the node answered ${response.status}`);
  return answer;
}

async function start() {
  // The link's secret leaves the address bar (and the history), so that it is not shared by accident.
  history.replaceState(null, '', location.pathname);
  if (!secret) {
    refuse('This page needs the whole link, with the part after "#": copy it again from where you got it.');
    return;
  }
  if (setup) {
    const state = await fetch('/v1/setup', { cache: 'no-store' }).then((response) => response.json());
    if (!state.pending) {
      refuse('This node is set up already: sign in on the admin console (/admin), or ask an admin for an invitation.');
      return;
    }
    $('setup-fields').hidden = false;
    $('account-tenant').value = state.defaultTenant ?? '';
    $('account-intro').textContent = 'You become the node\'s first operator and an admin of the organisation below. '
      + 'Afterwards you invite your colleagues from the admin console.';
  } else {
    // Its required fields would otherwise stop the form, unseen.
    $('setup-fields').remove();
    $('account-title').textContent = 'Choose your password';
    $('account-intro').textContent = 'Set the password you will sign in with. This link works once.';
  }
  $('account-form').hidden = false;
  $('account-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('account-error').hidden = true;
    if ($('account-password').value !== $('account-confirm').value) {
      refuse('The two passwords differ: type the same one twice.');
      return;
    }
    $('account-submit').disabled = true;
    try {
      const session = setup
        ? await post('/v1/setup', {
          link: secret, tenant: $('account-tenant').value.trim(), email: $('account-email').value.trim(),
          password: $('account-password').value,
        })
        : await post('/v1/auth/links', { link: secret, password: $('account-password').value });
      const console = session.roles.includes('admin') ? '/admin' : '/agent';
      if (setup) location.assign(console);
      else await askName(session, console);
    } catch (failure) {
      refuse(`Refused: ${failure.message}`);
      $('account-submit').disabled = false;
    }
  });
}

/**
 * The name customers know the signed-in colleague by, shown to keep or change before their console
 * opens (GET and PUT /v1/agents/me with the new session's cookie); the picture is kept as it is.
 */
async function askName(session, console) {
  $('account-form').hidden = true;
  const response = await fetch('/v1/agents/me', { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) {
    location.assign(console);
    return;
  }
  const profile = await response.json();
  $('account-name').value = profile.displayName ?? '';
  $('name-form').hidden = false;
  $('name-title').focus();
  $('name-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('account-error').hidden = true;
    $('name-submit').disabled = true;
    try {
      await post('/v1/agents/me', { displayName: $('account-name').value.trim(), pictureUrl: profile.pictureUrl ?? null },
        { method: 'PUT', csrfToken: session.csrfToken });
      location.assign(console);
    } catch (failure) {
      refuse(`Refused: ${failure.message}`);
      $('name-submit').disabled = false;
    }
  });
}

start().catch((failure) => refuse(`The node could not be reached: ${failure.message}`));
