package dev.treelet.tracer.scene.pbrt;

/**
 * One "type name" [values] parameter of a directive, as written. Exactly one of numbers, strings or
 * bools is non-null. Remembers whether anything read it, so unused parameters can be reported.
 */
final class Param {
  final String type;
  final String name;
  final double[] numbers;
  final String[] strings;
  final boolean[] bools;
  final int line;
  boolean used;

  Param(String type, String name, double[] numbers, String[] strings, boolean[] bools, int line) {
    this.type = type;
    this.name = name;
    this.numbers = numbers;
    this.strings = strings;
    this.bools = bools;
    this.line = line;
  }

  int size() {
    return numbers != null ? numbers.length : strings != null ? strings.length : bools.length;
  }

  /** pbrt accepts a few spellings for the same type. */
  static String canonicalType(String type) {
    return switch (type) {
      case "point" -> "point3";
      case "vector" -> "vector3";
      case "normal" -> "normal3";
      case "color" -> "rgb";
      default -> type;
    };
  }
}
