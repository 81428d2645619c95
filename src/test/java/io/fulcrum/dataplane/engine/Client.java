package io.fulcrum.dataplane.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A test's TCP connection through a frontend, from a chosen source address. */
final class Client implements AutoCloseable {

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Client(InetSocketAddress frontend, InetAddress source) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(frontend, 2_000);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    Client(InetSocketAddress frontend) throws IOException {
        this(frontend, Loopback.address(127, 0, 0, 1));
    }

    /** Starts the "who" dialogue and returns the member's name. */
    static String who(InetSocketAddress frontend, InetAddress source) throws IOException {
        try (Client client = new Client(frontend, source)) {
            return client.who();
        }
    }

    /**
     * Whether a new connection is turned away with a reset: the engine accepts and resets, and the reset can reach
     * the client while its connect() is still returning.
     */
    static boolean turnedAway(InetSocketAddress frontend) throws IOException {
        try (Client client = new Client(frontend)) {
            return client.ended();
        } catch (SocketException resetWhileConnecting) {
            return true;
        }
    }

    String who() throws IOException {
        send("who\n");
        return TcpMember.readLine(in);
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Whether the engine ended this connection: the next exchange meets a reset or EOF (a time-out throws). */
    boolean ended() throws IOException {
        try {
            return who() == null;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
