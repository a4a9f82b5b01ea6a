// What the admin console says a conversation cost (clients/web/admin-spend.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costText, money } from '../../../web/admin-spend.js';

test('an amount is shown to the cent, a fraction of a cent to four places', () => {
  assert.equal(money(12.5, 'USD').replace(/\s/g, ''), new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD',
    minimumFractionDigits: 2 }).format(12.5).replace(/\s/g, ''));
  assert.match(money(0.0042, 'USD'), /0[.,]0042/);
  assert.match(money(0, 'EUR'), /0[.,]00/);
});

test('a conversation reads as its total and each kind', () => {
  const text = costText({ sessionId: 's', currency: 'USD', total: 0.35, costs: [
    { kind: 'model', currency: 'USD', quantity: 120, amount: 0.05 },
    { kind: 'trunk', currency: 'USD', quantity: 3, amount: 0.3 }] });
  assert.match(text, /^\S*0[.,]35\S* \(model \S*0[.,]05\S*, phone trunk \S*0[.,]30\S*\)$/u);
  assert.equal(costText({ sessionId: 's', total: 0, costs: [] }), 'nothing priced yet');
});
