package org.edgetune.actors;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The encoder nodes a cluster run's edge server found before it started (in address order), the
 * run's key that each checks ({@link EncoderNodeActor#runKey}), and how long a call to a node may
 * take before the round is given up and run again. A run without encoder nodes uses the server's
 * own encoder workers only.
 */
public record EncoderNodes(
    List<ActorRef<EncoderNodeActor.Command>> nodes, String runKey, Duration callTimeout) {

  public static final EncoderNodes NONE = new EncoderNodes(List.of(), "", Duration.ofMinutes(1));

  public EncoderNodes {
    nodes = List.copyOf(nodes);
  }
}
