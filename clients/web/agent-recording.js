// A phone call's recording beside the agent console's conversation (docs/voice.md#recording): the
// player, and the messages said while it recorded, each with a button that plays from its time, as
// the admin console shows them (staff-recording.js, on the client library's call-recording.js). The
// messages and their times are the staff's view of the conversation (GET /v1/conversations/{id});
// the recording is read with the agent's own credential, a password sign-in's cookie or a key.
import { $, el } from './console-dom.js';
import { StaffRecording } from './staff-recording.js';

const WHO = { user: 'Customer', assistant: 'Bot', agent: 'Agent', system: 'Notice' };

export class RecordingPanel {
  /**
   * @param request (method, path) => the node's JSON answer
   * @param read (path) => the node's response as it came
   */
  constructor({ request, read }) {
    this.request = request;
    this.recording = new StaffRecording((sessionId) => read(`/v1/conversations/${encodeURIComponent(sessionId)}/recording`));
    this.sessionId = null;
  }

  /** Shows the recording of {@code sessionId} when its {@code session} is a phone call's; hides the panel otherwise. */
  async show(sessionId, session) {
    this.sessionId = sessionId;
    $('recording-box').hidden = true;
    if (session?.channel !== 'phone') return;
    try {
      const view = await this.request('GET', `/v1/conversations/${encodeURIComponent(sessionId)}`);
      if (sessionId !== this.sessionId) return;
      const items = (view.messages ?? []).filter((message) => message.text).map((message) => {
        const item = el('li', 'recording__message');
        item.dataset.at = message.at;
        item.append(el('span', null, `${WHO[message.role] ?? message.role}: ${message.text}`));
        return item;
      });
      $('recording-messages').replaceChildren(...items);
      const shown = await this.recording.show($('recording'), sessionId, items);
      $('recording-box').hidden = !shown || sessionId !== this.sessionId;
    } catch (failure) {
      $('recording-status').textContent = `Could not read the recording: ${failure.message}`;
    }
  }
}
