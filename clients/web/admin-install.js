// Install: the widget's tag for the company's site (GET /v1/widget/install: the tenant, its public
// key and the sites allowed to run it), copied with one click, and a check of a page of the site
// (POST /v1/widget/install/check): the server says whether the page's site is allowed and whether
// the page's HTML holds the tag with the right organisation and key.

import { $, el, fill } from './console-dom.js';

/** The tag as the site pastes it: this node's widget, the tenant, its key. */
export const widgetTag = (node, tenant, key) =>
  `<script src="${node}/widget.js" data-tenant="${tenant}" data-key="${key}" async></script>`;

/** The check's report as lines, each passed or not, in the order a person fixes them. */
export const reportLines = (report) => {
  const lines = [{
    passed: report.originAllowed,
    text: report.originAllowed ? `${report.origin} is among the sites allowed to run the widget.`
      : `${report.origin} is not among the sites allowed to run the widget: ask the operator of this server to add it.`,
  }];
  if (!report.fetched) {
    lines.push({ passed: false, text: `The page could not be fetched: ${report.problem}.` });
    return lines;
  }
  if (report.problem) {
    lines.push({ passed: false, text: `The page was reached, but ${report.problem}.` });
    return lines;
  }
  lines.push({ passed: true, text: `The page was fetched (HTTP ${report.status}).` });
  lines.push(report.tagFound
    ? { passed: true, text: `The page holds the widget's tag (${report.tags.map((tag) => tag.src).join(', ')}).` }
    : { passed: false, text: 'The page holds no widget tag: paste the tag above into it.' });
  if (report.tagFound) {
    lines.push(report.tenantRight ? { passed: true, text: 'The tag names your organisation (data-tenant).' }
      : { passed: false, text: 'The tag names another organisation, or none, in data-tenant: copy the tag above again.' });
    lines.push(report.keyRight ? { passed: true, text: 'The tag holds one of your public keys (data-key).' }
      : { passed: false, text: 'The tag\'s data-key is none of your public keys: copy the tag above again.' });
  }
  return lines;
};

export class Install {
  /** {@code console} asks the server ({@code request}) and shows its refusals ({@code act}). */
  constructor(console) {
    this.console = console;
    $('install-copy').addEventListener('click', () => this.copy());
    $('install-check').addEventListener('submit', (event) => {
      event.preventDefault();
      console.act(() => this.check(), $('install-check-button'));
    });
  }

  async load() {
    const install = await this.console.request('GET', '/v1/widget/install');
    const key = install.publishableKeys[0];
    $('install-tag').value = key ? widgetTag(location.origin, install.tenant, key)
      : 'No public key yet: ask the operator of this server for one (a publishable key of your organisation).';
    $('install-copy').disabled = !key;
    $('install-key').textContent = key
      ? `Your public key ${key} may be seen by anyone who reads your pages: all it allows is chatting with your bot from the allowed sites.`
      : '';
    const origins = [...install.allowedOrigins, ...install.nodeOrigins.filter((origin) => !install.allowedOrigins.includes(origin))];
    fill('install-origins', origins, 'None yet: ask the operator of this server to add your site (e.g. https://www.example.com).',
      (item, origin) => {
        item.dataset.origin = origin;
        item.append(el('code', null, origin === '*' ? 'every site (*)' : origin));
      });
  }

  async copy() {
    const tag = $('install-tag');
    try {
      await navigator.clipboard.writeText(tag.value);
      $('install-copy-status').textContent = 'Copied.';
    } catch {
      // A browser that will not write the clipboard: the tag selected, for Ctrl+C.
      tag.focus();
      tag.select();
      $('install-copy-status').textContent = 'The browser did not allow copying: the tag is selected, copy it with Ctrl+C (⌘C on a Mac).';
    }
  }

  async check() {
    const report = $('install-report');
    report.replaceChildren();
    const answer = await this.console.request('POST', '/v1/widget/install/check', { url: $('install-url').value.trim() });
    reportLines(answer).forEach(({ passed, text }) => {
      const item = el('li', `admin__check admin__check--${passed ? 'passed' : 'failed'}`);
      item.dataset.passed = passed;
      item.append(el('span', 'admin__check-mark', passed ? 'Yes' : 'No'), el('span', null, text));
      report.append(item);
    });
  }
}
