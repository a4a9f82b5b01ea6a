package io.parley.tools.kb.files;

/** A file as uploaded, or as a zip held it: its path (a zip's entry name, or the upload's name) and bytes. */
record UploadedFile(String path, byte[] content) {}
