package org.edgetune.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.edgetune.config.ConfigException;

/**
 * Reads a user data file as strict UTF-8: a byte sequence that is not UTF-8 fails with the line it
 * is on, instead of turning into replacement characters in the training text. A leading byte-order
 * mark is dropped.
 */
final class Utf8Text {

  private Utf8Text() {}

  static String read(Path file, String key) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config key '" + key + "' = " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(
          "config key '" + key + "' = " + file + " cannot be read: " + e.getMessage(), e);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw DataFileException.at(
          file,
          lineOf(bytes, in.position()),
          "not UTF-8 (byte 0x"
              + String.format("%02x", bytes[in.position()] & 0xff)
              + " at offset "
              + in.position()
              + "); save the file as UTF-8");
    }
    decoder.flush(out);
    String text = out.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** 1-based line number of a byte offset. */
  private static long lineOf(byte[] bytes, int offset) {
    long line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
