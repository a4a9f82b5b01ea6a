// Campaigns: the tenant's outbound call campaigns (GET /v1/campaigns), each with its progress in
// words (the client library's campaigns.js: to call, being called, talking, each outcome,
// conversions) and the actions its status allows (pause, resume, stop); and a new campaign from a
// form, with its voicemail message (one, or one per language).

import { campaignProgress, voicemailOf } from '/client/campaigns.js';
import { when } from './admin-time.js';
import { $, el, emptyRow, textRow } from './console-dom.js';

const COLUMNS = 6;
const ACTION_WORDS = { pause: 'Pause', resume: 'Resume', stop: 'Stop' };

export class Campaigns {
  /** {@code console} asks the server ({@code request}) and shows its refusals ({@code act}, {@code button}). */
  constructor(console) {
    this.console = console;
    $('campaign-create').addEventListener('submit', (event) => {
      event.preventDefault();
      this.console.act(() => this.create(), $('campaign-submit'));
    });
  }

  /** The form's campaign, created paused; its fields left blank are left out (the API's defaults). */
  async create() {
    const body = { name: $('campaign-name').value.trim(), paused: true };
    const optional = { callerId: $('campaign-caller-id').value.trim(), purpose: $('campaign-purpose').value.trim() };
    Object.entries(optional).filter(([, value]) => value !== '').forEach(([field, value]) => { body[field] = value; });
    const voicemail = voicemailOf($('campaign-voicemail').value);
    if (voicemail !== null) body.voicemail = voicemail;
    await this.console.request('POST', '/v1/campaigns', body);
    $('campaign-create').reset();
    await this.load();
  }

  async load() {
    const { campaigns } = await this.console.request('GET', '/v1/campaigns');
    const body = $('campaigns').tBodies[0];
    body.replaceChildren();
    campaigns.forEach((campaign) => body.append(this.row(campaign)));
    if (campaigns.length === 0) body.append(emptyRow('No campaigns yet: start one with POST /v1/campaigns.', COLUMNS));
  }

  row(campaign) {
    const progress = campaignProgress(campaign);
    const row = textRow([campaign.name, campaign.status, when(campaign.createdAt)], { campaign: campaign.id });
    const counts = el('td');
    const list = el('ul', 'admin__list');
    progress.rows.filter((entry) => entry.count > 0).forEach((entry) => list.append(el('li', null, `${entry.count} ${entry.label}`)));
    counts.append(list);
    row.append(counts);
    row.append(el('td', null, `${progress.conversions} of ${progress.reached} reached (${progress.conversionShare}%)`));
    const actions = el('td');
    progress.actions.forEach((action) => actions.append(this.console.button(action, ACTION_WORDS[action],
      `${ACTION_WORDS[action]} ${campaign.name}`, async () => {
        await this.console.request('POST', `/v1/campaigns/${encodeURIComponent(campaign.id)}/${action}`);
        await this.load();
      })));
    row.append(actions);
    return row;
  }
}
