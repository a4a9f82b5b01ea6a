// Voice for the chat page: the microphone's audio goes to the node as binary frames on the chat
// socket, the bot's voice comes back the same way and is played here. Protocol: docs/protocol.md,
// "Voice". The page stays a text chat whenever voice cannot work (no microphone permission, no
// AudioWorklet, a node without speech engines), and says why.

export const VOICE_RATE = 16000;
const PLAYED_REPORT_MS = 250;

/**
 * What a turn's audio has played so far, from the audio clock: each chunk counts from its start
 * until its end, so audio queued but not reached yet (and gaps between chunks) never count.
 */
export function playedMillis(chunks, now) {
  let played = 0;
  for (const { start, duration } of chunks) played += Math.max(0, Math.min(duration, now - start));
  return Math.round(played * 1000);
}

/** PCM16 little-endian bytes as the float samples Web Audio plays. */
export function pcm16ToFloat(bytes) {
  const view = new DataView(bytes);
  const samples = new Float32Array(bytes.byteLength >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true) / 0x8000;
  return samples;
}

/** Why voice cannot start in this browser, or null when it can. */
export function voiceUnsupported(win) {
  if (!win.isSecureContext) return 'Voice needs a secure page (https or localhost).';
  if (!win.navigator.mediaDevices?.getUserMedia) return 'This browser cannot use a microphone here.';
  if (typeof win.AudioWorkletNode !== 'function') return 'This browser cannot process audio (no AudioWorklet).';
  return null;
}

export class Voice {
  /**
   * @param send sends a JSON frame, false when the socket is not open
   * @param sendAudio sends one binary frame
   * @param ui { setState(state), showHeard(text, final), notify(text) }
   */
  constructor({ win, send, sendAudio, ui }) {
    this.win = win;
    this.send = send;
    this.sendAudio = sendAudio;
    this.ui = ui;
    this.available = false;
    this.state = 'off'; // off | starting | on
    this.context = null;
    this.stream = null;
    this.node = null;
    this.turn = null; // { turnId, chunks: [{source, start, duration}], next, reporter }
    // What tests (and the curious) can read: audio frames received and milliseconds played.
    this.stats = { frames: 0, playedMs: 0 };
    win.parleyVoiceStats = this.stats;
  }

  /** The node says whether it can hear and speak (the `session` frame). */
  setAvailable(available) {
    this.available = Boolean(available);
    if (!this.available && this.state !== 'off') this.release();
    this.ui.setState(this.available ? this.state : 'unavailable');
  }

  toggle() {
    if (this.state === 'off') this.start();
    else this.stop();
  }

  async start() {
    const unsupported = this.available ? voiceUnsupported(this.win) : 'Voice is not available on this server.';
    if (unsupported) {
      this.ui.notify(unsupported);
      return;
    }
    this.setState('starting');
    try {
      // Created on the click: browsers only let a page play audio after a gesture.
      this.context = new this.win.AudioContext();
      await this.context.resume();
      const constraints = this.win.parleyVoiceConstraints
        ?? { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 };
      this.stream = await this.win.navigator.mediaDevices.getUserMedia({ audio: constraints });
      // Beside this module, also when a widget on another site imported it.
      await this.context.audioWorklet.addModule(new URL('voice-worklet.js', import.meta.url));
      const source = this.context.createMediaStreamSource(this.stream);
      this.node = new this.win.AudioWorkletNode(this.context, 'microphone-frames');
      this.node.port.onmessage = (event) => {
        if (this.state === 'on') this.sendAudio(event.data);
      };
      source.connect(this.node);
      if (!this.send({ type: 'voice', action: 'start', sampleRate: VOICE_RATE })) throw new Error('not connected');
    } catch (error) {
      const denied = error?.name === 'NotAllowedError' || error?.name === 'SecurityError';
      this.ui.notify(denied ? 'Microphone access was not allowed, so voice is off. You can go on typing.'
        : 'Voice could not start here. You can go on typing.');
      this.release();
    }
  }

  stop() {
    this.send({ type: 'voice', action: 'stop' });
    this.release();
  }

  /** The socket dropped: voice ends with it; the customer starts it again when back. */
  connectionLost() {
    if (this.state !== 'off') this.release();
  }

  release() {
    this.stopPlayback();
    this.stream?.getTracks().forEach((track) => track.stop());
    this.node?.disconnect();
    this.context?.close().catch(() => {});
    this.stream = this.node = this.context = null;
    this.setState('off');
  }

  setState(state) {
    this.state = state;
    this.ui.setState(this.available ? state : 'unavailable');
  }

  /** A voice-related frame from the server; returns false for frames that are not voice's. */
  onFrame(frame) {
    switch (frame.type) {
      case 'voice':
        if (frame.state === 'started' && this.state === 'starting') this.setState('on');
        else if (frame.state === 'stopped' && this.state !== 'off') this.release();
        return true;
      case 'transcript':
        this.ui.showHeard(String(frame.text ?? ''), Boolean(frame.final));
        return true;
      case 'speaking':
        if (frame.state === 'start') this.beginTurn(frame.turnId);
        else this.endTurn(frame.turnId, frame.reason);
        return true;
      default:
        return false;
    }
  }

  beginTurn(turnId) {
    this.stopPlayback();
    this.turn = { turnId, chunks: [], next: 0, reporter: null };
    this.turn.reporter = this.win.setInterval(() => this.reportPlayed(false), PLAYED_REPORT_MS);
    this.ui.setState('speaking');
  }

  /** 20 ms of the bot's voice, played right after what is already queued. */
  onAudio(bytes) {
    if (!this.context || !this.turn) return;
    this.stats.frames++;
    const samples = pcm16ToFloat(bytes);
    const buffer = this.context.createBuffer(1, samples.length, VOICE_RATE);
    buffer.copyToChannel(samples, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    const start = Math.max(this.context.currentTime, this.turn.next);
    source.start(start);
    this.turn.next = start + buffer.duration;
    this.turn.chunks.push({ source, start, duration: buffer.duration });
  }

  endTurn(turnId, reason) {
    if (!this.turn || this.turn.turnId !== turnId) return;
    const played = this.played();
    if (reason === 'barge_in') {
      // Stop now, then say how much was heard: the server keeps only that part of the answer.
      this.stopPlayback();
      this.send({ type: 'played', turnId, ms: played, stopped: true });
    } else {
      this.win.clearInterval(this.turn.reporter);
      this.reportPlayed(false);
    }
    this.stats.playedMs += played;
    if (this.state === 'on') this.ui.setState('on');
  }

  played() {
    return this.turn && this.context ? playedMillis(this.turn.chunks, this.context.currentTime) : 0;
  }

  reportPlayed(stopped) {
    if (this.turn) this.send({ type: 'played', turnId: this.turn.turnId, ms: this.played(), stopped });
  }

  stopPlayback() {
    if (!this.turn) return;
    this.win.clearInterval(this.turn.reporter);
    for (const { source } of this.turn.chunks) {
      try { source.stop(); } catch { /* not started or already ended */ }
      source.disconnect();
    }
    this.turn = null;
  }
}
