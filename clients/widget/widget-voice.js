// The widget's voice (widget-panel.js loads this module when the customer first presses the
// microphone): voice as on the node's own page (voice.js, loaded from the node), speaking into the
// widget's conversation and showing what was heard.

/** Gives `widget` its voice, or hides its microphone when voice cannot load. */
export async function startVoice(widget) {
  try {
    const { Voice } = await import(widget.page.setup.origin + '/voice.js');
    widget.voice = new Voice({
      win: window,
      send: (frame) => widget.chat.client.state === 'open' && (widget.chat.client.sendFrame(frame), true),
      sendAudio: (buffer) => widget.chat.client.sendBinary(buffer),
      ui: {
        setState: (state) => {
          widget.mic.hidden = state === 'unavailable';
          widget.mic.setAttribute('aria-pressed', String(state === 'on' || state === 'speaking'));
        },
        showHeard: (text, final) => {
          widget.heard = final ? '' : text;
          widget.renderTyping();
        },
        notify: (text) => {
          widget.chat.conversation.addLocal('system', text);
          widget.render();
        },
      },
    });
    widget.voice.setAvailable(true);
  } catch {
    widget.mic.hidden = true;
  }
}
