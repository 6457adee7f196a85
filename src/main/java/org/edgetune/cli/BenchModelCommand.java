package org.edgetune.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.ModelSettings;
import org.edgetune.model.ParameterState;
import org.edgetune.model.PretrainedModel;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.StepResult;
import org.edgetune.model.TextTokenizer;
import org.edgetune.model.TokenBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgetune bench model}: forward + backward time per mini-batch of the uncut model and of
 * the split pipeline with byte-level hand-offs, run alternately so both see the same machine load.
 */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description =
        "Times LoRA forward+backward per batch: uncut model vs split pipeline with byte hand-offs.")
final class BenchModelCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      description = "all-minilm-l6-v2 or bge-small-en-v1.5 (default: config).")
  private String modelName;

  @Option(
      names = "--batch",
      defaultValue = "16",
      description = "Texts per batch b (default ${DEFAULT-VALUE}).")
  private int batch;

  @Option(
      names = "--iterations",
      defaultValue = "20",
      description = "Timed steps per pipeline (default ${DEFAULT-VALUE}).")
  private int iterations;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      description = "Untimed steps per pipeline first (default ${DEFAULT-VALUE}).")
  private int warmup;

  @Override
  public Integer call() {
    if (batch < 1 || iterations < 1 || warmup < 0) {
      throw new BadInputException(
          "--batch and --iterations must be positive, --warmup not negative");
    }
    ModelSettings settings = ModelSettings.fromConfig(ConfigFactory.load());
    if (modelName != null) {
      settings =
          settings.withModel(
              Arrays.stream(PretrainedModel.values())
                  .filter(m -> m.configName().equals(modelName))
                  .findFirst()
                  .orElseThrow(() -> new BadInputException("unknown --model " + modelName)));
    }
    TokenBatch tokens;
    try (TextTokenizer tokenizer = TextTokenizer.load(settings)) {
      tokens = tokenizer.encode(texts(batch));
    }
    long rssBeforeLoad = memoryKb("VmRSS");
    long loadStart = System.nanoTime();
    try (SplitLoraModel model = SplitLoraModel.load(settings)) {
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      long rssLoaded = memoryKb("VmRSS");
      ParameterState lora = model.initialLora(1);
      ParameterState head = model.initialHead(1);
      int[] labels = new int[batch];
      for (int i = 0; i < batch; i++) {
        labels[i] = i % settings.classes();
      }
      Supplier<StepResult> uncut = () -> model.step(tokens, labels, lora, head, 0);
      Supplier<StepResult> split = () -> model.splitStep(tokens, labels, lora, head, 0);
      for (int i = 0; i < warmup; i++) {
        uncut.get();
        split.get();
      }
      long rssWarm = memoryKb("VmRSS");
      double[] uncutMs = new double[iterations];
      double[] splitMs = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        uncutMs[i] = timeMs(uncut);
        splitMs[i] = timeMs(split);
      }
      long rssEnd = memoryKb("VmRSS");
      EmbeddedBatch uplink = model.deviceSide().embed(tokens);
      print(settings, tokens, model, uncutMs, splitMs, uplink);
      System.out.printf(
          "%nLoading the model (ONNX parse + engine copy) took %.1f s.%n", loadSeconds);
      System.out.printf(
          "%nMemory: RSS %d MB before loading the model, %d MB loaded, %d MB after warm-up,"
              + " %d MB after %d timed steps per pipeline (growth %+d MB); peak RSS (VmHWM) %d MB;"
              + " of which Java heap committed %d MB (max %d MB).%n",
          rssBeforeLoad / 1024,
          rssLoaded / 1024,
          rssWarm / 1024,
          rssEnd / 1024,
          iterations,
          (rssEnd - rssWarm) / 1024,
          memoryKb("VmHWM") / 1024,
          Runtime.getRuntime().totalMemory() >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
    }
    return 0;
  }

  private void print(
      ModelSettings settings,
      TokenBatch tokens,
      SplitLoraModel model,
      double[] uncutMs,
      double[] splitMs,
      EmbeddedBatch uplink) {
    double uncut = median(uncutMs);
    double split = median(splitMs);
    long tokensPerBatch = (long) tokens.batchSize() * tokens.length();
    // Busy-waiting OpenMP threads slow every step tenfold when other processes share the cores.
    String waitPolicy = System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset");
    System.out.printf(
        "Model %s (%d layers), b = %d, L = %d, LoRA r = %d on %s, %d cores,"
            + " OMP_WAIT_POLICY %s; %d warm-up + %d timed steps each, alternating.%n%n",
        settings.model().configName(),
        model.dims().layers(),
        tokens.batchSize(),
        tokens.length(),
        settings.lora().rank(),
        settings.lora().targets(),
        Runtime.getRuntime().availableProcessors(),
        waitPolicy,
        warmup,
        iterations);
    System.out.println("| pipeline | median ms / batch | min ms | max ms | tokens/s | vs uncut |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    row("uncut (monolithic)", uncutMs, tokensPerBatch, "");
    row(
        "split, byte hand-offs",
        splitMs,
        tokensPerBatch,
        String.format("%+.1f%%", 100 * (split / uncut - 1)));
    System.out.printf(
        "%nHand-offs per batch: uplink embeddings %d B + mask %d B, downlink features %d B,"
            + " uplink feature gradient %d B.%n",
        uplink.embeddings().data().length,
        uplink.attentionMask().data().length,
        tokens.batchSize() * model.dims().hidden() * Float.BYTES,
        tokens.batchSize() * model.dims().hidden() * Float.BYTES);
  }

  private static void row(String name, double[] ms, long tokensPerBatch, String overhead) {
    double median = median(ms);
    System.out.printf(
        "| %s | %.1f | %.1f | %.1f | %.0f | %s |%n",
        name,
        median,
        Arrays.stream(ms).min().orElseThrow(),
        Arrays.stream(ms).max().orElseThrow(),
        tokensPerBatch / (median / 1000),
        overhead);
  }

  private static double timeMs(Supplier<StepResult> step) {
    long start = System.nanoTime();
    step.get();
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A field of /proc/self/status in kB (VmRSS now, VmHWM the peak); -1 where there is no /proc. */
  private static long memoryKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * Deterministic mail-like texts long enough to fill L = 64 tokens, so no batch is mostly padding.
   */
  private static List<String> texts(int count) {
    String[] words =
        ("meeting invoice prize account offer project report schedule password free "
                + "urgent update server holiday budget client delivery winner security review")
            .split(" ");
    List<String> texts = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      StringBuilder text = new StringBuilder("Subject: message " + t + ".");
      for (int w = 0; w < 80; w++) {
        text.append(' ').append(words[(t * 7 + w * 3 + w / 5) % words.length]);
      }
      texts.add(text.toString());
    }
    return texts;
  }
}
