package io.fulcrum.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A member for tests: a TCP server on one loopback address that answers every connection with its own name and a
 * newline, then closes. A TCP probe sees it as healthy while it runs; {@link #close} makes the probe fail.
 */
final class NamedServer implements AutoCloseable {

    private final String name;
    private final ServerSocket socket;
    private final Thread acceptor;

    NamedServer(String name, String address, int port) throws IOException {
        this.name = name;
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        this.acceptor = new Thread(this::serve, "member-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept(); OutputStream out = s.getOutputStream()) {
                out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // A client (a probe) that went away first; the next connection is unaffected.
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Connects to {@code address:port} and returns the first line answered ("" when the connection ends first). */
    static String ask(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 2_000);
            s.setSoTimeout(2_000);
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** A port that was free on {@code address} a moment ago. */
    static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }
}
