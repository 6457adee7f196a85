package org.edgetune.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.edgetune.config.ConfigException;
import org.edgetune.train.Trainable;
import org.junit.jupiter.api.Test;

/**
 * The suite file: bad keys named, runs shared across sweeps, and the committed paper suite valid.
 */
class ExperimentSuiteTest {

  private static final String SMALL =
      """
      experiment {
        scenario = ""
        set { edgetune.schedule.rounds = 10 }
        seeds = [1, 2]
        quick { seeds = [5, 6], set { edgetune.schedule.rounds = 2 } }
        sweeps = [
          { name = curves, kind = rounds, title = t, metrics = [accuracy], policies = [lyapunov, myopic] }
          { name = budget, kind = parameter, title = t, metrics = [final_accuracy], policies = [lyapunov, myopic],
            key = edgetune.schedule.energy-budget-j, values = [0.030, 0.1], reference = lyapunov }
          { name = modes, kind = variants, title = t, metrics = [final_accuracy], variants = [
              { label = federated }, { label = central, centralized = true },
              { label = head, set { edgetune.train.trainable = head } } ], reference = federated }
        ]
      }
      """;

  @Test
  void cellsThatRepeatTheBaseValueShareItsRun() {
    ExperimentSuite suite = parse(SMALL);
    ExperimentPlan plan = ExperimentPlan.of(suite, false);
    // Per seed: lyapunov, myopic, lyapunov at 0.1, myopic at 0.1, centralized, head only.
    assertThat(plan.runs()).hasSize(12);
    assertThat(plan.runs().stream().map(ExperimentPlan.PlannedRun::id).limit(6))
        .containsExactly(
            "lyapunov_seed-1",
            "myopic_seed-1",
            "lyapunov_energy-budget-j-0.1_seed-1",
            "myopic_energy-budget-j-0.1_seed-1",
            "centralized_seed-1",
            "lyapunov_trainable-head_seed-1");
    List<ExperimentPlan.CellRuns> curves = plan.cells(suite.sweeps().get(0));
    List<ExperimentPlan.CellRuns> budget = plan.cells(suite.sweeps().get(1));
    List<ExperimentPlan.CellRuns> modes = plan.cells(suite.sweeps().get(2));
    // 0.030 is the base budget (reference.conf: 0.03), so these cells are the base runs.
    assertThat(budget.get(0).bySeed()).isEqualTo(curves.get(0).bySeed());
    assertThat(budget.get(2).bySeed()).isEqualTo(curves.get(1).bySeed());
    assertThat(modes.get(0).bySeed()).isEqualTo(curves.get(0).bySeed());
    assertThat(budget.get(1).bySeed().get(1).id()).isEqualTo("lyapunov_energy-budget-j-0.1_seed-2");

    ExperimentPlan.PlannedRun lyapunov = plan.runs().get(0);
    assertThat(lyapunov.settings().rounds()).isEqualTo(10);
    assertThat(lyapunov.settings().seed()).isEqualTo(1);
    assertThat(plan.runs().get(2).settings().schedule().energyBudgetJ()).isEqualTo(0.1);
    assertThat(plan.runs().get(4).centralized()).isTrue();
    assertThat(plan.runs().get(5).settings().train().trainable()).isEqualTo(Trainable.HEAD);
    assertThat(suite.sweeps().stream().map(Sweep::reference))
        .containsExactly(null, "lyapunov", "federated");
  }

  @Test
  void quickTakesItsSeedsAndOverrides() {
    ExperimentPlan plan = ExperimentPlan.of(parse(SMALL), true);
    assertThat(plan.seeds()).containsExactly(5L, 6L);
    assertThat(plan.runs()).allSatisfy(r -> assertThat(r.settings().rounds()).isEqualTo(2));
    assertThat(plan.runs().get(0).id()).isEqualTo("lyapunov_seed-5");
  }

  @Test
  void badKeysAreNamed() {
    assertRefused(
        SMALL.replace("policies = [lyapunov, myopic] }", "polices = [lyapunov] }"),
        "experiment.sweeps[0].policies");
    assertRefused(SMALL.replace("[lyapunov, myopic] }", "[lyapunov, greedy] }"), "greedy");
    assertRefused(
        SMALL.replace("metrics = [accuracy]", "metrics = [final_accuracy]"),
        "experiment.sweeps[0].metrics");
    assertRefused(
        SMALL.replace(
            "metrics = [final_accuracy], variants", "metrics = [max_energy_ratio], variants"),
        "experiment.sweeps[2].metrics");
    assertRefused(SMALL.replace("seeds = [1, 2]", "seeds = [1]"), "experiment.seeds");
    assertRefused(SMALL.replace("kind = rounds", "kind = curve"), "experiment.sweeps[0].kind");
    assertRefused(SMALL.replace("name = modes", "name = curves"), "'curves' twice");
    assertRefused(
        SMALL.replace("set { edgetune.schedule.rounds = 10 }", "set { schedule.rounds = 10 }"),
        "schedule.rounds");
    assertRefused(SMALL.replace("quick {", "quik {"), "experiment.quick");
    assertRefused(
        SMALL.replace("reference = lyapunov", "reference = random"),
        "experiment.sweeps[1].reference");
    assertRefused(
        SMALL.replace("reference = federated", "reference = centralized"),
        "experiment.sweeps[2].reference");
    assertRefused(
        SMALL.replace("policies = [lyapunov, myopic],\n", "policies = [lyapunov],\n"),
        "needs a second series");
    assertRefused(
        SMALL.replace(
            "policies = [lyapunov, myopic] }",
            "policies = [lyapunov, myopic], reference = myopic }"),
        "experiment.sweeps[0].reference");
    assertRefused(SMALL.replace("seeds = [1, 2]", "seeds = [1, 2], seed = 3"), "experiment.seed");
  }

