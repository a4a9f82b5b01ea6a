package io.parley.voice;

import io.parley.core.voice.SpeechToText;
import io.parley.core.voice.TextToSpeech;
import io.parley.core.voice.VoiceActivityDetector;

/** The engines a call hears and speaks with: shared by every call of the node, each call opening its own streams. */
public record CallEngines(SpeechToText speechToText, TextToSpeech textToSpeech, VoiceActivityDetector voiceActivity) {}
