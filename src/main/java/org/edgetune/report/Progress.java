package org.edgetune.report;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The console progress bar of long runs, on stderr so that stdout stays parseable. */
public final class Progress implements AutoCloseable {

  private final ProgressBar bar;

  public Progress(String task, long total) {
    this.bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(1000)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build();
  }

  public void advanceTo(long done, String message) {
    bar.stepTo(done);
    bar.setExtraMessage(message);
  }

  @Override
  public void close() {
    bar.close();
  }
}
