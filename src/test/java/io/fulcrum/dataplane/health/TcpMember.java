package io.fulcrum.dataplane.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A member that listens on a loopback port and counts the connections it accepts. It either closes each one at
 * once (a TCP service) or holds it open without a word (a stalled application), and it can stop and resume
 * listening on the same port.
 */
final class TcpMember implements AutoCloseable {

    private final InetAddress address;
    private final boolean silent;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private volatile ServerSocket socket;
    private int port;

    private TcpMember(InetAddress address, boolean silent) {
        this.address = address;
        this.silent = silent;
        listen();
    }

    /** Accepts and closes each connection. */
    static TcpMember accepting(InetAddress address) {
        return new TcpMember(address, false);
    }

    /** Accepts each connection and never answers on it. */
    static TcpMember silent(InetAddress address) {
        return new TcpMember(address, true);
    }

    int port() {
        return port;
    }

    int accepted() {
        return accepted.get();
    }

    /** Closes the listening socket, so that connections to the port are refused. */
    void stopListening() throws IOException {
        socket.close();
    }

    /** Listens again on the port it had. */
    void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
            port = s.getLocalPort();
            socket = s;
            Thread acceptor = new Thread(() -> acceptAll(s), "tcp-member-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptAll(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                accepted.incrementAndGet();
                if (silent) {
                    held.add(c);
                } else {
                    c.close();
                }
            } catch (IOException closedWhileAccepting) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket c : held) {
            c.close();
        }
    }
}
