package io.parley.voice.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the in-process engines find their files and which one speaks.
 *
 * @param voskModelDir a Vosk model directory to use instead of the bundled small English one
 * @param modelCacheDir where the bundled model is unpacked, once per machine
 * @param fliteVoice the voice flite speaks with, when flite speaks
 * @param leadingSilenceRms the loudness (RMS of 5 ms) below which flite's lead-in before a sentence
 *     is cut; 0 keeps it
 */
public record LocalVoiceSettings(Optional<Path> voskModelDir, Path modelCacheDir, LocalSpeechEngine speech,
    String fliteVoice, int leadingSilenceRms) {}
