// A campaign's progress as the admin console reads it (docs/voice.md#campaigns): the counts of
// GET /v1/campaigns said as rows in words, the share of leads reached and converted, and what an
// admin may do with the campaign as it stands. Outcomes it does not know are still counted, in words.

const OUTCOMES = {
  answered: 'answered', busy: 'busy', no_answer: 'no answer', declined: 'declined', failed: 'failed',
  voicemail: 'voicemail', cancelled: 'cancelled', do_not_call: 'on the do-not-call list', interrupted: 'interrupted by a node stopping',
};

/** What an admin may do with a campaign of {@code status}: the API's actions, in order. */
const ACTIONS = { running: ['pause', 'stop'], paused: ['resume', 'stop'], stopped: [], finished: [] };

/** An outcome as people read it. */
export const outcomeText = (outcome) => OUTCOMES[outcome] ?? String(outcome).replaceAll('_', ' ');

/** A percentage of {@code part} in {@code whole}, rounded; 0 of nothing. */
const share = (part, whole) => (whole > 0 ? Math.round((100 * part) / whole) : 0);

/**
 * A campaign's progress: {rows: [{label, count}], done, reached, conversions, conversionShare, actions}.
 * Rows: the leads still to call, being called, talking, then each outcome, most first.
 */
export const campaignProgress = (campaign) => {
  const progress = campaign?.progress ?? {};
  const outcomes = Object.entries(progress.outcomes ?? {}).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const done = outcomes.reduce((sum, [, count]) => sum + count, 0);
  const answered = (progress.outcomes?.answered ?? 0) + (progress.talking ?? 0);
  const rows = [
    { label: 'to call', count: progress.pending ?? 0 },
    { label: 'being called', count: progress.dialling ?? 0 },
    { label: 'talking', count: progress.talking ?? 0 },
    ...outcomes.map(([outcome, count]) => ({ label: outcomeText(outcome), count })),
  ];
  return {
    rows, done, leads: progress.leads ?? 0, reached: answered, conversions: progress.conversions ?? 0,
    conversionShare: share(progress.conversions ?? 0, answered), actions: ACTIONS[campaign?.status] ?? [],
  };
};

const LANGUAGE_LINE = /^([A-Za-z]{2,3}):\s*(\S.*)$/;

/**
 * A campaign's voicemail message as an admin writes it in one box: one message for every call, or
 * one line per language ("de: Guten Tag, …"), which the API takes as {de: '…', en: '…'}. Blank: none
 * (the calls leave the bot's own message). A box some of whose lines name no language is one message.
 */
export const voicemailOf = (text) => {
  const lines = String(text ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length === 0) return null;
  const languages = lines.map((line) => LANGUAGE_LINE.exec(line));
  if (languages.some((match) => match === null)) return lines.join('\n');
  return Object.fromEntries(languages.map(([, language, message]) => [language.toLowerCase(), message]));
};
