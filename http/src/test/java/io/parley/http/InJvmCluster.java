package io.parley.http;

import java.util.List;

/** The nodes of one cluster that {@link TestNode#cluster} started in this JVM, the first the seed; closed together. */
record InJvmCluster(List<ParleyNode> nodes) implements AutoCloseable {
  InJvmCluster {
    nodes = List.copyOf(nodes);
  }

  ParleyNode get(int index) {
    return nodes.get(index);
  }

  @Override
  public void close() {
    nodes.forEach(ParleyNode::close);
  }
}
