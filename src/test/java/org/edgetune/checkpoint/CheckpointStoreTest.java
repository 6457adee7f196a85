package org.edgetune.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.edgetune.model.AdamWState;
import org.edgetune.model.FloatTensor;
import org.edgetune.model.ParameterState;
import org.edgetune.output.OutputDirectory;
import org.edgetune.schedule.Scheduler;
import org.edgetune.sim.ResumePoint;
import org.edgetune.train.Scores;
import org.edgetune.train.ServerTrainer;
import org.edgetune.train.TrainableState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class CheckpointStoreTest {

  @TempDir Path tmp;

  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
  private final Logger storeLog = (Logger) LoggerFactory.getLogger(CheckpointStore.class);

  @BeforeEach
  void captureLog() {
    warnings.start();
    storeLog.addAppender(warnings);
  }

  @AfterEach
  void releaseLog() {
    storeLog.detachAppender(warnings);
  }

  @Test
  void roundTripIsBitExact() throws Exception {
    Checkpoint written = checkpoint(7, new SplittableRandom(1));
    Checkpoint read = CheckpointFile.decode(CheckpointFile.encode(written));

    assertThat(read.nextRound()).isEqualTo(7);
    assertThat(read.metricsLines()).isEqualTo(7);
    assertThat(read.lastScores()).isEqualTo(written.lastScores());
    assertSameBits(read.server().lora(), written.server().lora());
    assertSameBits(read.server().head(), written.server().head());
    assertThat(read.server().lora().values().tensors().keySet())
        .containsExactlyElementsOf(written.server().lora().values().tensors().keySet());
    assertThat(bits(read.scheduler().backlogJ()))
        .containsExactly(bits(written.scheduler().backlogJ()));
    assertThat(bits(read.scheduler().spentJ())).containsExactly(bits(written.scheduler().spentJ()));
    assertThat(read.scheduler().policy()).isEqualTo("lyapunov");
    assertThat(read.scheduler().policyState()).containsExactly(Map.entry("last-size", 4L));
  }

  @Test
  void noScoresYetRoundTrips() throws Exception {
    Checkpoint first =
        new Checkpoint(
            1,
            1,
            checkpoint(1, new SplittableRandom(2)).server(),
            checkpoint(1, new SplittableRandom(2)).scheduler(),
            null);
    assertThat(CheckpointFile.decode(CheckpointFile.encode(first)).lastScores()).isNull();
  }

  @Test
  void keepsOnlyTheNewestN() throws IOException {
    CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"), 3);
    SplittableRandom random = new SplittableRandom(3);
    for (long round = 0; round < 6; round++) {
      CheckpointStore.Written w = store.write(checkpoint(round + 1, random));
      assertThat(w.file().getFileName().toString())
          .isEqualTo(String.format("round-%06d.ckpt", round));
      assertThat(w.bytes()).isEqualTo(Files.size(w.file()));
    }
    assertThat(names(store.directory()))
        .containsExactly("round-000003.ckpt", "round-000004.ckpt", "round-000005.ckpt");
    assertThat(store.latestValid().checkpoint().nextRound()).isEqualTo(6);
  }

  @Test
  void flippedByteFallsBackToThePreviousCheckpoint() throws IOException {
    CheckpointStore store = threeRounds();
    Path newest = store.directory().resolve("round-000002.ckpt");
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(newest, bytes);

    CheckpointStore.Loaded loaded = store.latestValid();

    assertThat(loaded.checkpoint().nextRound()).isEqualTo(2);
    assertThat(loaded.file().getFileName()).hasToString("round-000001.ckpt");
    assertThat(loaded.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.file()).isEqualTo(newest);
              assertThat(s.reason()).contains("checksum mismatch");
            });
    assertThat(warnings.list)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .contains(newest.toString())
                    .contains("checksum mismatch")
                    .contains("falling back to the previous one"));
  }

  @Test
  void truncatedFileFallsBackToThePreviousCheckpoint() throws IOException {
    CheckpointStore store = threeRounds();
    Path newest = store.directory().resolve("round-000002.ckpt");
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, Arrays.copyOf(bytes, bytes.length - 1000));

    CheckpointStore.Loaded loaded = store.latestValid();

    assertThat(loaded.checkpoint().nextRound()).isEqualTo(2);
    assertThat(loaded.skipped())
        .singleElement()
        .satisfies(s -> assertThat(s.reason()).startsWith("truncated"));
    assertThat(warnings.list)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .contains(newest.toString())
                    .contains("truncated"));
  }

  @Test
  void noValidCheckpointIsAClearErrorAndTouchesNothing() throws IOException {
    CheckpointStore store = threeRounds();
    for (String name : names(store.directory())) {
      Path file = store.directory().resolve(name);
      byte[] bytes = Files.readAllBytes(file);
      bytes[CheckpointFile.HEADER_BYTES + 3] ^= 0x01;
      Files.write(file, bytes);
    }
    Files.write(store.directory().resolve("round-000000.ckpt"), new byte[10]);
    Map<String, byte[]> before = contents(store.directory());

    assertThatThrownBy(store::latestValid)
        .isInstanceOf(CannotResumeException.class)
        .hasMessageStartingWith("no valid checkpoint in " + store.directory())
        .hasMessageContaining("round-000002.ckpt: checksum mismatch")
        .hasMessageContaining("round-000000.ckpt: truncated");
    assertThat(warnings.list).hasSize(3);
    assertThat(contents(store.directory()))
        .containsOnlyKeys(before.keySet())
        .allSatisfy((name, bytes) -> assertThat(bytes).isEqualTo(before.get(name)));
  }

  @Test
  void emptyDirectoryHasNothingToResume() {
    CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"), 3);
    assertThatThrownBy(store::latestValid)
        .isInstanceOf(CannotResumeException.class)
        .hasMessage("no checkpoint in " + store.directory() + "; nothing to resume from");
  }

  @Test
  void aCheckpointUnderAnotherRoundsNameIsNotTrusted() throws IOException {
    CheckpointStore store = threeRounds();
    Files.copy(
        store.directory().resolve("round-000000.ckpt"),
        store.directory().resolve("round-000002.ckpt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CheckpointStore.Loaded loaded = store.latestValid();
    assertThat(loaded.checkpoint().nextRound()).isEqualTo(2);
    assertThat(loaded.skipped())
        .singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("named for round 2 but holds round 0"));
  }

  private CheckpointStore threeRounds() {
    CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"), 3);
    SplittableRandom random = new SplittableRandom(4);
    for (long next = 1; next <= 3; next++) {
      store.write(checkpoint(next, random));
    }
    return store;
  }

  /** A checkpoint of LoRA-like shapes with arbitrary bit patterns, edge cases included. */
  /**
   * metrics.jsonl cut mid-line and shorter than the newest checkpoint covers: the newest checkpoint
   * that the remaining complete lines cover is used, the newer ones are named and passed over.
   */
  @Test
  void aMetricsFileCutShortFallsBackToTheCheckpointItStillCovers(@TempDir Path dir)
      throws Exception {
    CheckpointStore store = CheckpointStore.ofRun(dir, new CheckpointSettings(5));
    SplittableRandom random = new SplittableRandom(4);
    for (long next = 2; next <= 5; next++) {
      store.write(checkpoint(next, random));
    }
    StringBuilder metrics = new StringBuilder();
    for (int round = 0; round < 3; round++) {
      metrics.append("{\"round\":").append(round).append(",\"n_scheduled\":1}\n");
    }
    Files.writeString(dir.resolve("metrics.jsonl"), metrics + "{\"round\":3,\"n_sch");
    try (OutputDirectory out = new OutputDirectory(dir)) {
      assertThat(out.completeMetricsLines()).isEqualTo(3);
      ResumePoint from = ResumePoint.find(out, store);
      assertThat(from.checkpoint().nextRound()).isEqualTo(3);
      assertThat(from.file().getFileName().toString()).isEqualTo("round-000002.ckpt");
      assertThat(from.earlier()).hasSize(3);
    }
    assertThat(warnings.list).hasSize(2);
    assertThat(warnings.list.get(0).getFormattedMessage())
        .contains("round-000004.ckpt")
        .contains("holds only 3");
  }

  @Test
  void anEditedConfigIsRefusedNamingWhatChanged(@TempDir Path dir) throws Exception {
    CheckpointStore store = CheckpointStore.ofRun(dir, new CheckpointSettings(3));
    String config = "edgetune {\n  seed = 42\n  schedule { rounds = 100 }\n}\n";
    Files.writeString(dir.resolve("config.conf"), config);
    ConfigGuard.record(store, config);
    ConfigGuard.check(store, dir.resolve("config.conf"));
    Files.writeString(dir.resolve("config.conf"), config.replace("seed = 42", "seed = 7"));
    assertThatThrownBy(() -> ConfigGuard.check(store, dir.resolve("config.conf")))
        .isInstanceOf(CannotResumeException.class)
        .hasMessageContaining("edgetune.seed was 42, is 7")
        .hasMessageNotContaining("rounds");
  }

  @Test
  void aFailedAtomicWriteLeavesNoTempFile(@TempDir Path dir) throws Exception {
    Path target = Files.createDirectories(dir.resolve("summary.json"));
    Files.writeString(target.resolve("occupied"), "x");
    assertThatThrownBy(() -> OutputDirectory.writeAtomically(target, new byte[] {1, 2, 3}))
        .isInstanceOf(java.io.UncheckedIOException.class);
    assertThat(dir.resolve("summary.json.tmp")).doesNotExist();
  }

  private static Checkpoint checkpoint(long nextRound, SplittableRandom random) {
    Map<String, FloatTensor> lora = new LinkedHashMap<>();
    lora.put("layer.0.query.lora_A", tensor(random, 8, 384));
    lora.put("layer.0.query.lora_B", tensor(random, 384, 8));
    Map<String, FloatTensor> head = new LinkedHashMap<>();
    head.put("classifier.weight", tensor(random, 2, 384));
    head.put(
        "classifier.bias", new FloatTensor(new long[] {2}, new float[] {-0.0f, Float.MIN_VALUE}));
    double[] backlog = doubles(random, 20);
    backlog[0] = 0;
    backlog[1] = Double.MIN_VALUE;
    return new Checkpoint(
        nextRound,
        nextRound,
        new ServerTrainer.State(
            trainable(new ParameterState(lora), random),
            trainable(new ParameterState(head), random)),
        new Scheduler.State(
            "lyapunov", backlog, doubles(random, 20), new TreeMap<>(Map.of("last-size", 4L))),
        Scores.binary(17, 3, 40, 5));
  }

  private static TrainableState trainable(ParameterState values, SplittableRandom random) {
    return new TrainableState(
        values, new AdamWState(12, like(values, random), like(values, random)));
  }

  private static ParameterState like(ParameterState values, SplittableRandom random) {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    values.tensors().forEach((name, t) -> out.put(name, tensor(random, t.shape())));
    return new ParameterState(out);
  }

  private static FloatTensor tensor(SplittableRandom random, long... shape) {
    FloatTensor t = FloatTensor.zeros(shape);
    float[] v = t.values();
    for (int i = 0; i < v.length; i++) {
      do {
        v[i] = Float.intBitsToFloat(random.nextInt());
      } while (!Float.isFinite(v[i]));
    }
    return t;
  }

  private static double[] doubles(SplittableRandom random, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      do {
        d[i] = Double.longBitsToDouble(random.nextLong());
      } while (!Double.isFinite(d[i]));
    }
    return d;
  }

  private static void assertSameBits(TrainableState actual, TrainableState expected) {
    assertThat(actual.optimizer().steps()).isEqualTo(expected.optimizer().steps());
    List<ParameterState[]> pairs =
        List.of(
            new ParameterState[] {actual.values(), expected.values()},
            new ParameterState[] {
              actual.optimizer().firstMoment(), expected.optimizer().firstMoment()
            },
            new ParameterState[] {
              actual.optimizer().secondMoment(), expected.optimizer().secondMoment()
            });
    for (ParameterState[] pair : pairs) {
      pair[1]
          .tensors()
          .forEach(
              (name, t) -> {
                assertThat(pair[0].get(name).shape()).containsExactly(t.shape());
                assertThat(bits(pair[0].get(name).values()))
                    .as(name)
                    .containsExactly(bits(t.values()));
              });
    }
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }

  private static long[] bits(double[] v) {
    return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    for (String name : names(dir)) {
      out.put(name, Files.readAllBytes(dir.resolve(name)));
    }
    return out;
  }
}
