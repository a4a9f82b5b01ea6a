// Times as the admin console shows and asks for them: the admin's local days, sent as instants; and
// who did something, as the history and the audit log name them.

export const when = (at) => (at ? new Date(at).toLocaleString() : '');

/** An actor or author as a person reads it: an API key by its name (key:crm is API key "crm"), a person as named. */
export const who = (actor) => {
  if (!actor) return '';
  if (actor.startsWith('key:')) return `API key "${actor.slice('key:'.length)}"`;
  // Versions published before authors were named by their key.
  return actor === 'api key' ? 'an API key' : actor;
};

const pad = (number) => String(number).padStart(2, '0');

/** Today in the admin's time zone, as a date field holds it (yyyy-mm-dd). */
export const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

/**
 * The instants of the local days {@code first} to {@code last}, both included: from the start of
 * the first to the start of the day after the last. An empty field leaves its end open (undefined).
 */
export const dayRange = (first, last) => {
  const from = first ? new Date(`${first}T00:00`) : undefined;
  let to;
  if (last) {
    to = new Date(`${last}T00:00`);
    // setDate, not + 24 h: a day with a clock change is 23 or 25 hours long.
    to.setDate(to.getDate() + 1);
  }
  return { from, to };
};
