package dev.treelet.tracer.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments: positionals and "--name value" options, checked against what a command
 * accepts, so a typo is an error that lists the valid options instead of being ignored.
 */
public final class Args {
  private final String command;
  private final List<String> positional = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();

  /** Thrown for bad usage; the message says what to type instead. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  public Args(String command, String[] argv, Set<String> valued, Set<String> flags) {
    this.command = command;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (a.startsWith("--")) {
        String name = a.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name) && value == null) {
          options.put(name, "true");
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= argv.length) {
              throw new UsageException(command + ": --" + name + " needs a value");
            }
            value = argv[++i];
          }
          options.put(name, value);
        } else {
          List<String> all = new ArrayList<>();
          valued.forEach(v -> all.add("--" + v));
          flags.forEach(f -> all.add("--" + f));
          all.sort(null);
          throw new UsageException(command + ": unknown option --" + name + "; options are " + String.join(" ", all));
        }
      } else {
        positional.add(a);
      }
    }
  }

  public List<String> positional() {
    return positional;
  }

  public boolean flag(String name) {
    return options.containsKey(name);
  }

  public String string(String name, String def) {
    return options.getOrDefault(name, def);
  }

  public long longValue(String name, long def) {
    String v = options.get(name);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + name + " expects a whole number, got \"" + v + "\"");
    }
  }

  public int intValue(String name, int def, int min) {
    long v = longValue(name, def);
    if (v < min || v > Integer.MAX_VALUE) {
      throw new UsageException(command + ": --" + name + " must be at least " + min + ", got " + v);
    }
    return (int) v;
  }

  /** A byte count: a number with an optional K, M or G suffix (powers of 1024), e.g. 4M. */
  public long bytes(String name, long def) {
    String v = options.get(name);
    if (v == null) {
      return def;
    }
    String s = v.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
    long mult = 1;
    if (s.endsWith("K") || s.endsWith("M") || s.endsWith("G")) {
      mult = s.endsWith("K") ? 1L << 10 : s.endsWith("M") ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = (long) (Double.parseDouble(s) * mult);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + name + " expects a positive byte count such as 4194304 or 4M, got \""
          + v + "\"");
    }
  }
}
