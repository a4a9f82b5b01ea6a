// Parley's embeddable chat widget: one <script> tag on a company's site (docs/widget.md). Plain
// JavaScript, no build step, no eval and no inline styles, so a strict Content-Security-Policy
// admits it. The protocol and the model of the conversation live in the client library, loaded from
// the same node, and so do the widget's panel (widget-panel.js) and its conversation with the node
// (widget-conversation.js, which the panel composes); this script reads its tag, answers the page's calls (window.Parley),
// and fetches the tenant's appearance, saying what to fix when the setup is wrong.
(() => {
  'use strict';
  const VERSION = '0.3.0';
  const CLIENT_VERSION = '0.3.0';
  // the page loaded the script twice
  if (window.Parley && window.Parley.widgetVersion) return;

  const script = document.currentScript
    || document.querySelector('script[data-tenant][src*="widget.js"]');
  const setup = {
    origin: new URL(script.src, location.href).origin,
    tenant: script.dataset.tenant,
    key: script.dataset.key,
    launcher: script.dataset.launcher !== 'false',
    openOnLoad: script.dataset.open === 'true',
    position: script.dataset.position,
    language: script.dataset.language,
    // The tenant's draft configuration, tried by its admin (docs/admin-console.md): the credential
    // comes from Parley.identify(), and every page load starts a new test conversation.
    draft: script.dataset.draft === 'true',
  };
  // Greeting and launcher text absent: the texts of the widget's language say them.
  const DEFAULTS = {
    name: 'Support', avatarUrl: null, accentColor: '#1f5fbf', position: 'bottom-right', greeting: null, launcherText: null,
    theme: 'auto', sound: false, voice: false, texts: {}, textsLanguage: 'en', greetingOptions: [],
  };
  // in sessionStorage while the panel is open
  const OPEN_KEY = 'parley:open:' + setup.tenant;
  const base = setup.origin + '/client/' + CLIENT_VERSION + '/';
  const load = (module) => import(base + module);

  const listeners = new Map();
  // the running widget once the node answered
  let widget = null;
  let broken = false;
  // host calls made before the widget is ready
  const pending = [];
  let context = null;
  let giveAdminCredential;
  const adminCredential = new Promise((given) => { giveAdminCredential = given; });

  /** Bad setup: nothing is shown, and one console error names the setting to fix. */
  function misconfigured(message) {
    if (broken) return;
    broken = true;
    console.error('Parley widget: ' + message);
    widget?.remove();
    widget = null;
  }

  function emit(type, detail) {
    for (const fn of listeners.get(type) ?? []) {
      try { fn(detail); } catch (error) { console.warn('Parley widget: a listener of "' + type + '" failed', error); }
    }
  }

  function whenReady(action) {
    if (broken) return;
    if (widget) action(widget);
    else pending.push(action);
  }

  window.Parley = Object.freeze({
    widgetVersion: VERSION,
    open: () => whenReady((w) => w.open()),
    close: () => whenReady((w) => w.close()),
    send: (text) => whenReady((w) => w.chat.send(String(text))),
    identify: (tokenOrProvider) => (setup.draft ? giveAdminCredential(tokenOrProvider) : whenReady((w) => w.chat.identify(tokenOrProvider))),
    setContext: (data) => {
      context = pageContext(data);
      whenReady((w) => w.chat.sendContext());
    },
    on(type, fn) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(fn);
      return () => listeners.get(type).delete(fn);
    },
  });

  /**
   * What the node accepts as page context (docs/widget.md): at most 20 named strings, numbers and
   * booleans. Anything else is left out with a warning, so that one bad field never costs the rest.
   */
  function pageContext(data) {
    const kept = {};
    const dropped = [];
    for (const [key, value] of Object.entries(data ?? {})) {
      const fits = /^[A-Za-z0-9_.-]{1,40}$/.test(key) && Object.keys(kept).length < 20
        && (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
          || (typeof value === 'string' && [...value].length <= 300));
      if (fits) kept[key] = value;
      else dropped.push(key);
    }
    if (dropped.length) console.warn('Parley widget: setContext() left out ' + dropped.join(', ')
      + ': at most 20 fields named by letters, digits, _ . -, each a string of up to 300 characters, a number or a boolean');
    return kept;
  }

  if (!setup.tenant) {
    misconfigured('the script tag needs data-tenant="<your tenant>"');
    return;
  }
  if (!setup.key && !setup.draft) {
    misconfigured('the script tag needs data-key="pk_..." (the tenant\'s publishable key)');
    return;
  }

  start().catch((error) => misconfigured('could not start (' + (error?.message ?? error) + ')'));

  async function start() {
    const credential = setup.draft ? (await load('widget-draft.js')).draftCredential(await adminCredential) : { publishableKey: setup.key };
    // The library's modules the widget needs at once, all together (one imports another, which would otherwise wait for it);
    // the rest (the replies to tap, the contact prompt, approvals, files, an agent's face, voice) when first used.
    const modules = await Promise.all(['session-client.js', 'listeners.js', 'session-socket.js', 'stored-session.js', 'outbox.js', 'transcript.js', 'attachments.js', 'conversation.js', 'bubble-list.js', 'texts.js', 'first-use.js', 'composer-files.js', 'widget-panel.js', 'widget-style.js', 'widget-conversation.js'].map((module) => import(base + module)));
    const library = Object.assign({}, ...modules);
    // The texts' language: the tag's data-language, else the page's <html lang>, else the browser's.
    setup.language = library.chooseLanguage(setup.language, document.documentElement.lang, navigator.languages ?? [], navigator.language);
    const appearance = await loadAppearance(credential);
    if (!appearance) return;
    // An async script in the page's head may run before there is a body to put the widget in.
    if (!document.body) await new Promise((ready) => document.addEventListener('DOMContentLoaded', ready, { once: true }));
    const page = { setup, defaults: DEFAULTS, emit, misconfigured, load, loadAppearance, rememberPanel, context: () => context };
    widget = library.openWidget(page, library, appearance, credential);
    await widget.chat.connect();
    for (const action of pending.splice(0)) action(widget);
    // Without a stored conversation the socket stays shut (state "idle") until the customer writes.
    emit('ready', { version: VERSION });
  }

  /**
   * Whether the panel was open in this tab (sessionStorage) when the page was left: a reload or the
   * next page of the site opens it again, beside the conversation the client restores. A draft keeps
   * nothing across loads.
   */
  function panelWasOpen() {
    try {
      return !setup.draft && sessionStorage.getItem(OPEN_KEY) === 'true';
    } catch {
      // storage disabled: the panel starts closed
      return false;
    }
  }

  function rememberPanel(open) {
    if (setup.draft) return;
    try {
      if (open) sessionStorage.setItem(OPEN_KEY, 'true');
      else sessionStorage.removeItem(OPEN_KEY);
    } catch {
      // storage disabled: a reload starts closed
    }
  }

  /**
   * The tenant's appearance. A refused tenant, key or origin is bad setup; a node that cannot be
   * reached leaves the defaults, and the chat retries on its own.
   */
  async function loadAppearance(credential, language = setup.language) {
    const url = setup.origin + '/v1/widget/config?tenant=' + encodeURIComponent(setup.tenant)
      + (setup.draft ? '&draft=true' : '&key=' + encodeURIComponent(setup.key)) + '&language=' + encodeURIComponent(language);
    let response;
    try {
      response = await fetch(url, !setup.draft ? { credentials: 'omit' }
        : credential.csrfToken ? { credentials: 'same-origin', cache: 'no-store' }
          : { credentials: 'omit', cache: 'no-store', headers: { Authorization: 'Bearer ' + await credential.tokenProvider() } });
    } catch {
      // A node that answers an opaque request but not this page's CORS request refuses its origin.
      const reachable = await fetch(url, { mode: 'no-cors', credentials: 'omit' }).then(() => true, () => false);
      if (!reachable) return { ...DEFAULTS };
      misconfigured((await load('widget-refusals.js')).siteRefused(setup) + ' (or data-tenant is not the organisation\'s name)');
      return null;
    }
    if (response.ok) {
      const config = await response.json().catch(() => ({}));
      const appearance = { ...DEFAULTS };
      for (const [name, value] of Object.entries(config)) if (name in DEFAULTS && value != null) appearance[name] = value;
      return appearance;
    }
    const error = (await response.json().catch(() => ({}))).error ?? {};
    // A page language the node knows no language by: English texts, and the node decides the conversation's.
    if (response.status === 400 && /language tag/.test(error.message ?? '') && language !== 'en') {
      console.warn('Parley widget: ' + error.message);
      setup.language = undefined;
      return loadAppearance(credential, 'en');
    }
    // A refused draft, tenant, key or site is bad setup, said by widget-refusals.js; another answer leaves the defaults.
    const refused = setup.draft ? response.status < 500 : [400, 401, 403, 404].includes(response.status);
    if (!refused) return { ...DEFAULTS };
    misconfigured((await load('widget-refusals.js')).refusal(setup, response.status, error));
    return null;
  }

  if (setup.openOnLoad || panelWasOpen()) whenReady((w) => w.open());
})();
