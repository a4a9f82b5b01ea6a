// The chime of an answer that arrived while the widget's panel was closed, for a tenant that wants
// one (widget.sound): widget-panel.js loads this module with the first such answer.

/** A short, soft tone. */
export function chime() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.3);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
    tone.onended = () => audio.close();
  } catch {
    // No audio (a policy, an old browser): the badge still counts it.
  }
}
