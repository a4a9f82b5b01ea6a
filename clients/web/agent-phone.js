// The agent console's phone: phone calls handed warmly to the agent console ring here, over
// /v1/agent/phone (docs/agent-console.md, "Phone calls"), with the brief of what the caller wants;
// the agent accepts or declines with a button. Connected, the caller's audio (8 kHz PCM16) plays as
// it comes, and the microphone goes to the caller through the same AudioWorklet as browser voice
// (voice-worklet.js: 20 ms frames of 16 kHz PCM16).

import { $ } from './console-dom.js';
import { pcm16ToFloat, voiceUnsupported } from './voice.js';

const PROTOCOL = 'parley.v1';
const RECONNECT_MS = 3000;
// Audio that arrives after a gap starts this far ahead, so the next frames join it without a click.
const LEAD_SECONDS = 0.06;
// A frame of the caller whose RMS is above this holds sound rather than line noise.
const LOUD = 0.02;

const ENDED = {
  declined: 'You declined the call; the caller stays with the bot.',
  taken: 'Another agent took the call.',
  rang_out: 'The call rang out; the caller stays with the bot.',
  caller_left: 'The caller hung up.',
  hung_up: 'You hung up.',
  gone: 'The caller is back with the bot.',
};

/** The RMS of PCM16 samples as floats, 0 to 1. */
export function loudness(samples) {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

export class ConsolePhone {
  constructor({ win = window } = {}) {
    this.win = win;
    this.socket = null;
    this.credential = null;
    this.call = null; // { transferId, sessionId, connected }
    this.audio = null; // { context, stream, node, next }
    // What tests (and the curious) can read: the caller's frames heard (loud ones apart) and the microphone's sent.
    this.stats = { framesHeard: 0, loudFramesHeard: 0, framesSent: 0 };
    win.parleyPhoneStats = this.stats;
    $('phone-accept').addEventListener('click', () => this.accept());
    $('phone-decline').addEventListener('click', () => this.press('decline'));
    $('phone-hangup').addEventListener('click', () => this.press('hangUp'));
  }

  /** Connects as the signed-in agent: `credential` is the console's (a `token`, a `tokenProvider`, or the cookie's). */
  async connect(credential) {
    this.disconnect();
    this.credential = credential;
    const token = credential.token ?? (credential.tokenProvider ? await credential.tokenProvider() : null);
    if (this.credential !== credential) return;
    const url = new URL('/v1/agent/phone', this.win.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new this.win.WebSocket(url, token ? [PROTOCOL, `bearer.${token}`] : [PROTOCOL]);
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.onFrame(JSON.parse(event.data));
      else this.onAudio(event.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.ended('Your phone lost its connection; reconnecting…', 'offline');
      this.win.setTimeout(() => { if (this.credential === credential && !this.socket) this.connect(credential); }, RECONNECT_MS);
    };
    this.socket = socket;
  }

  /** Signed out: no call rings here any more. */
  disconnect() {
    this.credential = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.release();
    $('phone').hidden = true;
  }

  onFrame(frame) {
    switch (frame.type) {
      case 'ready':
        $('phone').hidden = false;
        this.show('ready', 'Phone calls handed to the console ring here.');
        break;
      case 'ringing':
        this.call = { transferId: frame.transferId, sessionId: frame.sessionId, connected: false };
        $('phone-brief').textContent = frame.brief || 'No summary yet.';
        $('phone-brief').hidden = false;
        this.show('ringing', 'A caller is waiting for you.');
        $('phone-accept').focus();
        break;
      case 'connected':
        if (this.call?.transferId !== frame.transferId) return;
        this.call.connected = true;
        this.show('connected', 'On the call.');
        $('phone-hangup').focus();
        break;
      case 'ended':
        if (this.call?.transferId === frame.transferId) this.ended(ENDED[frame.reason] ?? 'The call ended.', 'ready');
        break;
      default:
    }
  }

  /** The microphone on (a click lets the page play and record), then the call taken. */
  async accept() {
    const call = this.call;
    if (!call || call.connected) return;
    const unsupported = voiceUnsupported(this.win);
    if (unsupported) {
      this.show('ringing', `${unsupported} Decline the call, or take it in another browser.`);
      return;
    }
    this.show('connecting', 'Connecting…');
    try {
      await this.startAudio();
    } catch (error) {
      this.release();
      this.show('ringing', 'The microphone could not start, so the call cannot be taken here.');
      return;
    }
    if (this.call === call) this.press('accept');
  }

  press(type) {
    if (!this.call || !this.socket) return;
    this.socket.send(JSON.stringify({ type, transferId: this.call.transferId }));
    if (type === 'decline') this.ended(ENDED.declined, 'ready');
    if (type === 'hangUp') this.ended(ENDED.hung_up, 'ready');
  }

  async startAudio() {
    const context = new this.win.AudioContext();
    this.audio = { context, stream: null, node: null, next: 0 };
    await context.resume();
    const constraints = this.win.parleyVoiceConstraints
      ?? { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 };
    this.audio.stream = await this.win.navigator.mediaDevices.getUserMedia({ audio: constraints });
    await context.audioWorklet.addModule(new URL('voice-worklet.js', import.meta.url));
    const node = new this.win.AudioWorkletNode(context, 'microphone-frames');
    node.port.onmessage = (event) => {
      if (!this.call?.connected || this.socket?.readyState !== 1) return;
      this.socket.send(event.data);
      this.stats.framesSent++;
    };
    context.createMediaStreamSource(this.audio.stream).connect(node);
    this.audio.node = node;
  }

  /** 20 ms of the caller, played right after what is queued. */
  onAudio(bytes) {
    if (!this.audio || !this.call?.connected) return;
    const samples = pcm16ToFloat(bytes);
    this.stats.framesHeard++;
    if (loudness(samples) > LOUD) this.stats.loudFramesHeard++;
    const { context } = this.audio;
    const buffer = context.createBuffer(1, samples.length, 8000);
    buffer.copyToChannel(samples, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    const start = this.audio.next > context.currentTime ? this.audio.next : context.currentTime + LEAD_SECONDS;
    source.start(start);
    this.audio.next = start + buffer.duration;
  }

  ended(text, state) {
    this.call = null;
    this.release();
    $('phone-brief').hidden = true;
    this.show(state, text);
  }

  release() {
    if (!this.audio) return;
    this.audio.stream?.getTracks().forEach((track) => track.stop());
    this.audio.node?.disconnect();
    this.audio.context.close().catch(() => {});
    this.audio = null;
  }

  show(state, text) {
    $('phone').dataset.state = state;
    $('phone-state').textContent = text;
    $('phone-accept').hidden = state !== 'ringing';
    $('phone-decline').hidden = state !== 'ringing';
    $('phone-hangup').hidden = state !== 'connected';
  }
}
