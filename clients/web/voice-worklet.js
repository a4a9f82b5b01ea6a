// Runs on the audio thread: the microphone at the context's rate (44.1 or 48 kHz) in, 20 ms
// frames of 16 kHz PCM16 out to the page, which sends them on the chat socket.

const TARGET_RATE = 16000;
const FRAME = TARGET_RATE / 50;

class MicrophoneFrames extends AudioWorkletProcessor {
  constructor() {
    super();
    // Averaging each output sample's span of input is a box low-pass: enough to keep speech's
    // energy above 8 kHz from folding back into the band the recogniser listens to.
    this.step = sampleRate / TARGET_RATE;
    this.position = 0;
    this.sum = 0;
    this.count = 0;
    this.frame = new Int16Array(FRAME);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      this.sum += channel[i];
      this.count++;
      this.position += 1;
      if (this.position >= this.step) {
        this.position -= this.step;
        const sample = Math.max(-1, Math.min(1, this.sum / this.count));
        this.frame[this.filled++] = sample < 0 ? sample * 0x8000 : sample * 0x7fff;
        this.sum = 0;
        this.count = 0;
        if (this.filled === FRAME) {
          this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
          this.frame = new Int16Array(FRAME);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor('microphone-frames', MicrophoneFrames);
