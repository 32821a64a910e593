package dev.treelet.tracer.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress line on stderr: redrawn in place on a terminal, a plain line every few seconds
 * otherwise (logs, CI). Shows done/total, rate, ETA and whatever extra the caller supplies.
 */
public final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;

  private final String label;
  private final LongSupplier done;
  private final long total;
  private final Supplier<String> extra;
  private final PrintStream err = System.err;
  private final boolean terminal = System.console() != null;
  private final long start = System.nanoTime();
  private final Thread thread;
  private volatile boolean running = true;

  public ProgressBar(String label, LongSupplier done, long total, Supplier<String> extra) {
    this.label = label;
    this.done = done;
    this.total = Math.max(1, total);
    this.extra = extra;
    this.thread = new Thread(this::loop, "progress");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long period = terminal ? 250 : 5000;
    while (running) {
      try {
        Thread.sleep(period); // a display refresh interval, not synchronisation
      } catch (InterruptedException e) {
        return;
      }
      if (running) {
        draw(false);
      }
    }
  }

  private synchronized void draw(boolean last) {
    long d = done.getAsLong();
    double secs = (System.nanoTime() - start) / 1e9;
    double frac = Math.min(1, (double) d / total);
    int filled = (int) (frac * WIDTH);
    double rate = d / Math.max(1e-9, secs);
    String eta = rate > 0 && d < total ? String.format(Locale.ROOT, "ETA %.0fs", (total - d) / rate) : "";
    String line = String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %s/%s %s/s %s %s", label,
        "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * frac, human(d), human(total), human((long) rate), eta,
        extra == null ? "" : extra.get());
    if (terminal) {
      err.print("\r" + line + "\033[K" + (last ? "\n" : ""));
    } else {
      err.println(line);
    }
    err.flush();
  }

  public static String human(long n) {
    if (n >= 10_000_000) {
      return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }
    if (n >= 10_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return Long.toString(n);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    draw(true);
  }
}
