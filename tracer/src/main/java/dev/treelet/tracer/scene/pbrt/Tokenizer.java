package dev.treelet.tracer.scene.pbrt;

import java.nio.file.Path;

/**
 * Splits pbrt scene text into tokens, keeping the line of each: quoted strings, bare words (directive
 * names, numbers, true/false), brackets. '#' starts a comment that runs to the end of the line.
 */
final class Tokenizer {
  enum Kind {
    STRING,
    WORD,
    OPEN,
    CLOSE,
    END
  }

  private final Path file;
  private final String text;
  private int pos;
  private int line = 1;
  private Kind peekedKind;
  private String peekedText;
  private int peekedLine;

  Tokenizer(Path file, String text) {
    this.file = file;
    this.text = text;
  }

  Path file() {
    return file;
  }

  /** The kind of the next token, without consuming it. */
  Kind peek() {
    if (peekedKind == null) {
      scan();
    }
    return peekedKind;
  }

  String peekText() {
    peek();
    return peekedText;
  }

  int peekLine() {
    peek();
    return peekedLine;
  }

  /** Consumes the next token and returns its text (null for END). */
  String next() {
    peek();
    String t = peekedText;
    peekedKind = null;
    return t;
  }

  SceneError error(String message) {
    return new SceneError(file, peekLine(), message);
  }

  private void scan() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        break;
      }
    }
    peekedLine = line;
    if (pos >= text.length()) {
      peekedKind = Kind.END;
      peekedText = null;
      return;
    }
    char c = text.charAt(pos);
    if (c == '[' || c == ']') {
      peekedKind = c == '[' ? Kind.OPEN : Kind.CLOSE;
      peekedText = String.valueOf(c);
      pos++;
    } else if (c == '"') {
      int start = ++pos;
      while (pos < text.length() && text.charAt(pos) != '"') {
        if (text.charAt(pos) == '\n') {
          throw new SceneError(file, line, "unterminated string: a '\"' is missing before the end of the line");
        }
        pos++;
      }
      if (pos >= text.length()) {
        throw new SceneError(file, line, "unterminated string: a '\"' is missing before the end of the file");
      }
      peekedKind = Kind.STRING;
      peekedText = text.substring(start, pos);
      pos++;
    } else {
      int start = pos;
      while (pos < text.length()) {
        char d = text.charAt(pos);
        if (Character.isWhitespace(d) || d == '[' || d == ']' || d == '"' || d == '#') {
          break;
        }
        pos++;
      }
      peekedKind = Kind.WORD;
      peekedText = text.substring(start, pos);
    }
  }
}
