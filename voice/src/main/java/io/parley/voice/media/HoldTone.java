package io.parley.voice.media;

/**
 * What a caller on hold hears: a soft two-note chime looped every two seconds (440 Hz, then
 * 554 Hz, 400 ms each, then quiet), made here, so a node plays it without an audio file. 8 kHz,
 * one 20 ms frame per call of {@link #next()}; each note fades in and out so it does not click.
 */
public final class HoldTone {
  static final int RATE = 8000;
  static final int LOOP_FRAMES = 100;
  private static final int FRAME = OutgoingAudio.FRAME_SAMPLES;
  private static final int NOTE_SAMPLES = RATE * 400 / 1000;
  private static final int SECOND_NOTE_AT = RATE * 600 / 1000;
  private static final int FADE_SAMPLES = 160;
  private static final double LOUDNESS = 3000;

  private long sample;

  /** The next 20 ms of the loop. */
  public short[] next() {
    short[] frame = new short[FRAME];
    for (int i = 0; i < FRAME; i++, sample++) {
      frame[i] = at((int) (sample % ((long) LOOP_FRAMES * FRAME)));
    }
    return frame;
  }

  private static short at(int position) {
    int inNote;
    double hertz;
    if (position < NOTE_SAMPLES) {
      inNote = position;
      hertz = 440;
    } else if (position >= SECOND_NOTE_AT && position < SECOND_NOTE_AT + NOTE_SAMPLES) {
      inNote = position - SECOND_NOTE_AT;
      hertz = 554.37;
    } else {
      return 0;
    }
    double fade = Math.min(1.0, Math.min(inNote, NOTE_SAMPLES - inNote) / (double) FADE_SAMPLES);
    return (short) Math.round(LOUDNESS * fade * Math.sin(2 * Math.PI * hertz * inNote / RATE));
  }
}
