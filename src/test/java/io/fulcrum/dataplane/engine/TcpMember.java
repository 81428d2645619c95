package io.fulcrum.dataplane.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A member server. The first line a client sends picks the behaviour: "who" answers the member's name to every line;
 * "count" reads to EOF and answers "name bytes"; "echo" echoes everything and closes after the client's FIN.
 */
final class TcpMember implements AutoCloseable {

    final String name;
    final InetAddress address;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-member");
        thread.setDaemon(true);
        return thread;
    });

    TcpMember(String name, InetAddress address, int port) throws IOException {
        this.name = name;
        this.address = address;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(address, port));
        threads.execute(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String command = readLine(in);
            if (command == null) {
                return;
            }
            switch (command) {
                case "who" -> {
                    do {
                        out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } while (readLine(in) != null);
                }
                case "count" -> {
                    long total = in.transferTo(OutputStream.nullOutputStream());
                    out.write((name + " " + total + "\n").getBytes(StandardCharsets.UTF_8));
                }
                case "echo" -> {
                    in.transferTo(out);
                    socket.shutdownOutput();
                }
                default -> throw new IllegalStateException("unknown command " + command);
            }
        } catch (IOException ended) {
            // The client or the engine ended the connection, which several tests do on purpose.
        }
    }

    /** One line without buffering past it, so that what follows stays in the stream for the command. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
