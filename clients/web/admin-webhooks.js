// Webhooks: the conversation events the tenant's webhook hears (the live configuration's
// webhookEvents, changed in the bot's draft like any setting), and its deliveries by status
// (GET /v1/webhooks/deliveries), a failed one sent again with Redeliver.

import { when } from './admin-time.js';
import { $, el, emptyRow, fill, textRow } from './console-dom.js';

const COLUMNS = 6;

export class Webhooks {
  /** {@code console} asks the server ({@code request}, {@code optional}) and shows its refusals ({@code act}, {@code button}). */
  constructor(console) {
    this.console = console;
    $('delivery-filter').addEventListener('submit', (event) => {
      event.preventDefault();
      console.act(() => this.loadDeliveries(), $('delivery-filter').querySelector('button'));
    });
    $('edit-subscriptions').addEventListener('click', () => console.act(async () => {
      await console.show('bot');
      const events = document.querySelector('#draft-form-fields [data-field="webhookEvents"]');
      events?.scrollIntoView();
      events?.querySelector('input')?.focus();
    }));
  }

  async load() {
    await Promise.all([this.loadSubscriptions(), this.loadDeliveries()]);
  }

  async loadSubscriptions() {
    // The newest version is the live one; the list is empty, not a 404, while nothing is published.
    const live = (await this.console.request('GET', '/v1/config/versions')).versions.at(-1);
    const events = live?.config?.webhookEvents ?? [];
    fill('subscriptions', events, 'None: the webhook hears no conversation events.', (item, event) => {
      item.dataset.event = event;
      item.append(el('code', null, event));
    });
    $('subscriptions-summary').textContent = live ? `As live version ${live.version} has them.` : 'Nothing published yet.';
  }

  async loadDeliveries() {
    const status = $('delivery-status').value;
    const page = await this.console.request('GET', `/v1/webhooks/deliveries?status=${encodeURIComponent(status)}&limit=50`);
    const body = $('deliveries').tBodies[0];
    body.replaceChildren();
    page.deliveries.forEach((delivery) => {
      const row = textRow([when(delivery.createdAt), delivery.event, delivery.conversationId, String(delivery.attempts),
        delivery.lastError ?? ''], { delivery: delivery.id, status: delivery.status });
      const action = el('td');
      if (delivery.status === 'failed') {
        action.append(this.console.button('redeliver', 'Redeliver', `Redeliver ${delivery.event} of ${when(delivery.createdAt)}`,
          () => this.redeliver(delivery)));
      }
      row.append(action);
      body.append(row);
    });
    if (page.deliveries.length === 0) body.append(emptyRow(`No ${status} deliveries.`, COLUMNS));
  }

  async redeliver(delivery) {
    await this.console.request('POST', `/v1/webhooks/deliveries/${encodeURIComponent(delivery.id)}/redeliver`);
    $('webhooks-status').textContent = `${delivery.event} is sent again.`;
    await this.loadDeliveries();
  }
}
