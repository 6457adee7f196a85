package org.edgetune.actors;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The encoder nodes a cluster run's edge server found before it started (in address order), and
 * the run's key that each checks ({@link EncoderNodeActor#runKey}). A run without encoder nodes
 * uses the server's own encoder workers only.
 */
public record EncoderNodes(List<ActorRef<EncoderNodeActor.Command>> nodes, String runKey) {

  public static final EncoderNodes NONE = new EncoderNodes(List.of(), "");

  public EncoderNodes {
    nodes = List.copyOf(nodes);
  }
}
