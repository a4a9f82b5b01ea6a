package io.parley.tools.kb.files;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.time.Duration;

/**
 * What one upload of files to the knowledge base may make the node do ({@code parley.kb.files},
 * {@code PARLEY_KB_FILES_*}): a file, or a zip of files, read within these bounds on a pool of its
 * own, so a hostile upload costs a bounded time and memory and never delays a conversation.
 *
 * @param maxUploadBytes the longest upload, a zip or one file
 * @param maxFiles the files a zip may hold (directories not counted)
 * @param maxExtractedBytes the bytes a zip's files may hold together, counted as they are read, not
 *     as the zip claims: a zip bomb stops at the first byte past it
 * @param timeLimit the time one upload's reading and extraction may take
 * @param threads the threads of the pool extraction runs on (0: one fewer than the cores, at least one)
 */
public record FileBounds(long maxUploadBytes, int maxFiles, long maxExtractedBytes, Duration timeLimit,
    int threads) {

  public static FileBounds from(Config config) {
    SettingsReader reader = new SettingsReader(config);
    return new FileBounds(reader.bytes("parley.kb.files.max-upload-bytes", "PARLEY_KB_FILES_MAX_UPLOAD_BYTES"),
        reader.positiveInt("parley.kb.files.max-files", "PARLEY_KB_FILES_MAX_FILES"),
        reader.bytes("parley.kb.files.max-extracted-bytes", "PARLEY_KB_FILES_MAX_EXTRACTED_BYTES"),
        reader.duration("parley.kb.files.time-limit", "PARLEY_KB_FILES_TIME_LIMIT"),
        reader.nonNegativeInt("parley.kb.files.threads", "PARLEY_KB_FILES_THREADS"));
  }
}
