package org.edgetune.schedule;

import org.edgetune.config.NamedChoice;
import org.edgetune.wireless.WirelessModel;

/**
 * The built-in scheduling policies of DESIGN.md §5, each with its config name, whether it banks
 * unspent budget as credit, whether its V can be {@code auto}, and how it is built. The one list of
 * them: the config, the commands and the factory ({@link Policies}) all read it.
 */
public enum BuiltInPolicy implements NamedChoice {
  FULL("full", false, false) {
    @Override
    SchedulingPolicy build(Parts p) {
      return new FullPolicy(p.model());
    }
  },
  RANDOM("random", false, false) {
    @Override
    SchedulingPolicy build(Parts p) {
      return new RandomPolicy(p.settings().devicesPerRound(), p.seed(), p.model());
    }
  },
  ROUND_ROBIN("round-robin", false, false) {
    @Override
    SchedulingPolicy build(Parts p) {
      return new RoundRobinPolicy(p.settings().devicesPerRound(), p.model());
    }
  },
  BEST_CHANNEL("best-channel", false, false) {
    @Override
    SchedulingPolicy build(Parts p) {
      return new BestChannelPolicy(p.settings().devicesPerRound(), p.model());
    }
  },
  MYOPIC("myopic", false, false) {
    @Override
    SchedulingPolicy build(Parts p) {
      return new MyopicPolicy(p.model(), p.settings().energyBudgetJ());
    }
  },
  LYAPUNOV_UNIFORM("lyapunov-uniform", true, true) {
    @Override
    SchedulingPolicy build(Parts p) {
      return new LyapunovPolicy(
          configName(), p.model(), p.settings(), p.bound(), LyapunovPolicy.Variant.UNIFORM);
    }
  },
  LYAPUNOV_V1("lyapunov-v1", false, true) {
    @Override
    SchedulingPolicy build(Parts p) {
      return new LyapunovPolicy(
          configName(), p.model(), p.settings(), p.bound(), LyapunovPolicy.Variant.V1);
    }
  },
  LYAPUNOV("lyapunov", true, true) {
    @Override
    SchedulingPolicy build(Parts p) {
      return new LyapunovPolicy(
          configName(), p.model(), p.settings(), p.bound(), LyapunovPolicy.Variant.BLENDED);
    }
  };

  /** What a policy is built from; {@code settings} carries the resolved V. */
  record Parts(ScheduleSettings settings, WirelessModel model, ConvergenceBound bound, long seed) {}

  private final String configName;
  private final boolean banksCredit;
  private final boolean tunedByV;

  BuiltInPolicy(String configName, boolean banksCredit, boolean tunedByV) {
    this.configName = configName;
    this.banksCredit = banksCredit;
    this.tunedByV = tunedByV;
  }

  @Override
  public String configName() {
    return configName;
  }

  /** Whether unspent budget is banked as credit ({@code edgetune.schedule.credit-j}). */
  boolean banksCredit() {
    return banksCredit;
  }

  /**
   * Whether the policy weighs the bound against energy by V (so {@code lyapunov-v = auto} rehearses
   * it).
   */
  boolean tunedByV() {
    return tunedByV;
  }

  abstract SchedulingPolicy build(Parts parts);
}
