package io.fulcrum.dataplane.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh 127.x addresses, so that no two tests share a socket, and ports free on them. */
final class Loopback {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Loopback() {
    }

    /** A loopback address no other test of this run uses: 127.(20 + block).x.y. */
    static InetAddress fresh() {
        int n = NEXT.incrementAndGet();
        return address(127, 20 + n / 62_500, (n / 250) % 250, n % 250 + 1);
    }

    static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A port the kernel considers free on this address, wildcard listeners included. */
    static int freePort(InetAddress address) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetSocketAddress freeEndpoint() {
        InetAddress address = fresh();
        return new InetSocketAddress(address, freePort(address));
    }
}
