package org.edgetune.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigReader;
import org.edgetune.config.KeySuggestions;
import org.edgetune.schedule.Policies;

/**
 * An experiment suite file ({@code edgetune experiment --suite FILE}, e.g. {@code
 * conf/experiments/paper.conf}): the base scenario, the paired seeds, the {@code --quick} overrides
 * and the sweeps, read from its {@code experiment} section and validated with the key's name. The
 * runs' own configs are validated when the plan is made ({@link ExperimentPlan}).
 *
 * @param scenario the scenario file the runs start from (relative paths are taken from the suite
 *     file's directory), or null for the library defaults alone
 * @param set overrides for every run ({@code key → HOCON value})
 * @param seeds the paired seeds: every cell of every sweep runs once with each
 * @param quick what {@code --quick} changes: its seeds and overrides on top of {@link #set}
 * @param privacyAudit whether every run (but a centralized one) is followed by a privacy audit of
 *     the state it ended with, on its test split ({@code privacy.json} in its directory), so that
 *     sweeps can draw {@link Sweep#PRIVACY_METRICS}
 */
public record ExperimentSuite(
    Path scenario,
    Map<String, String> set,
    List<Long> seeds,
    Quick quick,
    boolean privacyAudit,
    List<Sweep> sweeps) {

  public static final String SECTION = "experiment";

  /**
   * @param seeds replaces the suite's seeds; @param set layered over the suite's overrides
   */
  public record Quick(List<Long> seeds, Map<String, String> set) {}

  public static ExperimentSuite load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("suite file " + file + " does not exist or is not a file");
    }
    Config config;
    try {
      config =
          ConfigFactory.parseFile(
                  file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
              .resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("cannot read suite file " + file + ": " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new ConfigException(
          "suite file " + file + " nests too deeply to be read (or includes itself)");
    }
    return fromConfig(config, file.toAbsolutePath().getParent());
  }

  /**
   * @param baseDir where a relative scenario path starts
   */
  static ExperimentSuite fromConfig(Config root, Path baseDir) {
    ConfigReader r = new ConfigReader(root, SECTION);
    String scenarioName = r.string("scenario");
    Path scenario = scenarioName.isBlank() ? null : baseDir.resolve(scenarioName).normalize();
    if (scenario != null && !Files.isRegularFile(scenario)) {
      throw new ConfigException(
          "config key '" + r.key("scenario") + "' names " + scenario + ", which is not a file");
    }
    Map<String, String> set = overrides(r, "set");
    List<Long> seeds = seeds(r, "seeds");
    ConfigReader q = r.section("quick");
    Quick quick = new Quick(seeds(q, "seeds"), overrides(q, "set"));
    q.rejectUnknownKeys();
    boolean privacyAudit = r.has("privacy-audit") && r.bool("privacy-audit");
    List<Sweep> sweeps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<? extends Config> list = r.configList("sweeps");
    for (int i = 0; i < list.size(); i++) {
      Sweep sweep =
          sweep(
              ConfigReader.element(list.get(i), r.key("sweeps") + "[" + i + "]"),
              privacyAudit,
              r.key("privacy-audit"));
      if (!names.add(sweep.name())) {
        throw new ConfigException(
            "config key '" + r.key("sweeps") + "' names the sweep '" + sweep.name() + "' twice");
      }
      sweeps.add(sweep);
    }
    if (sweeps.isEmpty()) {
      throw new ConfigException("config key '" + r.key("sweeps") + "' holds no sweep");
    }
    r.rejectUnknownKeys();
    return new ExperimentSuite(scenario, set, seeds, quick, privacyAudit, List.copyOf(sweeps));
  }

  /** The seeds of a plain or a quick run. */
  public List<Long> seeds(boolean quickRun) {
    return quickRun ? quick.seeds() : seeds;
  }

  /** The overrides of every run of a plain or a quick run. */
  public Map<String, String> set(boolean quickRun) {
    Map<String, String> all = new LinkedHashMap<>(set);
    if (quickRun) {
      all.putAll(quick.set());
    }
    return all;
  }

  /**
   * @param privacyAudit whether the suite audits its runs (its privacy metrics may be drawn)
   * @param auditKey the suite's key that turns the audit on, for the error message
   */
  private static Sweep sweep(ConfigReader r, boolean privacyAudit, String auditKey) {
    String name = r.string("name");
    if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new ConfigException(
          "config key '"
              + r.key("name")
              + "' = '"
              + name
              + "' must be lower-case words joined by '-' (it names files)");
    }
    String kind = r.oneOf("kind", List.of("rounds", "parameter", "variants"));
    String title = r.string("title");
    List<String> metrics = r.strings("metrics");
    Map<String, String> set = r.has("set") ? overrides(r, "set") : Map.of();
    Sweep sweep =
        switch (kind) {
          case "rounds" -> {
            requireMetrics(r, metrics, Sweep.ROUND_METRICS, privacyAudit, auditKey);
            yield new Sweep.Rounds(name, title, metrics, set, policies(r));
          }
          case "parameter" -> {
            requireMetrics(r, metrics, summaryMetrics(privacyAudit), privacyAudit, auditKey);
            String key = r.string("key");
            if (!key.startsWith("edgetune.")) {
              throw new ConfigException(
                  "config key '" + r.key("key") + "' = '" + key + "' must be an edgetune.* key");
            }
            List<Double> values = r.doubles("values");
            if (values.isEmpty() || new HashSet<>(values).size() != values.size()) {
              throw new ConfigException(
                  "config key '" + r.key("values") + "' must hold distinct values, not " + values);
            }
            List<String> policies = policies(r);
            yield new Sweep.Parameter(
                name,
                title,
                metrics,
                set,
                policies,
                key,
                values,
                reference(r, policies, "policies"));
          }
          default -> {
            List<Sweep.Variant> variants = variants(r);
            boolean centralized = variants.stream().anyMatch(Sweep.Variant::centralized);
            requireMetrics(
                r,
                metrics,
                centralized ? Sweep.CENTRALIZED_METRICS : summaryMetrics(privacyAudit),
                privacyAudit,
                auditKey);
            List<String> labels = variants.stream().map(Sweep.Variant::label).toList();
            yield new Sweep.Variants(
                name, title, metrics, set, variants, reference(r, labels, "variants"));
          }
        };
    r.rejectUnknownKeys();
    return sweep;
  }

  /**
   * The optional series the others are compared with: one of the sweep's series, and not the only
   * one.
   */
  private static String reference(ConfigReader r, List<String> series, String seriesKey) {
    if (!r.has("reference")) {
      return null;
    }
    String reference = r.string("reference");
    if (!series.contains(reference)) {
      throw new ConfigException(
          "config key '"
              + r.key("reference")
              + "' = '"
              + reference
              + "' is not one of the "
              + seriesKey
              + " "
              + series);
    }
    if (series.size() < 2) {
      throw new ConfigException(
          "config key '"
              + r.key("reference")
              + "' needs a second series in '"
              + r.key(seriesKey)
              + "' to compare with it");
    }
    return reference;
  }

  private static List<Sweep.Variant> variants(ConfigReader r) {
    List<Sweep.Variant> variants = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    List<? extends Config> list = r.configList("variants");
    for (int i = 0; i < list.size(); i++) {
      ConfigReader v = ConfigReader.element(list.get(i), r.key("variants") + "[" + i + "]");
      String label = v.string("label");
      boolean centralized = v.has("centralized") && v.bool("centralized");
      Map<String, String> set = v.has("set") ? overrides(v, "set") : Map.of();
      v.rejectUnknownKeys();
      if (!labels.add(label)) {
        throw new ConfigException(
            "config key '" + r.key("variants") + "' has the label '" + label + "' twice");
      }
      variants.add(new Sweep.Variant(label, centralized, set));
    }
    if (variants.isEmpty()) {
      throw new ConfigException("config key '" + r.key("variants") + "' holds no variant");
    }
    return variants;
  }

  private static List<String> policies(ConfigReader r) {
    List<String> policies = r.strings("policies");
    for (String policy : policies) {
      if (!Policies.isKnown(policy)) {
        throw new ConfigException(
            "config key '"
                + r.key("policies")
                + "' holds '"
                + policy
                + "'; allowed: "
                + String.join(", ", Policies.NAMES)
                + ", or class:NAME");
      }
    }
    if (policies.isEmpty() || new HashSet<>(policies).size() != policies.size()) {
      throw new ConfigException(
          "config key '" + r.key("policies") + "' must hold distinct policies, not " + policies);
    }
    return policies;
  }

  private static List<String> summaryMetrics(boolean privacyAudit) {
    if (!privacyAudit) {
      return Sweep.SUMMARY_METRICS;
    }
    List<String> all = new ArrayList<>(Sweep.SUMMARY_METRICS);
    all.addAll(Sweep.PRIVACY_METRICS);
    return all;
  }

  private static void requireMetrics(
      ConfigReader r,
      List<String> metrics,
      List<String> allowed,
      boolean privacyAudit,
      String auditKey) {
    if (metrics.isEmpty()) {
      throw new ConfigException("config key '" + r.key("metrics") + "' holds no metric");
    }
    for (String metric : metrics) {
      if (!privacyAudit
          && Sweep.PRIVACY_METRICS.contains(metric)
          && allowed.containsAll(Sweep.SUMMARY_METRICS)) {
        throw new ConfigException(
            "config key '"
                + r.key("metrics")
                + "' holds '"
                + metric
                + "', which only an audited suite has: set "
                + auditKey
                + " = true");
      }
      if (!allowed.contains(metric)) {
        throw new ConfigException(
            "config key '"
                + r.key("metrics")
                + "' holds '"
                + metric
                + "'; allowed here: "
                + String.join(", ", allowed));
      }
    }
  }

  private static List<Long> seeds(ConfigReader r, String name) {
    List<Long> seeds = r.longs(name);
    if (seeds.size() < 2 || new HashSet<>(seeds).size() != seeds.size()) {
      throw new ConfigException(
          "config key '"
              + r.key(name)
              + "' must hold at least two distinct seeds "
              + "(a confidence interval needs two), not "
              + seeds);
    }
    return seeds;
  }

  /**
   * A block of overrides, {@code { edgetune.schedule.rounds = 50 }}, as full keys and HOCON values.
   */
  private static Map<String, String> overrides(ConfigReader r, String name) {
    Map<String, String> overrides = new TreeMap<>();
    for (var entry : r.subtree(name).entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith("edgetune.")) {
        throw new ConfigException(
            "config key '"
                + r.key(name)
                + "' overrides '"
                + key
                + "'; only edgetune.* keys can be set"
                + KeySuggestions.didYouMean(key, List.of()));
      }
      overrides.put(key, entry.getValue().render(ConfigRenderOptions.concise()));
    }
    return overrides;
  }

  /**
   * A value as it appears in a run's name and in comparisons: numbers in plain decimal without
   * trailing zeros ({@code 20e6} and {@code 2.0E7} both give {@code 20000000}), strings unquoted.
   */
  public static String canonical(ConfigValue value) {
    if (value.valueType() == ConfigValueType.NUMBER) {
      return canonical(((Number) value.unwrapped()).doubleValue());
    }
    if (value.valueType() == ConfigValueType.STRING) {
      return (String) value.unwrapped();
    }
    return value.render(ConfigRenderOptions.concise());
  }

  public static String canonical(double number) {
    String plain = new BigDecimal(Double.toString(number)).stripTrailingZeros().toPlainString();
    return plain.equals("-0") ? "0" : plain;
  }
}
