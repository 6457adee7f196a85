package org.edgetune.util;

/**
 * Every purpose a keyed random stream is drawn for, in one place: two parts of the system that used
 * the same purpose (and device and round) would draw the same numbers. The key strings are part of
 * every run's results (changing one changes the metrics a seed gives), so they keep the names they
 * were first written with. A purpose that is drawn once per label, group, fault kind or message
 * type takes that name as its qualifier ({@link #qualified}).
 */
public enum StreamPurpose {
  // The cell and the channel.
  PLACEMENT("placement"),
  CPU("cpu"),
  FADING("fading"),
  // The data: split, caps and partitions.
  DATA_SPLIT("data.split"),
  DATA_LIMIT_TRAIN("data.limit.train"),
  DATA_LIMIT_TEST("data.limit.test"),
  PARTITION_IID("data.partition.iid"),
  PARTITION_DIRICHLET_ORDER("data.partition.dirichlet.order.", true),
  PARTITION_DIRICHLET_SHARE("data.partition.dirichlet.share.", true),
  PARTITION_BY_GROUP("data.partition.by-source.", true),
  // The model and training.
  HEAD_INIT("head-init"),
  LORA_INIT("lora-init"),
  BATCH("batch"),
  LORA_DROPOUT("lora-dropout"),
  LORA_DROPOUT_BATCH("lora-dropout-batch"),
  LORA_DROPOUT_DEVICE("lora-dropout-device"),
  CENTRALIZED_ORDER("centralized-order"),
  // Scheduling.
  SCHEDULE_RANDOM("schedule-random"),
  // Privacy defences.
  UPLINK_NOISE("uplink-noise"),
  GRADIENT_NOISE("gradient-noise"),
  // The privacy audit: which public texts the learned inversion is trained on.
  PUBLIC_TEXTS("privacy.public-texts"),
  // Faults.
  CHAOS("chaos/", true),
  MESSAGE_LOSS("loss/", true);

  private final String key;
  private final boolean needsQualifier;

  StreamPurpose(String key) {
    this(key, false);
  }

  StreamPurpose(String key, boolean needsQualifier) {
    this.key = key;
    this.needsQualifier = needsQualifier;
  }

  /** The string the stream's key is made from. */
  public String key() {
    if (needsQualifier) {
      throw new IllegalStateException(
          name() + " is drawn per " + key + "<name>: use qualified(name)");
    }
    return key;
  }

  /** The key of this purpose for one label, group, fault kind or message type. */
  public String qualified(String qualifier) {
    if (!needsQualifier) {
      throw new IllegalStateException(name() + " takes no qualifier");
    }
    return key + qualifier;
  }
}
