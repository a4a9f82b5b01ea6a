// The embeddable widget and the node's own page in headless Chromium, measured from the browser:
// how long the widget takes from its script tag to an interactive launcher (cold: a fresh browser
// context, so an empty HTTP cache; warm: a reload of that page, with widget.js in the cache), and
// how long a question takes to its first streamed delta on screen, through the widget and through
// the node's page at /. The company's page is served here, on 127.0.0.1, while the widget comes
// from the node as localhost: another origin, as on a real site.
//
//   node browser.js <node port> <site port> <tenant> <publishable key> [cold loads (10)] [warm loads (10)] [questions (30)]
//
// Prints one JSON line: each figure's samples, p50 and p90 in milliseconds.
'use strict';
const http = require('http');
const puppeteer = require('puppeteer-core');

const [nodePort, sitePort, tenant, key] = process.argv.slice(2, 6);
const coldLoads = Number(process.argv[6] || 10);
const warmLoads = Number(process.argv[7] || 10);
const questions = Number(process.argv[8] || 30);
const nodeOrigin = `http://localhost:${nodePort}`;
const WAIT_MS = 60_000;

// Runs in the company's page before the widget's tag: notes when the launcher in the widget's
// shadow root is there and enabled, and when the widget says it is ready (idle: no socket until the
// customer writes, or connected to a stored conversation). The tag's
// load start is the script's resource-timing entry, which a cross-origin script also has.
const OBSERVER = `
window.widgetTimes = new Promise((resolve) => {
  const marks = {};
  const check = () => {
    if (window.Parley && !marks.listening) {
      marks.listening = true;
      Parley.on('ready', () => { marks.ready = performance.now(); finish(); });
    }
    const root = document.querySelector('parley-widget')?.shadowRoot;
    if (root && !marks.observingShadow) {
      marks.observingShadow = true;
      new MutationObserver(check).observe(root, { subtree: true, childList: true, attributes: true });
    }
    const launcher = root?.querySelector('.launcher');
    if (marks.launcher === undefined && launcher && !launcher.disabled && !launcher.hidden) {
      marks.launcher = performance.now();
      finish();
    }
  };
  const finish = () => {
    if (marks.launcher === undefined || marks.ready === undefined) return;
    const start = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/widget.js')).startTime;
    resolve({ launcherMs: marks.launcher - start, readyMs: marks.ready - start });
  };
  new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true });
});`;

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme help</title>
<script>${OBSERVER}</script>
<script src="${nodeOrigin}/widget.js" data-tenant="${tenant}" data-key="${key}" async></script>
</head><body><main><h1>Acme help</h1><p>Welcome to Acme.</p></main></body></html>`;

const site = http.createServer((req, res) => {
  if (req.url !== '/') return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(page);
});

// Asks one question in the page and resolves with the milliseconds to the first delta shown (the
// streaming bubble has text) and to the final answer. Both chats are driven the way a customer
// drives them: text in the input, then Enter.
function ask(chat, text) {
  const views = {
    widget: {
      root: () => document.querySelector('parley-widget').shadowRoot,
      input: '.composer textarea',
      streaming: '.log > li[aria-busy] .text',
      finals: '.log > li[data-role=assistant][data-final]',
    },
    page: {
      root: () => document,
      input: '#input',
      streaming: '#messages li.msg--assistant.is-streaming .bubble__text',
      finals: '#messages li.msg--assistant.is-final',
    },
  };
  const view = views[chat];
  const root = view.root();
  const before = root.querySelectorAll(view.finals).length;
  return new Promise((resolve) => {
    let firstDeltaMs;
    let start;
    const observer = new MutationObserver(() => {
      if (firstDeltaMs === undefined && root.querySelector(view.streaming)?.textContent) firstDeltaMs = performance.now() - start;
      if (root.querySelectorAll(view.finals).length > before) {
        observer.disconnect();
        resolve({ firstDeltaMs: firstDeltaMs ?? null, answerMs: performance.now() - start });
      }
    });
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    const input = root.querySelector(view.input);
    input.value = text;
    start = performance.now();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  });
}

async function askMany(tab, chat, label) {
  const samples = [];
  // One unmeasured question first: the tab's first answer also pays for the session's start.
  for (let i = 0; i <= questions; i++) {
    const result = await tab.evaluate(ask, chat, `${label} question ${i}: how do I reset my password?`);
    if (i > 0) samples.push(result.firstDeltaMs);
  }
  return samples;
}

const quantile = (values, q) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  if (!sorted.length) return null;
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(1));
};
const summary = (values) => ({ p50: quantile(values, 0.5), p90: quantile(values, 0.9), samples: values.map((v) => v === null ? null : Number(v.toFixed(1))) });

async function loadWidget(tab, url, how) {
  let fromCache = null;
  const onResponse = (response) => { if (response.url().endsWith('/widget.js')) fromCache = response.fromCache(); };
  tab.on('response', onResponse);
  if (how === 'reload') await tab.reload(); else await tab.goto(url);
  const times = await tab.evaluate(() => window.widgetTimes);
  tab.off('response', onResponse);
  return { ...times, fromCache };
}

async function main() {
  await new Promise((ready) => site.listen(Number(sitePort), '127.0.0.1', ready));
  const siteUrl = `http://127.0.0.1:${sitePort}/`;
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    protocolTimeout: WAIT_MS,
  });
  try {
    const cold = [];
    const warm = [];
    let widgetTab;
    // One unmeasured cold load first, so that the node's first widget requests do not count.
    for (let i = 0; i <= coldLoads; i++) {
      const context = await browser.createBrowserContext();
      const tab = await context.newPage();
      tab.setDefaultTimeout(WAIT_MS);
      const load = await loadWidget(tab, siteUrl, 'goto');
      if (i > 0) cold.push(load);
      if (i < coldLoads) await context.close(); else widgetTab = tab;
    }
    for (let i = 0; i < warmLoads; i++) warm.push(await loadWidget(widgetTab, siteUrl, 'reload'));
    if (warm.some((load) => !load.fromCache)) throw new Error('a warm load fetched widget.js again: ' + JSON.stringify(warm));

    await widgetTab.evaluate(() => Parley.open());
    await widgetTab.waitForFunction(() => ['idle', 'open'].includes(document.querySelector('parley-widget').dataset.state));
    const widgetDeltas = await askMany(widgetTab, 'widget', 'widget');

    const pageTab = await (await browser.createBrowserContext()).newPage();
    pageTab.setDefaultTimeout(WAIT_MS);
    await pageTab.goto(`${nodeOrigin}/`);
    await pageTab.waitForFunction(() => document.querySelector('#status')?.dataset.state === 'online');
    const pageDeltas = await askMany(pageTab, 'page', 'page');

    console.log(JSON.stringify({
      launcherCold: summary(cold.map((l) => l.launcherMs)),
      launcherWarm: summary(warm.map((l) => l.launcherMs)),
      readyCold: summary(cold.map((l) => l.readyMs)),
      readyWarm: summary(warm.map((l) => l.readyMs)),
      firstDeltaWidget: summary(widgetDeltas),
      firstDeltaPage: summary(pageDeltas),
    }));
  } finally {
    await browser.close();
    site.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
