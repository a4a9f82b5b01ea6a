// The widget panel's stylesheet (widget-panel.js adopts it in its shadow root, where the page's
// styles do not reach) and the tenant's accent colour in it, with text on it that stays readable.

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

export function themeSheet(appearance, defaultAccent) {
  const accent = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(appearance.accentColor) ? appearance.accentColor : defaultAccent;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(':host { --accent: ' + accent + '; --on-accent: ' + textOn(accent) + '; }');
  return sheet;
}

// Colours are variables: the dark scheme (theme "dark", or "auto" when the system prefers it) swaps them.
export const PANEL_CSS = `
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
.log { flex: 1; min-height: 96px; overflow-y: auto; margin: 0; padding: 12px; list-style: none; display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 85%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bubble); }
.msg[data-role="user"] { align-self: flex-end; background: var(--accent); color: var(--on-accent); }
.msg[data-role="system"] { align-self: center; background: none; color: var(--muted); font-size: 13px; }
.msg[data-pending] { opacity: 0.75; }
.msg[data-failed] { outline: 2px dashed var(--bad); }
.msg time { display: block; font-size: 12px; opacity: 0.85; text-align: end; }
.author { display: flex; align-items: center; gap: 6px; font-size: 12px; font-weight: 600; }
.initials { width: 24px; height: 24px; border-radius: 50%; object-fit: cover; display: inline-grid; place-items: center; background: var(--accent); color: var(--on-accent); font-size: 11px; }
.typing { align-self: flex-start; color: var(--muted); font-size: 14px; padding: 0 12px; }
.composer { display: flex; gap: 8px; align-items: flex-end; padding: 10px; border-top: 1px solid var(--line); }
textarea { flex: 1; resize: none; field-sizing: content; min-height: 40px; max-height: 120px; padding: 8px 10px; border: 1px solid var(--edge); border-radius: 8px; background: var(--bg); color: var(--fg); }
.send { background: var(--accent); color: var(--on-accent); min-height: 40px; font-weight: 600; }
[dir="rtl"] .send svg { transform: scaleX(-1); }
.mic { min-width: 40px; min-height: 40px; border: 1px solid var(--edge); }
.mic[aria-pressed="true"] { background: #b00020; color: #fff; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (max-width: 480px) {
.panel { inset: 0; width: 100vw; height: 100vh; height: 100dvh; border-radius: 0; bottom: 0; right: 0; }
}
@media (prefers-reduced-motion: no-preference) { .panel { transition: opacity 0.15s; } }
.attach { min-width: 40px; min-height: 40px; border: 1px solid var(--edge); }
`;
