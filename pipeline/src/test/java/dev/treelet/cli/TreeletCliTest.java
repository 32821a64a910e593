package dev.treelet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.film.PfmWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users and scripts see it: exit codes, the summary line, the image file. */
class TreeletCliTest {
  /** The summary line's keys, in order: an interface that scripts and checks parse. */
  static final Pattern SUMMARY = Pattern.compile("pixels=(\\d+) samples=(\\d+) min_spp=(\\d+) max_spp=(\\d+)"
      + " samples_per_s=\\d+ rays_per_s=\\d+ seconds=[0-9.]+ treelets=(\\d+) total_treelet_bytes=(\\d+)");

  @TempDir
  Path dir;

  private static Path repo() {
    return Path.of(System.getProperty("treelet.repo", "..")).toAbsolutePath().normalize();
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = TreeletCli.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void aLocalRenderWritesTheImageAndEndsWithTheSummaryLine() throws Exception {
    Path out = dir.resolve("furnace.pfm");
    Run r = run("render", repo().resolve("scenes/furnace.pbrt").toString(), "--local", "--out", out.toString(),
        "--spp", "3", "--threads", "2", "--treelet-bytes", "64K");
    assertEquals(0, r.code, r.err);
    Matcher m = SUMMARY.matcher(r.out.strip());
    assertTrue(m.matches(), "summary line: " + r.out);
    assertEquals(64 * 64, Long.parseLong(m.group(1)));
    assertEquals(64 * 64 * 3, Long.parseLong(m.group(2)));
    assertEquals("3", m.group(3));
    assertEquals("3", m.group(4));
    assertTrue(Integer.parseInt(m.group(5)) > 1, "64K treelets split the sphere");
    PfmWriter.Image img = PfmWriter.read(out);
    assertEquals(64, img.width());
    assertEquals(1f, img.rgb()[0], 0f, "the corner sees the environment, L = 1");
  }

  /**
   * The default mode with many workers on one machine: the embedded cluster's network memory must grow
   * with the square of the workers (NetworkBuffers); with Flink's fixed 64 MB of 128 KB buffers, 16
   * workers could not deploy and the job restarted for ever. The image equals the single-process one.
   */
  @Test
  @Timeout(120)
  void anEmbeddedRenderWithSixteenWorkersEqualsTheSingleProcessRender() throws Exception {
    Path local = dir.resolve("local.pfm");
    Path job = dir.resolve("job.pfm");
    String scene = repo().resolve("scenes/furnace.pbrt").toString();
    assertEquals(0, run("render", scene, "--local", "--out", local.toString(), "--spp", "2", "--seed", "7").code);
    Run r = run("render", scene, "--workers", "16", "--out", job.toString(), "--spp", "2", "--seed", "7");
    assertEquals(0, r.code, r.err);
    Matcher m = SUMMARY.matcher(r.out);
    assertTrue(m.find() && r.out.contains(" workers=16 "), "summary line: " + r.out);
    assertEquals("2", m.group(3));
    assertEquals("2", m.group(4));
    assertArrayEquals(PfmWriter.read(local).rgb(), PfmWriter.read(job).rgb());
  }

  @Test
  void badInputExitsWithTwoAndOneClearLine() throws Exception {
    Path broken = dir.resolve("broken.pbrt");
    Files.writeString(broken, "WorldBegin\nShape \"sphere\" \"float radius\" [ one ]\n");
    Run r = run("render", broken.toString(), "--local", "--out", dir.resolve("x.png").toString());
    assertEquals(2, r.code);
    assertTrue(r.err.contains("broken.pbrt:2") && r.err.contains("one"), r.err);
    assertTrue(!r.err.contains("\tat "), "no stack trace: " + r.err);

    Run typo = run("render", broken.toString(), "--local", "--sp", "4");
    assertEquals(2, typo.code);
    assertTrue(typo.err.contains("unknown option --sp") && typo.err.contains("--spp"), typo.err);

    Run format = run("render", repo().resolve("scenes/furnace.pbrt").toString(), "--local", "--out", "x.jpg");
    assertEquals(2, format.code);
    assertTrue(format.err.contains(".exr, .png or .pfm"), format.err);

    Run policy = run("render", broken.toString(), "--policy", "greedy");
    assertEquals(2, policy.code);
    assertTrue(policy.err.contains("unknown policy \"greedy\"") && policy.err.contains("dynamic"), policy.err);
    assertTrue(!policy.err.contains("broken.pbrt"), "refused before the scene is read: " + policy.err);
  }
}
