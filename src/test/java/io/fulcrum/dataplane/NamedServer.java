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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A member for tests: a TCP server on one loopback address that greets every connection with its own name and a
 * newline, then echoes what it receives until the client closes, so that a test can tell which member a connection
 * reached and whether a long-lived connection still carries data. A TCP probe sees it as healthy while it listens;
 * {@link #stopListening} makes the probe fail while established connections go on, {@link #close} ends them too.
 */
final class NamedServer implements AutoCloseable {

    private final String name;
    private final ServerSocket socket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    NamedServer(String name, String address, int port) throws IOException {
        this.name = name;
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        Thread acceptor = new Thread(this::accept, "member-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                open.add(s);
                Thread connection = new Thread(() -> serve(s), "member-" + name + "-" + s.getPort());
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
            out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.transferTo(out);
        } catch (IOException e) {
            // A client (a probe) that went away first, or a reset the test caused; other connections go on.
        } finally {
            open.remove(s);
        }
    }

    /** Closes the listening socket: new connections and probes are refused, established connections go on. */
    void stopListening() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }

    /** Connects to {@code address:port} and returns the first line answered ("" when the connection ends first). */
    static String ask(String address, int port) {
        return ask(null, address, port);
    }

    /** {@link #ask(String, int)} from a given client address (null: any). */
    static String ask(String from, String address, int port) {
        try (Socket s = new Socket()) {
            if (from != null) {
                s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            }
            s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 2_000);
            s.setSoTimeout(2_000);
            return readLine(s.getInputStream());
        } catch (IOException e) {
            return "";
        }
    }

    /** A line up to its newline, or what came before the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    /** A port that was free on {@code address} a moment ago. */
    static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }
}
