package org.edgetune.experiment;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.edgetune.config.ConfigException;
import org.edgetune.config.ConfigLoader;
import org.edgetune.model.ModelSettings;
import org.edgetune.sim.SimulationSettings;

/**
 * The distinct runs of a suite and which of them each sweep cell reads. A run is what it changes
 * against the suite's base (its overrides whose value differs from the base's), its kind and its
 * seed, so a cell that repeats the base value — the Lyapunov run at the base budget, say — shares
 * the run of every other sweep that needs it. Every run's config is built and validated here,
 * before anything runs; each distinct model section is loaded once.
 */
public final class ExperimentPlan {

  /**
   * One run of the suite.
   *
   * @param id its directory name under {@code OUT/runs/}: policy (or {@code centralized}), what it
   *     changes, seed — e.g. {@code myopic_energy-budget-j-0.01_seed-2}
   * @param config its full, resolved configuration
   */
  public record PlannedRun(
      String id, long seed, boolean centralized, Config config, SimulationSettings settings) {}

  /** A sweep cell and its run for each seed, in the suite's seed order. */
  public record CellRuns(Sweep.Cell cell, List<PlannedRun> bySeed) {}

  private record Identity(boolean centralized, SortedMap<String, String> changes, long seed) {}

  private final List<Long> seeds;
  private final List<PlannedRun> runs;
  private final Map<Sweep, List<CellRuns>> cells;

  private ExperimentPlan(
      List<Long> seeds, List<PlannedRun> runs, Map<Sweep, List<CellRuns>> cells) {
    this.seeds = seeds;
    this.runs = runs;
    this.cells = cells;
  }

  /**
   * @throws ConfigException naming the key when a run's config is invalid
   */
  public static ExperimentPlan of(ExperimentSuite suite, boolean quick) {
    return of(suite, quick, Map.of());
  }

  /**
   * @param extra overrides under the suite's own (the command line's --classpath), the same for
   *     every run
   */
  public static ExperimentPlan of(ExperimentSuite suite, boolean quick, Map<String, String> extra) {
    List<Long> seeds = suite.seeds(quick);
    Map<String, String> common = new LinkedHashMap<>(extra);
    common.putAll(suite.set(quick));
    Map<Long, Config> bases = new LinkedHashMap<>();
    for (long seed : seeds) {
      bases.put(seed, load(suite, common, Map.of(), seed));
    }
    Map<Identity, PlannedRun> byIdentity = new LinkedHashMap<>();
    Map<String, Identity> byId = new LinkedHashMap<>();
    Map<Sweep, List<CellRuns>> cells = new LinkedHashMap<>();
    for (Sweep sweep : suite.sweeps()) {
      List<CellRuns> sweepCells = new ArrayList<>();
      for (Sweep.Cell cell : sweep.cells()) {
        List<PlannedRun> bySeed = new ArrayList<>();
        for (long seed : seeds) {
          Config config = load(suite, common, cell.overrides(), seed);
          Identity identity =
              new Identity(
                  cell.centralized(), changes(config, bases.get(seed), cell.overrides()), seed);
          PlannedRun run = byIdentity.get(identity);
          if (run == null) {
            run = planned(identity, config, sweep);
            Identity other = byId.putIfAbsent(run.id(), identity);
            if (other != null) {
              throw new ConfigException(
                  "two different runs would share the directory runs/"
                      + run.id()
                      + ": "
                      + other.changes()
                      + " and "
                      + identity.changes()
                      + "; use keys whose last names differ");
            }
            byIdentity.put(identity, run);
          }
          bySeed.add(run);
        }
        sweepCells.add(new CellRuns(cell, List.copyOf(bySeed)));
      }
      cells.put(sweep, List.copyOf(sweepCells));
    }
    List<PlannedRun> runs = new ArrayList<>(byIdentity.values());
    // Seed by seed, so that each seed's corpus is read once; within a seed in the order of first
    // use.
    runs.sort(Comparator.comparingInt(r -> seeds.indexOf(r.seed())));
    return new ExperimentPlan(List.copyOf(seeds), List.copyOf(runs), cells);
  }

  public List<Long> seeds() {
    return seeds;
  }

  /** Every distinct run, seed by seed. */
  public List<PlannedRun> runs() {
    return runs;
  }

  public List<CellRuns> cells(Sweep sweep) {
    return cells.get(sweep);
  }

  /**
   * The distinct model sections of the runs, in the order of first use: each is loaded once (a
   * sweep over {@code edgetune.model.device-layers}, say, needs one per cut).
   */
  public List<ModelSettings> models() {
    return runs.stream().map(r -> r.settings().model()).distinct().toList();
  }

  private static PlannedRun planned(Identity identity, Config config, Sweep sweep) {
    SimulationSettings settings;
    try {
      settings = SimulationSettings.fromConfig(config);
    } catch (ConfigException e) {
      throw new ConfigException("sweep '" + sweep.name() + "': " + e.getMessage(), e);
    }
    List<String> parts = new ArrayList<>();
    parts.add(identity.centralized() ? "centralized" : settings.schedule().policy());
    identity
        .changes()
        .forEach(
            (key, value) -> {
              if (!key.equals(Sweep.POLICY)) {
                parts.add(key.substring(key.lastIndexOf('.') + 1) + "-" + value);
              }
            });
    parts.add("seed-" + identity.seed());
    String id = String.join("_", parts).replaceAll("[^A-Za-z0-9._-]", "-");
    return new PlannedRun(id, identity.seed(), identity.centralized(), config, settings);
  }

  /** The overridden keys whose value differs from the base's, with their canonical values. */
  private static SortedMap<String, String> changes(
      Config config, Config base, Map<String, String> overrides) {
    SortedMap<String, String> changes = new TreeMap<>();
    for (String key : overrides.keySet()) {
      String value = ExperimentSuite.canonical(config.getValue(key));
      String before = base.hasPath(key) ? ExperimentSuite.canonical(base.getValue(key)) : null;
      if (!value.equals(before)) {
        changes.put(key, value);
      }
    }
    return changes;
  }

  private static Config load(
      ExperimentSuite suite, Map<String, String> common, Map<String, String> cell, long seed) {
    List<String> overrides = new ArrayList<>();
    common.forEach((k, v) -> overrides.add(k + "=" + v));
    cell.forEach((k, v) -> overrides.add(k + "=" + v));
    overrides.add("edgetune.seed=" + seed);
    return ConfigLoader.loadLayers(
        suite.scenario() == null ? List.of() : List.of(suite.scenario()), overrides);
  }
}
