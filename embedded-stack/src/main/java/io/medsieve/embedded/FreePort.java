package io.medsieve.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A loopback TCP port that was free a moment ago.
 *
 * <p>Both Kafka's KRaft controller and PostgreSQL need their port written into configuration
 * before they bind, so "port 0" is not an option; asking the kernel for an ephemeral port and
 * releasing it is the usual, slightly racy, compromise.
 */
final class FreePort {

    private FreePort() {
    }

    /** Returns {@code requested} when it is fixed, otherwise a currently unused loopback port. */
    static int orPick(int requested) {
        if (requested > 0) {
            return requested;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port available", e);
        }
    }
}
