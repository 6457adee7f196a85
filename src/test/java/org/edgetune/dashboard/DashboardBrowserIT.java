package org.edgetune.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.edgetune.output.OutputDirectory;
import org.edgetune.testing.Await;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's headless Chromium through its chromedriver, driven by
 * Selenium): a live paired comparison of two policies, whose page must show the numbers of
 * metrics.jsonl, survive a reload mid-run without a round missing or repeated, and, once finished,
 * compare the two runs side by side. Screenshots of both views go to target/.
 */
class DashboardBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final int ROUNDS = 6;

  @Test
  void liveRunReloadAndComparisonInChromium(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("compare");
    List<String> args =
        List.of("compare", "--policies", "lyapunov,full", "--dashboard=0", "--out", out.toString());
    try (ChildRun run = ChildRun.start(tmp.resolve("child.log"), args, ChildRun.smallRun(ROUNDS))) {
      String url = run.awaitDashboardUrl();
      ChromeDriver browser = chromium(tmp.resolve("profile"));
      browser.get(url);
      await(Duration.ofMinutes(5), () -> shownRows().size() >= 2, "two rounds on the page", run);

      // The numbers shown are those of the run's metrics.jsonl, round by round.
      String task = (String) js("return edgetune.runs[edgetune.shown].meta.task");
      List<List<String>> rows = shownRows();
      List<JsonNode> metrics = metrics(out.resolve(task));
      assertThat(metrics.size()).isGreaterThanOrEqualTo(rows.size());
      for (List<String> row : rows) {
        JsonNode m = metrics.get(Integer.parseInt(row.get(0)));
        assertThat(row.get(1)).isEqualTo(Long.toString(m.get("round").asLong() + 1));
        assertThat(row.get(2)).isEqualTo(m.get("n_scheduled").asText());
        assertThat(row.get(3)).isEqualTo(f4(m.get("accuracy")));
        assertThat(row.get(4)).isEqualTo(f4(m.get("f1")));
        assertThat(row.get(5)).isEqualTo(f4(m.get("round_energy_j")));
        assertThat(row.get(6))
            .isEqualTo(String.format("%.3f", m.get("round_latency_s").asDouble()));
        assertThat(row.get(7)).isEqualTo(f4(m.get("train_loss")));
      }
      // The page's per-device queues (its own Q_k recursion over energy_j) give the run's backlogs.
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> queues =
          (List<Map<String, Object>>) js("return edgetune.queueCheck");
      assertThat(queues).isNotEmpty();
      for (Map<String, Object> q : queues) {
        JsonNode m = metrics.get(((Number) q.get("round")).intValue());
        assertThat(((Number) q.get("mean")).doubleValue())
            .isCloseTo(m.get("mean_backlog_j").asDouble(), within(m, "mean_backlog_j"));
        assertThat(((Number) q.get("max")).doubleValue())
            .isCloseTo(m.get("max_backlog_j").asDouble(), within(m, "max_backlog_j"));
      }
      screenshot(browser, Path.of("target", "dashboard-live.png"));

      // A reload mid-run replays the session: every event once, in order, and every round of every
      // run.
      long eventsBefore = ((Number) js("return edgetune.eventIds.length")).longValue();
      browser.navigate().refresh();
      await(
          Duration.ofMinutes(5),
          () -> ((Number) js("return edgetune.eventIds.length")).longValue() > eventsBefore,
          "a new event after the reload",
          run);
      assertThat(run.process.isAlive()).as("the reload happened while the run was going").isTrue();
      @SuppressWarnings("unchecked")
      List<Number> ids = (List<Number>) js("return edgetune.eventIds");
      assertThat(ids.stream().map(Number::longValue).toList())
          .containsExactlyElementsOf(LongStream.rangeClosed(1, ids.size()).boxed().toList());
      @SuppressWarnings("unchecked")
      List<List<Number>> roundsPerRun =
          (List<List<Number>>) js("return edgetune.runs.map(r => r.records.map(x => x.round))");
      for (List<Number> rounds : roundsPerRun) {
        assertThat(rounds.stream().map(Number::longValue).toList())
            .containsExactlyElementsOf(LongStream.range(0, rounds.size()).boxed().toList());
      }

      assertThat(run.awaitExit(Duration.ofMinutes(10))).as(Files.readString(run.log)).isZero();
    } finally {
      quit();
    }

    // The two finished runs, side by side, from `edgetune dashboard --runs`.
    try (DashboardServer server =
        DashboardServer.start("127.0.0.1", 0, null, new RunBrowser(out))) {
      ChromeDriver b = chromium(tmp.resolve("profile2"));
      b.get(server.url());
      await(
          Duration.ofSeconds(30),
          () -> b.findElements(By.cssSelector("#runs-table input")).size() == 2,
          "two runs listed",
          null);
      for (WebElement box : b.findElements(By.cssSelector("#runs-table input"))) {
        box.click();
      }
      b.findElement(By.id("compare-button")).click();
      await(
          Duration.ofSeconds(30),
          () -> b.findElements(By.cssSelector("#compare-table tbody tr")).size() == 2,
          "the comparison table",
          null);
      for (WebElement row : b.findElements(By.cssSelector("#compare-table tbody tr"))) {
        String id = row.getAttribute("data-id");
        JsonNode summary =
            OutputDirectory.JSON.readTree(out.resolve(id).resolve("summary.json").toFile());
        assertThat(row.findElement(By.className("c-acc")).getText())
            .isEqualTo(f4(summary.get("final_accuracy")));
        assertThat(row.findElement(By.className("c-f1")).getText())
            .isEqualTo(f4(summary.get("final_f1")));
        assertThat(row.findElement(By.className("c-rounds")).getText())
            .isEqualTo(Integer.toString(ROUNDS));
      }
      assertThat(b.findElements(By.cssSelector("#cmp-acc polyline"))).hasSize(2);
      screenshot(b, Path.of("target", "dashboard-compare.png"));
    } finally {
      quit();
    }
  }

  /** The browser open now (one at a time). */
  private ChromeDriver current;

  private void quit() {
    if (current != null) {
      current.quit();
      current = null;
    }
  }

  private Object js(String script) {
    return ((JavascriptExecutor) current).executeScript(script);
  }

  /**
   * Debian's Chromium and its driver, named explicitly so that Selenium fetches nothing; every
   * background service of the browser that would call out is off.
   */
  private ChromeDriver chromium(Path profile) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String missing =
          "the browser test needs "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + " (Debian packages chromium and chromium-driver; .ci/run installs them)";
      if (System.getenv("CI") != null) {
        fail(missing);
      }
      Assumptions.abort(missing);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1700",
        "--user-data-dir=" + profile);
    current = new ChromeDriver(service, options);
    return current;
  }

  /** The rounds table as shown: data-round, then the text of each cell. */
  @SuppressWarnings("unchecked")
  private List<List<String>> shownRows() {
    Object rows =
        ((JavascriptExecutor) current)
            .executeScript(
                "return [...document.querySelectorAll('#rounds-table tbody tr')]"
                    + ".map(tr => [tr.dataset.round, ...[...tr.cells].map(c => c.textContent)])");
    return rows == null ? List.of() : (List<List<String>>) rows;
  }

  private static List<JsonNode> metrics(Path dir) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
      lines.add(OutputDirectory.JSON.readTree(line));
    }
    return lines;
  }

  private static String f4(JsonNode value) {
    return value == null || value.isNull() ? "" : String.format("%.4f", value.asDouble());
  }

  private static org.assertj.core.data.Offset<Double> within(JsonNode m, String field) {
    return org.assertj.core.data.Offset.offset(
        1e-12 * Math.max(1, Math.abs(m.get(field).asDouble())));
  }

  private static void screenshot(ChromeDriver browser, Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
  }

  private static void await(
      Duration timeout, BooleanSupplier condition, String what, ChildRun run) {
    Await.until(
        what,
        timeout,
        condition,
        () -> run == null || run.process.isAlive() ? null : "the run ended:\n" + run.logText());
  }
}
