package org.edgetune.model;

import com.typesafe.config.ConfigFactory;
import java.util.List;

/** Shared test inputs: settings from reference.conf and sentences of varied length. */
final class Fixtures {

  static final List<String> SENTENCES =
      List.of(
          "Hello world",
          "Congratulations! You have WON a $1,000 gift card. Click here to claim your prize now!!!",
          "Meeting moved to 3pm.",
          "Re: the quarterly report -- can you send me the final numbers before Friday? Thanks.",
          "ok",
          "Limited time offer: buy one, get one free on all prescription drugs, no doctor required.",
          "The build failed on the integration server because the test database was not reachable; "
              + "I restarted the container, cleared the cache and re-ran the pipeline, which now passes "
              + "every stage except the slow end-to-end suite, which times out after forty minutes on "
              + "the shared runner and will need a dedicated machine or a longer timeout to complete.",
          "Subject: lunch tomorrow?",
          "Dear friend, I am a prince with 25 million dollars that I need to move out of the country.",
          "Patch attached; it fixes the off-by-one in the tokenizer's offset mapping.");

  static final int[] LABELS = {0, 1, 0, 0, 0, 1, 0, 0, 1, 0};

  private Fixtures() {}

  static ModelSettings settings(String overrides) {
    return ModelSettings.fromConfig(
        ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }

  static ModelSettings defaults() {
    return settings("");
  }
}
