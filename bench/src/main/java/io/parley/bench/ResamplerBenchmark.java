package io.parley.bench;

import io.parley.voice.media.Resampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The CPU one 20 ms frame of a call's audio costs to resample, streamed as a call feeds it: a
 * phone caller's 8 kHz to a recogniser's 16 kHz, a browser's 48 kHz to 16 kHz, a synthesiser's
 * 24 kHz to the phone's 8 kHz. Every caller's frame goes through it fifty times a second, so it
 * bounds how many calls a node holds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ResamplerBenchmark extends InMemoryBenchmark {
  @Param({"8000:16000", "48000:16000", "24000:8000"})
  public String rates;

  private Resampler resampler;
  private short[] frame;

  @Setup
  public void build() {
    String[] pair = rates.split(":");
    int from = Integer.parseInt(pair[0]);
    resampler = new Resampler(from, Integer.parseInt(pair[1]));
    frame = new short[from / 50];
    for (int i = 0; i < frame.length; i++) frame[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / from));
  }

  @Benchmark
  public short[] frame() {
    return resampler.process(frame);
  }
}
