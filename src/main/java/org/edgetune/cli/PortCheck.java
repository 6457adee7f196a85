package org.edgetune.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Whether a node can bind its address, checked before anything starts: Artery would otherwise fail
 * deep inside the actor system's start with a stack trace, after the run's directory was made.
 */
final class PortCheck {

  private PortCheck() {}

  /**
   * @throws BadInputException naming the address when it is in use or not this machine's
   */
  static void free(String host, int port) {
    if (port == 0) {
      return;
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new BadInputException("--host " + host + " cannot be resolved");
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(address);
    } catch (BindException e) {
      throw new BadInputException(
          "cannot bind "
              + host
              + ":"
              + port
              + " (--host/--port): "
              + e.getMessage()
              + "; is another node or program using it?",
          e);
    } catch (UnknownHostException e) {
      throw new BadInputException("--host " + host + " cannot be resolved", e);
    } catch (IOException e) {
      throw new BadInputException(
          "cannot bind " + host + ":" + port + " (--host/--port): " + e.getMessage(), e);
    }
  }
}
