package org.edgetune.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StayPutAllocationTest {

  @Test
  void aNewShardGoesToTheRegionWithTheFewestShardsTiesByAddress() {
    assertThat(StayPutAllocation.leastLoaded(Map.of("node-b", 3, "node-a", 5, "node-c", 4)))
        .contains("node-b");
    assertThat(StayPutAllocation.leastLoaded(Map.of("node-b", 2, "node-a", 2, "node-c", 2)))
        .contains("node-a");
    assertThat(StayPutAllocation.leastLoaded(Map.<String, Integer>of())).isEmpty();
  }
}
