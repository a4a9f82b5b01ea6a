// The model of a campaign's progress (src/campaigns.js) the admin console draws: the counts in
// words, the leads reached and converted, and the actions a campaign's status allows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { campaignProgress, outcomeText, voicemailOf } from '../../src/campaigns.js';

const CAMPAIGN = {
  id: 'cmp_1', status: 'running',
  progress: { leads: 10, pending: 3, dialling: 1, talking: 1, outcomes: { busy: 2, answered: 3, do_not_call: 1 }, conversions: 2 },
};

test('a campaign is counted in words, outcomes most first', () => {
  const progress = campaignProgress(CAMPAIGN);
  assert.deepEqual(progress.rows, [
    { label: 'to call', count: 3 }, { label: 'being called', count: 1 }, { label: 'talking', count: 1 },
    { label: 'answered', count: 3 }, { label: 'busy', count: 2 }, { label: 'on the do-not-call list', count: 1 },
  ]);
  assert.equal(progress.done, 6);
  assert.equal(progress.reached, 4, 'answered and done, or talking now');
  assert.equal(progress.conversions, 2);
  assert.equal(progress.conversionShare, 50);
});

test('the actions follow the status', () => {
  assert.deepEqual(campaignProgress(CAMPAIGN).actions, ['pause', 'stop']);
  assert.deepEqual(campaignProgress({ ...CAMPAIGN, status: 'paused' }).actions, ['resume', 'stop']);
  assert.deepEqual(campaignProgress({ ...CAMPAIGN, status: 'finished' }).actions, []);
});

test('an outcome it does not know is still said, and nothing counted is nothing', () => {
  assert.equal(outcomeText('left_message'), 'left message');
  const empty = campaignProgress({ status: 'running', progress: { leads: 0 } });
  assert.equal(empty.conversionShare, 0);
  assert.deepEqual(empty.rows.map((row) => row.count), [0, 0, 0]);
});

test("a campaign's voicemail box is one message, or one line per language", () => {
  assert.equal(voicemailOf('  '), null, 'blank: the bot configuration\'s message');
  assert.equal(voicemailOf('Hello, this is Acme.\nPlease call us back.'), 'Hello, this is Acme.\nPlease call us back.');
  assert.deepEqual(voicemailOf('en: Hello, this is Acme.\n\nDE: Guten Tag, hier ist Acme.'),
    { en: 'Hello, this is Acme.', de: 'Guten Tag, hier ist Acme.' });
  assert.equal(voicemailOf('en: Hello.\nCall us back: 030 1234'), 'en: Hello.\nCall us back: 030 1234',
    'a line naming no language makes the box one message');
});
