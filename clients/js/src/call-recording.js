// A phone call's recording as staff play it beside its transcript (docs/voice.md#recording), in the
// admin console's conversation view and the agent console: read with the console's own credential
// (a cookie after a password sign-in, or a key), so it plays from a blob URL; the node says when it
// began (Recording-Started), and a message is found in it by its time.

/**
 * The recording `read()` answers (a promise of the node's response to
 * GET /v1/conversations/{id}/recording): `{ url, startedAt }` (startedAt in ms since the epoch, or
 * null when the node did not say), or null when the call was not recorded (404).
 */
export async function loadRecording(read, toUrl = (blob) => URL.createObjectURL(blob)) {
  const response = await read();
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`the node answered ${response.status}`);
  const started = Date.parse(response.headers.get('Recording-Started') ?? '');
  return { url: toUrl(await response.blob()), startedAt: Number.isNaN(started) ? null : started };
}

/** Seconds into `recording` where what happened `at` (an ISO time) is heard; null when it came before or is unknown. */
export function secondsInto(recording, at) {
  const when = Date.parse(at ?? '');
  if (recording?.startedAt == null || Number.isNaN(when) || when < recording.startedAt) return null;
  return (when - recording.startedAt) / 1000;
}

/** `seconds` as a player shows it: 0:07, 12:30, 1:02:03. */
export function clockOf(seconds) {
  const whole = Math.floor(seconds);
  const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60];
  const two = (value) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(rest)}` : `${minutes}:${two(rest)}`;
}
