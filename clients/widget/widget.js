// Parley's embeddable chat widget: one <script> tag on a company's site (docs/widget.md). Plain
// JavaScript, no build step, no eval and no inline styles, so a strict Content-Security-Policy
// admits it. The protocol and the model of the conversation live in the client library, loaded from
// the same node.
(() => {
  'use strict';
  const VERSION = '0.3.0';
  const CLIENT_VERSION = '0.3.0';
  if (window.Parley && window.Parley.widgetVersion) return; // the page loaded the script twice

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
  // Icons as SVG paths (24 x 24): they draw in any font, where an emoji glyph may be missing.
  const ICONS = {
    chat: 'M4 4h16v12H8l-4 4z',
    close: 'M6 6l12 12M18 6L6 18',
    send: 'M3 20l18-8L3 4v6l12 2-12 2z',
    mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM6 11a6 6 0 0 0 12 0M12 17v4',
    end: 'M5 12h14',
    star: 'M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.3l-5.5 3 1-6.2L3 9.7l6.2-.9z',
    attach: 'M20 11l-8 8a5 5 0 0 1-7-7l8-8a3.5 3.5 0 0 1 5 5l-8 8a2 2 0 0 1-3-3l7-7',
  };
  const COMPOSING_SHOWN_MS = 4000;
  const COMPOSING_EVERY_MS = 3000;
  const OPEN_KEY = 'parley:open:' + setup.tenant; // in sessionStorage while the panel is open
  const base = setup.origin + '/client/' + CLIENT_VERSION + '/';
  const load = (module) => import(base + module);

  const listeners = new Map();
  let widget = null; // the running widget once the node answered
  let broken = false;
  const pending = []; // host calls made before the widget is ready
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
    send: (text) => whenReady((w) => w.send(String(text))),
    identify: (tokenOrProvider) => (setup.draft ? giveAdminCredential(tokenOrProvider) : whenReady((w) => w.identify(tokenOrProvider))),
    setContext: (data) => {
      context = pageContext(data);
      whenReady((w) => w.sendContext());
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
    const credential = setup.draft ? await draftCredential() : { publishableKey: setup.key };
    // The library's modules the widget needs at once, all together (one imports another, which would otherwise wait for it);
    // the rest (the replies to tap, the contact prompt, approvals, files) when first used.
    const modules = await Promise.all(['session-client.js', 'attachments.js', 'agent-avatar.js', 'conversation.js', 'bubble-list.js', 'texts.js', 'first-use.js', 'composer-files.js'].map((module) => import(base + module)));
    const library = Object.assign({}, ...modules);
    // The texts' language: the tag's data-language, else the page's <html lang>, else the browser's.
    setup.language = library.chooseLanguage(setup.language, document.documentElement.lang, navigator.languages ?? [], navigator.language);
    const appearance = await loadAppearance(credential);
    if (!appearance) return;
    // An async script in the page's head may run before there is a body to put the widget in.
    if (!document.body) await new Promise((ready) => document.addEventListener('DOMContentLoaded', ready, { once: true }));
    widget = new Widget(library, appearance, credential);
    await widget.connect();
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
      return false; // storage disabled: the panel starts closed
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
   * The admin's credential of a draft widget, as given to Parley.identify(): a token or API key, a
   * function giving one, or { csrfToken } for an admin signed in with the node's cookie (the node's own pages).
   */
  async function draftCredential() {
    const given = await adminCredential;
    const signIn = given?.csrfToken ? { csrfToken: String(given.csrfToken) }
      : { tokenProvider: typeof given === 'function' ? given : () => String(given) };
    return { ...signIn, draft: true, storage: memoryStorage() };
  }

  /** A draft widget keeps nothing across page loads: each load tries the draft saved last, in a new conversation. */
  function memoryStorage() {
    const items = new Map();
    return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => items.set(key, String(value)), removeItem: (key) => items.delete(key) };
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
      misconfigured(siteRefused() + ' (or data-tenant is not the organisation\'s name)');
      return null;
    }
    if (response.ok) {
      const config = await response.json().catch(() => ({}));
      const appearance = { ...DEFAULTS };
      for (const [name, value] of Object.entries(config)) if (name in DEFAULTS && value != null) appearance[name] = value;
      return appearance;
    }
    const error = (await response.json().catch(() => ({}))).error ?? {};
    const detail = error.message ? ' (' + error.message + ')' : '';
    // A page language the node knows no language by: English texts, and the node decides the conversation's.
    if (response.status === 400 && /language tag/.test(error.message ?? '') && language !== 'en') {
      console.warn('Parley widget: ' + error.message);
      setup.language = undefined;
      return loadAppearance(credential, 'en');
    }
    if (setup.draft && response.status < 500) {
      misconfigured('the draft of tenant "' + setup.tenant + '" cannot be tried' + detail);
      return null;
    }
    if (response.status === 401) misconfigured('data-key is not a publishable key of tenant "' + setup.tenant + '"' + detail);
    else if (response.status === 403 && /origin/i.test(error.message ?? '')) misconfigured(siteRefused());
    else if (response.status === 403) misconfigured('data-key is a publishable key of another tenant than data-tenant "'
      + setup.tenant + '"' + detail);
    else if (response.status === 404 || response.status === 400) misconfigured('data-tenant "' + setup.tenant + '" is not a tenant of ' + setup.origin + detail);
    else return { ...DEFAULTS };
    return null;
  }

  /**
   * What the site's owner reads when the organisation does not allow the page's site: where its admins
   * allow one. Never the node's settings, which only the node's operator sees.
   */
  function siteRefused() {
    return 'this site, ' + location.origin + ', is not among the sites allowed to chat with "' + setup.tenant
      + '": an admin of the organisation adds it in Parley\'s admin console (' + setup.origin
      + '/admin, Keys, "Publishable keys and sites")';
  }

  /** The claims of a JWT, or {} when it is not one. */
  function claims(token) {
    try {
      return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    } catch {
      return {};
    }
  }

  function icon(name) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.append(path);
    return svg;
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'text') node.textContent = value;
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : value);
    }
    node.append(...children);
    return node;
  }

  /** Black or white text, whichever contrasts more with the accent colour (WCAG's formula). */
  function textOn(color) {
    const hex = color.replace('#', '');
    const full = hex.length === 3 ? hex.replace(/./g, '$&$&') : hex.slice(0, 6);
    const [r, g, b] = [0, 2, 4].map((i) => {
      const c = parseInt(full.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
  }

  function themeSheet(appearance) {
    const accent = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(appearance.accentColor) ? appearance.accentColor : DEFAULTS.accentColor;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(':host { --accent: ' + accent + '; --on-accent: ' + textOn(accent) + '; }');
    return sheet;
  }

  // Colours are variables: the dark scheme (theme "dark", or "auto" when the system prefers it) swaps them.
  const CSS = `
:host { all: initial !important; position: fixed !important; z-index: 2147483000 !important; bottom: 0 !important; right: 0 !important;
  --bg: #fff; --fg: #1b1e25; --muted: #4a5060; --bubble: #eceef3; --line: #d6d9e0; --edge: #767b86; --bad: #b00020; }
:host([data-theme="dark"]) { --bg: #16181d; --fg: #eceef3; --muted: #b4b9c6; --bubble: #2a2e37; --line: #3a3f4b; --edge: #8b91a0; --bad: #ff8a9a; }
@media (prefers-color-scheme: dark) { :host([data-theme="auto"]) { --bg: #16181d; --fg: #eceef3; --muted: #b4b9c6; --bubble: #2a2e37; --line: #3a3f4b; --edge: #8b91a0; --bad: #ff8a9a; } }
:host([data-position="bottom-left"]) { right: auto !important; left: 0 !important; }
.root { all: initial; display: block; color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.root * { box-sizing: border-box; font: inherit; color: inherit; }
[hidden] { display: none !important; }
svg { width: 20px; height: 20px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; flex: none; }
button { cursor: pointer; border: 0; border-radius: 8px; background: none; padding: 6px 10px; display: inline-flex; align-items: center; justify-content: center; gap: 6px; }
/* Dark and light rings: the focus shows on either scheme and on any accent colour. */
button:focus-visible, textarea:focus-visible, .log:focus-visible { outline: 2px solid var(--fg); outline-offset: 1px; box-shadow: 0 0 0 6px var(--bg); }
.launcher { position: fixed; bottom: 20px; right: 20px; min-height: 48px; gap: 8px;
  padding: 10px 18px; border-radius: 24px; background: var(--accent); color: var(--on-accent); box-shadow: 0 4px 14px rgb(0 0 0 / 25%); }
:host([data-position="bottom-left"]) .launcher, :host([data-position="bottom-left"]) .panel { right: auto; left: 20px; }
.badge { min-width: 22px; padding: 1px 6px; border-radius: 11px; background: #b00020; color: #fff; font-size: 13px; text-align: center; }
.panel { position: fixed; bottom: 20px; right: 20px; width: 370px; height: min(600px, calc(100vh - 40px)); display: flex; flex-direction: column;
  background: var(--bg); border-radius: 14px; box-shadow: 0 8px 30px rgb(0 0 0 / 30%); overflow: hidden; }
.head { display: flex; align-items: center; gap: 10px; padding: 12px 14px; background: var(--accent); color: var(--on-accent); }
.head h2 { flex: 1; margin: 0; font-weight: 600; font-size: 16px; }
.avatar { width: 32px; height: 32px; border-radius: 50%; object-fit: cover; }
.head button { color: var(--on-accent); min-width: 36px; min-height: 36px; padding: 0; }
.status { padding: 6px 14px; background: #fff4d4; color: #5c3d00; font-size: 14px; }
.status[data-kind="handoff"] { background: #e9efff; color: #1f3275; }
.log { flex: 1; overflow-y: auto; margin: 0; padding: 12px; list-style: none; display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 85%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bubble); }
.msg[data-role="user"] { align-self: flex-end; background: var(--accent); color: var(--on-accent); }
.msg[data-role="system"] { align-self: center; background: none; color: var(--muted); font-size: 13px; }
.msg[data-pending] { opacity: 0.75; }
.msg[data-failed] { outline: 2px dashed var(--bad); }
.msg time { display: block; font-size: 12px; opacity: 0.85; text-align: end; }
.rating { padding: 8px 12px; border-top: 1px solid var(--line); }
.rating-title { margin: 0 0 6px; font-weight: 600; }
.rating textarea { width: 100%; margin-bottom: 6px; }
.scores { display: flex; gap: 4px; }
.score { min-width: 40px; min-height: 40px; padding: 0; color: var(--muted); }
.score svg { width: 28px; height: 28px; }
.score:hover svg, .score:focus-visible svg { fill: #f5b301; stroke: #8a6100; }
.again { margin-top: 6px; border: 1px solid var(--edge); }
.author { display: flex; align-items: center; gap: 6px; font-size: 12px; font-weight: 600; }
.initials { width: 24px; height: 24px; border-radius: 50%; object-fit: cover; display: inline-grid; place-items: center; background: var(--accent); color: var(--on-accent); font-size: 11px; }
.typing { align-self: flex-start; color: var(--muted); font-size: 14px; padding: 0 12px; }
.composer { display: flex; gap: 8px; align-items: flex-end; padding: 10px; border-top: 1px solid var(--line); }
textarea { flex: 1; resize: none; min-height: 40px; max-height: 120px; padding: 8px 10px; border: 1px solid var(--edge); border-radius: 8px; background: var(--bg); color: var(--fg); }
.send { background: var(--accent); color: var(--on-accent); min-height: 40px; font-weight: 600; }
[dir="rtl"] .send svg { transform: scaleX(-1); }
.mic { min-width: 40px; min-height: 40px; border: 1px solid var(--edge); }
.mic[aria-pressed="true"] { background: #b00020; color: #fff; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (max-width: 480px) {
  .panel { inset: 0; width: 100vw; height: 100vh; height: 100dvh; border-radius: 0; bottom: 0; right: 0; }
}
@media (prefers-reduced-motion: no-preference) { .panel { transition: opacity 0.15s; } }
.approvals { display: flex; flex-direction: column; gap: 6px; padding: 0 12px; }
.approval { border: 1px solid #d0d5dd; border-radius: 10px; padding: 8px 10px; }
.contact-prompt { display: flex; flex-direction: column; gap: 6px; margin: 0 12px 8px; border: 1px solid #d0d5dd; border-radius: 10px; padding: 8px 10px; } .contact-prompt[hidden] { display: none; } .contact-actions { display: flex; gap: 6px; }
.approval p { margin: 0 0 6px; }
.approval .what { font-weight: 600; }
.approval button { margin-inline-end: 6px; padding: 4px 12px; border-radius: 14px; border: 1px solid var(--accent); cursor: pointer; }
.approval .confirm { background: var(--accent); color: var(--on-accent); }
.approval .cancel { background: #ffffff; color: #1b1e25; }
.approval.waiting { margin: 0; font-size: 14px; }
.replies { display: flex; flex-wrap: wrap; gap: 6px; padding: 0 12px 8px; }
.replies button { border: 1px solid var(--accent); border-radius: 14px; padding: 4px 12px; color: var(--fg); text-align: start; }
.attach { min-width: 40px; min-height: 40px; border: 1px solid var(--edge); }
.attachments, .files { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0 10px; list-style: none; }
.attachment { display: flex; align-items: center; gap: 6px; padding: 4px 6px; border: 1px solid var(--line); border-radius: 8px; font-size: 13px; }
.attachment.failed { border-color: var(--bad); }
.attachment .remove { min-width: 28px; min-height: 28px; padding: 0; }
.thumbnail { width: 40px; height: 40px; object-fit: cover; border-radius: 4px; }
.files { padding: 6px 0 0; } .msg .thumbnail { width: 120px; height: auto; max-height: 120px; display: block; }
.file { display: inline-flex; flex-direction: column; gap: 2px; font-size: 13px; text-decoration: underline; }
`;

  /** The launcher, the panel and their conversation, inside a shadow root of the page. */
  class Widget {
    constructor(library, appearance, credential) {
      this.library = library; // @parley/client: ParleyClient, Conversation, BubbleList, Texts
      this.appearance = appearance;
      this.texts = new library.Texts(appearance.textsLanguage, appearance.texts);
      this.credential = credential;
      this.client = null;
      this.unsubscribe = [];
      this.conversation = new library.Conversation();
      this.rated = null; // the closed conversation the rating form asks about
      this.unread = 0;
      this.lastComposing = 0;
      this.composing = { until: 0, author: null };
      this.heard = '';
      this.build();
      window.addEventListener('storage', (event) => this.onStorage(event));
    }

    /** The text of `key` in the conversation's language, its {placeholders} filled from `values`. */
    t(key, values) {
      return this.texts.get(key, values);
    }

    /**
     * Builds the panel with its texts' keys (data-text...), filled by applyTexts() in the texts'
     * language, again whenever the node decides another language for the conversation.
     */
    build() {
      const a = this.appearance;
      this.host = element('parley-widget', { 'data-theme': ['light', 'dark'].includes(a.theme) ? a.theme : 'auto' });
      const shadow = this.shadow = this.host.attachShadow({ mode: 'open' });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet, themeSheet(a)];
      const panelId = 'parley-panel';
      this.badge = element('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
      this.launcher = element('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId },
        icon('chat'), element('span', a.launcherText ? { text: a.launcherText } : { 'data-text': 'launcher' }), this.badge);
      this.launcher.hidden = !setup.launcher;
      this.launcher.addEventListener('click', () => this.open());
      const avatar = a.avatarUrl ? element('img', { class: 'avatar', src: a.avatarUrl, alt: '' }) : '';
      if (avatar) avatar.addEventListener('error', () => avatar.remove());
      const closeButton = element('button', { type: 'button', class: 'close', 'data-text-aria-label': 'close' }, icon('close'));
      closeButton.addEventListener('click', () => this.close());
      this.endButton = element('button', { type: 'button', class: 'end', 'data-text-aria-label': 'end', 'data-text-title': 'end', hidden: true }, icon('end'));
      this.endButton.addEventListener('click', () => this.client.close('ended by customer').catch(() => {}));
      this.status = element('p', { class: 'status', role: 'status', hidden: true });
      this.log = element('ol', { class: 'log', 'aria-live': 'polite', 'data-text-aria-label': 'conversation', tabindex: '0' });
      this.bubbles = new this.library.BubbleList(this.log, {
        create: () => element('li', { class: 'msg' }),
        fill: (li, item) => this.fill(li, item),
      });
      this.typing = element('p', { class: 'typing', hidden: true, 'aria-live': 'polite' });
      const replies = element('div', { class: 'replies', role: 'group', 'data-text-aria-label': 'replies', hidden: true });
      const approvals = element('div', { class: 'approvals', role: 'group', 'data-text-aria-label': 'approvals' });
      this.input = element('textarea', { id: 'parley-input', rows: '1', 'data-text-placeholder': 'placeholder', autocomplete: 'off' });
      this.mic = element('button', { type: 'button', class: 'mic', hidden: a.voice !== true, 'aria-pressed': 'false', 'data-text-aria-label': 'talk' }, icon('mic'));
      this.mic.addEventListener('click', () => this.toggleVoice());
      const attach = element('button', { type: 'button', class: 'attach', 'data-text-aria-label': 'attach', 'data-text-title': 'attach' }, icon('attach'));
      const files = element('input', { type: 'file', multiple: true, hidden: true, accept: 'image/*,application/pdf,text/plain' });
      const form = element('form', { class: 'composer' },
        element('label', { class: 'visually-hidden', for: 'parley-input', 'data-text': 'message' }), files, attach,
        this.input, this.mic, element('button', { type: 'submit', class: 'send', 'data-text-aria-label': 'sendMessage' }, icon('send'), element('span', { 'data-text': 'send' })));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        this.sendTyped();
      });
      this.input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.sendTyped();
        }
      });
      this.input.addEventListener('input', () => this.sendComposing());
      this.panel = element('section', { class: 'panel', id: panelId, role: 'dialog', 'aria-modal': 'false',
        'aria-labelledby': 'parley-title', hidden: true },
      element('div', { class: 'head' }, avatar, element('h2', { id: 'parley-title', text: a.name }), this.endButton, closeButton),
      this.status, this.log, this.typing, replies, approvals, this.buildRating(), form);
      this.panel.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') this.close();
      });
      this.buildParts(replies, approvals, { button: attach, input: files, place: (list) => form.before(list), zone: this.panel, pasteTarget: this.input });
      this.root = element('div', { class: 'root' }, this.launcher, this.panel);
      shadow.append(this.root);
      this.applyTexts();
      document.body.append(this.host);
    }

    /**
     * The parts most conversations never use, loaded when first needed (docs/performance.md): the
     * replies to tap, the prompt for a contact, the approvals, and the files attached and shared.
     */
    buildParts(replies, approvals, files) {
      const changed = () => this.render();
      this.replies = new this.library.FirstUse(() => load('reply-options.js').then(({ ReplyOptions, ReplyBar }) => ({ options: new ReplyOptions(),
        bar: new ReplyBar(replies, { label: this.t('replies'), onTap: (value) => (this.send(value), this.input.focus()) }) })), changed);
      this.approvals = new this.library.FirstUse(() => load('approval-cards.js').then(({ ApprovalCards }) => new ApprovalCards(approvals, this.texts)));
      this.contact = new this.library.FirstUse(() => load('contact-prompt.js').then(({ ContactPrompt }) => {
        const prompt = new ContactPrompt(this.texts);
        approvals.after(prompt.box);
        this.unsubscribe.push(prompt.follow(this.client));
        return prompt;
      }));
      this.files = new this.library.ComposerFiles({ load, client: () => this.client, texts: () => this.texts, changed, doc: document, ...files });
    }

    /** The texts in the panel, its language and direction (dir="rtl" mirrors the layout for Arabic and Hebrew). */
    applyTexts() {
      this.texts.apply(this.shadow);
      for (const node of [this.root, this.panel]) Object.assign(node, { lang: this.texts.language, dir: this.texts.dir });
      // Right to left, the widget sits in the mirrored corner: the one the reader's eye ends at.
      const position = setup.position ?? this.appearance.position;
      const mirrored = { 'bottom-right': 'bottom-left', 'bottom-left': 'bottom-right' }[position] ?? position;
      this.host.dataset.position = this.texts.dir === 'rtl' ? mirrored : position;
      this.scores.forEach((button, i) => {
        button.title = this.t('rateStar', { score: i + 1 });
        button.setAttribute('aria-label', button.title);
      });
      this.labelLauncher();
    }

    /**
     * "How was this conversation?" once it has ended: a comment if the customer likes, then one to
     * five stars; and a button that starts the next conversation.
     */
    buildRating() {
      this.ratingComment = element('textarea', { id: 'parley-rating-comment', rows: '1', maxlength: '1000', 'data-text-placeholder': 'rateCommentPlaceholder' });
      this.scores = [1, 2, 3, 4, 5].map((score) => {
        const button = element('button', { type: 'button', class: 'score' }, icon('star'));
        button.addEventListener('click', () => this.rate(score));
        return button;
      });
      const scores = element('div', { class: 'scores', role: 'group', 'aria-labelledby': 'parley-rating-title' }, ...this.scores);
      this.ratingAsk = element('div', {}, element('p', { id: 'parley-rating-title', class: 'rating-title', 'data-text': 'rateTitle' }),
        element('label', { class: 'visually-hidden', for: 'parley-rating-comment', 'data-text': 'rateComment' }), this.ratingComment, scores);
      this.ratingStatus = element('p', { role: 'status' });
      const again = element('button', { type: 'button', class: 'again', 'data-text': 'newConversation' });
      again.addEventListener('click', () => this.newConversation());
      this.rating = element('div', { class: 'rating', hidden: true }, this.ratingAsk, this.ratingStatus, again);
      return this.rating;
    }

    remove() {
      this.client?.disconnect();
      this.host.remove();
    }

    /** Connects with the publishable key (an admin's credential for a draft), or as the user a token names. */
    async connect(credential = this.credential, storageKey = 'parley:' + setup.tenant) {
      for (const off of this.unsubscribe.splice(0)) off();
      this.client?.disconnect();
      // A page that loads the widget starts no conversation: the customer's first message does.
      this.client = new this.library.ParleyClient({ baseUrl: setup.origin, tenant: setup.tenant, storageKey, startOnSend: true,
        language: setup.language, ...credential });
      this.startConversation();
      for (const { clientMsgId, text } of this.client.outbox) this.conversation.addPending(clientMsgId, text);
      const listen = (type, fn) => this.unsubscribe.push(this.client.on(type, fn));
      // The conversation's frames go into its model, and the panel shows what it holds then.
      const on = (type, fn) => listen(type, (event) => {
        fn(event);
        this.render();
      });
      on('state', (state) => this.onState(state));
      on('session', (frame) => this.onSession(frame));
      on('message', (frame) => this.onMessage(frame));
      on('ack', (ack) => this.conversation.applyAck(ack));
      on('typing', (frame) => this.conversation.applyTyping(frame));
      on('delta', (frame) => this.conversation.applyDelta(frame));
      on('interrupted', (frame) => this.conversation.applyInterrupted(frame));
      on('composing', (frame) => this.onComposing(frame));
      on('handoff', (frame) => this.conversation.applyHandoff(frame));
      on('queue', (frame) => this.conversation.applyQueue(frame));
      on('rated', (frame) => this.conversation.applyRated(frame));
      listen('language', (frame) => this.followLanguage(frame.language));
      on('error', (error) => this.onError(error));
      on('closed', (frame) => this.onClosed(frame));
      on('reset', () => (this.conversation.resetHistory(), this.replies.use((r) => r.options.reset())));
      on('attachments', (frame) => this.files.shown(() => this.conversation.applyAttachments(frame)));
      listen('approval', (frame) => this.approvals.use((cards) => cards.show(this.client, frame), frame.status === 'pending'));
      listen('agentApproval', (frame) => this.approvals.use((cards) => cards.showWaiting(frame), frame.status === 'pending'));
      for (const type of ['reset', 'closed']) listen(type, () => this.approvals.use((cards) => cards.clear()));
      // A notice (nobody could answer) may ask for the customer's contact; once loaded, its prompt follows the client itself.
      if (this.contact.part) this.unsubscribe.push(this.contact.part.follow(this.client));
      listen('message', (frame) => this.contact.part || this.contact.use((prompt) => prompt.onMessage(frame), /^notice-/.test(frame.turnId ?? '')));
      for (const type of ['voice', 'transcript', 'speaking']) listen(type, (frame) => this.voice?.onFrame(frame));
      listen('audio', (bytes) => this.voice?.onAudio(bytes));
      for (const type of ['message', 'handoff', 'queue']) listen(type, (frame) => emit(type, frame));
      listen('state', (state) => emit('state', state));
      await this.client.connect().catch(() => { /* offline: the client retries and says so through "state" */ });
    }

    async identify(tokenOrProvider) {
      this.plainToken = null;
      if (tokenOrProvider == null) {
        await this.connect();
        return;
      }
      const provider = typeof tokenOrProvider === 'function' ? tokenOrProvider : null;
      let token;
      try {
        token = provider ? await provider() : String(tokenOrProvider);
      } catch (failure) {
        misconfigured('the token provider given to Parley.identify() failed (' + (failure?.message ?? failure) + ')');
        return;
      }
      const { sub } = claims(token);
      this.plainToken = provider ? null : token;
      if (this.plainTokenExpired()) return;
      const credential = provider ? { tokenProvider: provider } : { token };
      await this.connect(credential, 'parley:' + setup.tenant + ':' + (sub ?? 'anonymous'));
    }

    open() {
      this.panel.hidden = false;
      this.launcher.hidden = true;
      this.launcher.setAttribute('aria-expanded', 'true');
      this.setUnread(0);
      this.input.focus();
      this.scrollDown();
      rememberPanel(true);
      emit('open', {});
    }

    close() {
      if (this.panel.hidden) return;
      this.panel.hidden = true;
      this.launcher.hidden = !setup.launcher;
      this.launcher.setAttribute('aria-expanded', 'false');
      if (setup.launcher) this.launcher.focus();
      rememberPanel(false);
      emit('close', {});
    }

    get isOpen() {
      return !this.panel.hidden;
    }

    /** What was written, with the files attached once they are uploaded. */
    async sendTyped() {
      const typed = this.input.value;
      this.input.value = '';
      const message = await this.files.message(typed);
      if (message) this.send(message.text, message.attachments);
    }

    /** Shown at once; the client keeps it until the node stored it, across reconnects and reloads. */
    send(text, attachments = []) {
      if (this.client.state === 'closed') {
        // The conversation ended: writing starts the next one, and the ended one stays to be rated.
        this.startConversation();
        this.client.connect().catch(() => {});
      }
      const { clientMsgId } = this.client.send(text, { attachments });
      this.replies.use((r) => r.options.customerWrote());
      this.conversation.addPending(clientMsgId, text, { state: this.client.state === 'open' ? 'sent' : 'queued', attachments });
      this.render();
    }

    /**
     * The page's context with the browser's language (navigator.language) when the page gave none
     * and has room for it: the node records the conversation's language from it (docs/analytics.md).
     */
    sendContext() {
      if (this.client?.state !== 'open') return;
      const data = { ...(context ?? {}) };
      if (data.language === undefined && navigator.language && Object.keys(data).length < 20) {
        data.language = navigator.language;
      }
      if (Object.keys(data).length) this.client.sendFrame({ type: 'context', data });
    }

    sendComposing() {
      const now = Date.now();
      if (now - this.lastComposing < COMPOSING_EVERY_MS || this.client?.state !== 'open') return;
      this.lastComposing = now;
      this.client.sendFrame({ type: 'composing' });
    }

    onState({ state, retryInMs }) {
      this.host.dataset.state = state;
      this.endButton.hidden = state !== 'open';
      if (state === 'open') this.conversation.setConnected(true);
      else this.conversation.connectionLost();
      if (state === 'offline' && this.plainTokenExpired()) return;
      if (state === 'offline' && retryInMs !== undefined) {
        const seconds = Math.max(1, Math.round(retryInMs / 1000));
        this.showStatus('offline', this.t('offline', { seconds }));
      } else if (state === 'open' && this.status.dataset.kind === 'offline') {
        this.showStatus(null);
        this.shownHandoff = null; // what the offline notice covered is said again
      }
      if (state === 'open') this.sendContext(); // after each (re)connect: the node keeps it per session
    }

    onSession(frame) {
      this.conversation.applySession(frame);
      this.host.dataset.session = frame.sessionId;
      this.mic.hidden = frame.voice !== true;
      this.followLanguage(frame.language);
    }

    /**
     * The node may decide another language for the conversation than the page's (what the customer
     * writes in, docs/languages.md): the texts follow it, as the `session` frame of each start or
     * resume names it and then the node's `language` frame whenever it decides another.
     */
    async followLanguage(language) {
      if (!language || language.split('-')[0] === this.texts.language.split('-')[0]) return;
      const appearance = await loadAppearance(this.credential, language);
      // A node that did not answer leaves the texts as they are.
      if (!Object.keys(appearance?.texts ?? {}).length || appearance.textsLanguage === this.texts.language) return;
      this.texts = new this.library.Texts(appearance.textsLanguage, appearance.texts);
      if (this.approvals.part) this.approvals.part.texts = this.texts;
      this.contact.part?.applyTexts(this.texts);
      this.files.applyTexts(this.texts);
      this.applyTexts();
      // The local greeting, the status line and the typing line are said again in the new language.
      if (this.greeting && !this.appearance.greeting) this.greeting = { ...this.greeting, text: this.t('greeting'), rev: this.greeting.rev + 1 };
      this.shownHandoff = null;
      this.render();
    }

    onMessage(frame) {
      this.replies.use((r) => r.options.applyMessage(frame), frame.options?.length > 0);
      const { item, fresh, live } = this.conversation.applyMessage(frame);
      if (!item) return;
      if (item.role === 'agent') this.composing.until = 0;
      if (fresh && live && item.role !== 'user' && item.source !== 'greeting' && !this.isOpen) {
        this.setUnread(this.unread + 1);
        if (this.appearance.sound === true) chime();
      }
    }

    onComposing(frame) {
      this.composing = { until: Date.now() + COMPOSING_SHOWN_MS, author: frame.author ?? this.t('anAgent') };
      clearTimeout(this.composingTimer);
      this.composingTimer = setTimeout(() => this.renderTyping(), COMPOSING_SHOWN_MS);
    }

    /** A token without a provider cannot be renewed: once expired, the node refuses every reconnect. */
    plainTokenExpired() {
      const { exp } = this.plainToken ? claims(this.plainToken) : {};
      if (!exp || exp * 1000 > Date.now()) return false;
      misconfigured('the token given to Parley.identify() expired at ' + new Date(exp * 1000).toISOString()
        + '; mint a fresh one, or pass a function that returns one');
      return true;
    }

    onError({ code, message, clientMsgId, retrying, refused }) {
      if (refused === 'contact') return; // said next to the email field
      if (code === 'unauthorized') {
        misconfigured('the token provider given to Parley.identify() failed (' + message + '); it must return a token');
        return;
      }
      if (clientMsgId && !retrying) this.conversation.fail(clientMsgId);
      if (code === 'unavailable' || code === 'internal' || code === 'budget_exceeded') this.conversation.abandonTurns();
      if (!retrying) this.conversation.addLocal('system', message || this.t('error'));
    }

    onClosed(frame) {
      this.conversation.applyClosed(frame);
      this.conversation.addLocal('system', this.t('ended'));
      this.askRating(this.conversation);
    }

    /** Empties the panel for the next conversation, which starts with the customer's next message. */
    newConversation() {
      this.rating.hidden = true;
      this.startConversation();
      this.client.connect().catch(() => {});
      this.input.focus();
    }

    /** Another tab of this browser started a new conversation: this one follows it. */
    onStorage(event) {
      if (event.key !== this.client?.storageKey || !event.newValue) return;
      const { sessionId } = JSON.parse(event.newValue);
      if (sessionId && sessionId !== this.client.sessionId) this.client.resumeSession(sessionId);
    }

    /** A new conversation model: the panel empties (the one left may still be rated). */
    startConversation() {
      this.conversation = new this.library.Conversation();
      this.files.clear();
      this.replies.use((r) => r.options.reset());
      // Before there is a conversation, the greeting shown offers the configured replies (seq 0: any stored one replaces them).
      const options = this.appearance.greetingOptions;
      if (!this.client?.sessionId) this.replies.use((r) => r.options.applyMessage({ seq: 0, role: 'assistant', options }), options?.length > 0);
      this.shownHandoff = null;
      this.render();
    }

    render() {
      // An answer shows once it has words; until then the line under the conversation says it is being written.
      const items = this.conversation.ordered().filter((item) => item.state !== 'streaming' || item.text);
      // The greeting heads the conversation, also before there is one and after a reload; the node's own, once stored, replaces it.
      if (!items.some((item) => item.source === 'greeting')) {
        this.greeting ??= { id: 'greeting', role: 'assistant', text: this.appearance.greeting ?? this.t('greeting'), source: 'greeting', state: 'local', rev: 0 };
        items.unshift(this.greeting);
      }
      if (this.bubbles.render(items)) this.scrollDown();
      const replies = this.replies.part;
      if (replies?.bar.render(replies.options.current())) this.scrollDown();
      this.renderTyping();
      this.renderHandoff();
    }

    /** One message: its role, whether it is stored, pending, refused or being written, and its text. */
    fill(li, item) {
      li.dataset.role = item.role;
      const marks = { pending: item.state === 'queued' || item.state === 'sent', failed: item.state === 'failed',
        final: item.state === 'final', greeting: item.source === 'greeting' };
      for (const [mark, on] of Object.entries(marks)) li.toggleAttribute('data-' + mark, on);
      if (item.state === 'streaming') li.setAttribute('aria-busy', 'true');
      else li.removeAttribute('aria-busy');
      const author = item.role === 'agent' && item.author
        ? element('span', { class: 'author' }, this.library.agentAvatar(document, item.author, item.authorPicture, setup.origin, 'initials'), item.author)
        : '';
      const cut = item.interrupted ? element('span', { class: 'cut', text: ' … ' + this.t('interrupted') }) : '';
      const at = item.at ? new Date(item.at) : null;
      const time = at && !isNaN(at) ? element('time', { datetime: at.toISOString(), text: this.texts.time(at) }) : '';
      li.replaceChildren(author, element('span', { class: 'text', text: item.text }), cut, this.files.linksOf(item) ?? '', time);
    }

    /** What the customer heard (voice), else the agent typing, else the answer being written. */
    renderTyping() {
      const writing = this.conversation.ordered().some((item) => item.state === 'streaming' && !item.text);
      const text = this.heard
        || (Date.now() < this.composing.until ? this.t('typing', { name: this.composing.author }) : '')
        || (writing ? this.t('typing', { name: this.appearance.name }) : '');
      this.typing.hidden = !text;
      this.typing.textContent = text;
    }

    /** Who answers: waiting for a person (with the place in line), the agent who joined, or the bot again. */
    renderHandoff() {
      const handoff = this.conversation.handoff;
      if (handoff === this.shownHandoff) return;
      this.shownHandoff = handoff;
      const { status, agent, queue } = handoff;
      this.host.dataset.handoff = status;
      if (status === 'agent') this.showStatus('handoff', this.t('joined', { agent: agent ?? this.t('anAgent') }));
      else if (queue) {
        const minutes = queue.expectedWaitMinutes;
        this.showStatus('handoff', this.t(minutes == null ? 'queue' : 'queueWait', { position: queue.position, minutes }));
      } else if (status === 'waiting_for_agent') this.showStatus('handoff', this.t('waiting'));
      else if (this.status.dataset.kind === 'handoff') this.showStatus(null);
    }

    askRating(conversation) {
      if (!conversation.sessionId || conversation.rating.state !== 'unrated') return;
      this.rated = conversation;
      this.ratingComment.value = '';
      this.ratingAsk.hidden = false;
      this.ratingStatus.textContent = '';
      this.rating.hidden = false;
      this.scrollDown();
    }

    /** Sends the rating of the conversation that ended, once; the comment goes with the score. */
    async rate(score) {
      const conversation = this.rated;
      const comment = this.ratingComment.value.trim();
      const rating = comment ? { score, comment } : { score };
      if (!conversation?.startRating(rating)) return;
      this.ratingAsk.hidden = true;
      this.ratingStatus.textContent = this.t('rateSending');
      try {
        const rated = await this.client.rate(rating, conversation.sessionId);
        conversation.applyRated(rated);
        emit('rated', rated);
        this.ratingStatus.textContent = this.t('rateThanks');
      } catch (failure) {
        const rated = conversation.ratingRefused(failure).state === 'rated';
        this.ratingAsk.hidden = rated;
        this.ratingStatus.textContent = rated ? this.t('rateAlready') : this.t('rateFailed', { reason: failure.message });
      }
    }

    showStatus(kind, text) {
      this.status.hidden = !kind;
      this.status.dataset.kind = kind ?? '';
      this.status.textContent = text ?? '';
    }

    setUnread(count) {
      this.unread = count;
      this.badge.hidden = count === 0;
      this.badge.textContent = String(count);
      this.labelLauncher();
      emit('unread', { count });
    }

    labelLauncher() {
      const label = this.appearance.launcherText ?? this.t('launcher');
      this.launcher.setAttribute('aria-label', this.unread ? label + ', ' + this.t('unread', { count: this.unread }) : label);
    }

    scrollDown() {
      this.log.scrollTop = this.log.scrollHeight;
    }

    /** Voice as on the node's own page (voice.js), loaded when the customer first presses the microphone. */
    async loadVoice() {
      try {
        const { Voice } = await import(setup.origin + '/voice.js');
        this.voice = new Voice({
          win: window,
          send: (frame) => this.client.state === 'open' && (this.client.sendFrame(frame), true),
          sendAudio: (buffer) => this.client.sendBinary(buffer),
          ui: {
            setState: (state) => {
              this.mic.hidden = state === 'unavailable';
              this.mic.setAttribute('aria-pressed', String(state === 'on' || state === 'speaking'));
            },
            showHeard: (text, final) => {
              this.heard = final ? '' : text;
              this.renderTyping();
            },
            notify: (text) => {
              this.conversation.addLocal('system', text);
              this.render();
            },
          },
        });
        this.voice.setAvailable(true);
      } catch {
        this.mic.hidden = true;
      }
    }

    async toggleVoice() {
      if (this.client.state === 'idle') await this.client.startSession().catch(() => {}); // speaking starts the conversation
      if (!this.voice) await this.loadVoice();
      this.voice?.toggle();
    }
  }

  /** A short, soft tone for an answer that arrived while the panel was closed (the tenant's widget.sound). */
  function chime() {
    try {
      const audio = new AudioContext();
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.3);
      tone.onended = () => audio.close();
    } catch {
      // No audio (a policy, an old browser): the badge still counts it.
    }
  }

  if (setup.openOnLoad || panelWasOpen()) whenReady((w) => w.open());
})();