  @Test
  void invalidRunConfigNamesTheSweepAndTheKey() {
    assertThatThrownBy(
            () ->
                ExperimentPlan.of(
                    parse(SMALL.replace("values = [0.030, 0.1]", "values = [0.03, -1]")), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sweep 'budget'")
        .hasMessageContaining("edgetune.schedule.energy-budget-j");
    assertThatThrownBy(
            () ->
                ExperimentPlan.of(
                    parse(
                        SMALL.replace(
                            "key = edgetune.schedule.energy-budget-j",
                            "key = edgetune.schedule.energy-budget")),
                    false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("edgetune.schedule.energy-budget");
  }

  /** A sweep may change the model section (the cut point, say): each distinct one loads once. */
  @Test
  void eachDistinctModelSectionIsListedOnce() {
    ExperimentPlan plan =
        ExperimentPlan.of(
            parse(
                SMALL.replace(
                    "{ label = head, set { edgetune.train.trainable = head } }",
                    "{ label = cut, set { edgetune.model.device-layers = 1 } }")),
            false);
    assertThat(plan.models()).hasSize(2);
    assertThat(plan.models().get(1).deviceLayers()).isEqualTo(1);
  }

  @Test
  void privacyMetricsNeedAnAuditedSuite() {
    String audited =
        SMALL.replace(
            "metrics = [final_accuracy], policies",
            "metrics = [token_recovery_rate, final_accuracy], policies");
    assertRefused(audited, "experiment.privacy-audit");
    assertThat(parse(SMALL).privacyAudit()).isFalse();
    ExperimentSuite suite =
        parse(audited.replace("scenario = \"\"", "scenario = \"\"\nprivacy-audit = true"));
    assertThat(suite.privacyAudit()).isTrue();
    // Not for the rounds sweep, nor beside a centralized run: the audit has one value per federated
    // run.
    assertRefused(
        audited
            .replace("scenario = \"\"", "scenario = \"\"\nprivacy-audit = true")
            .replace(
                "metrics = [final_accuracy], variants",
                "metrics = [token_recovery_rate], variants"),
        "experiment.sweeps[2].metrics");
    assertRefused(
        audited
            .replace("scenario = \"\"", "scenario = \"\"\nprivacy-audit = true")
            .replace("metrics = [accuracy]", "metrics = [token_recovery_rate]"),
        "experiment.sweeps[0].metrics");
  }

  @Test
  void privacySuiteIsValid() {
    ExperimentSuite privacy = ExperimentSuite.load(Path.of("conf/experiments/privacy.conf"));
    assertThat(privacy.privacyAudit()).isTrue();
    ExperimentPlan plan = ExperimentPlan.of(privacy, false);
    assertThat(plan.runs()).hasSize(12 * privacy.seeds().size());
    assertThat(plan.models()).extracting(m -> m.deviceLayers()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void paperSuiteIsValidAndSharesRuns() {
    ExperimentSuite paper = ExperimentSuite.load(Path.of("conf/experiments/paper.conf"));
    assertThat(paper.seeds()).hasSizeGreaterThanOrEqualTo(3);
    ExperimentPlan full = ExperimentPlan.of(paper, false);
    ExperimentPlan quick = ExperimentPlan.of(paper, true);
    long cells =
        paper.sweeps().stream().mapToLong(s -> s.cells().size()).sum() * paper.seeds().size();
    assertThat(full.runs().size()).isLessThan((int) cells);
    assertThat(quick.runs().size() / quick.seeds().size())
        .isEqualTo(full.runs().size() / full.seeds().size());
    List<String> kinds =
        paper.sweeps().stream().map(s -> s.getClass().getSimpleName()).distinct().toList();
    assertThat(kinds).containsExactlyInAnyOrder("Rounds", "Parameter", "Variants");
  }

  private static ExperimentSuite parse(String text) {
    return ExperimentSuite.fromConfig(ConfigFactory.parseString(text).resolve(), Path.of("."));
  }

  private static void assertRefused(String text, String named) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(named);
  }
}
