// A phone call's recording in the consoles (docs/voice.md#recording): in the admin console's
// conversation view (admin-conversations.js) and beside the agent console's conversation
// (agent-recording.js), a player, and on each message said while it recorded a button that plays
// from there. The recording is read with the console's own credential; the client library's
// call-recording.js is its model.
import { el } from './console-dom.js';
import { clockOf, loadRecording, secondsInto } from '/client/call-recording.js';

export class StaffRecording {
  /** `read(sessionId)`: a promise of the node's response to the conversation's recording, with the console's credential. */
  constructor(read) {
    this.read = read;
    this.url = null;
  }

  /**
   * Shows the recording of `sessionId` in `container` (nothing when the call was not recorded), and
   * gives each of `items` (elements whose `data-at` is when their message was said) a button that
   * plays from its time. Whether there was a recording.
   */
  async show(container, sessionId, items) {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
    container.replaceChildren();
    const recording = await loadRecording(() => this.read(sessionId));
    if (!recording) return false;
    this.url = recording.url;
    const player = el('audio', 'recording__player');
    Object.assign(player, { controls: true, preload: 'metadata', src: recording.url });
    player.setAttribute('aria-label', 'Call recording');
    container.append(player);
    for (const item of items) {
      const seconds = secondsInto(recording, item.dataset.at);
      if (seconds === null) continue;
      const button = el('button', 'button button--ghost recording__seek', `Play from ${clockOf(seconds)}`);
      button.type = 'button';
      button.addEventListener('click', () => {
        player.currentTime = seconds;
        player.play().catch(() => {}); // a browser that will not play unasked still shows the place
      });
      item.append(button);
    }
    return true;
  }
}
