package io.fulcrum.dataplane;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A UDP member for tests: answers each datagram with its name, "|" and the payload. */
final class NamedUdpServer implements AutoCloseable {

    private final String name;
    private final DatagramSocket socket;

    NamedUdpServer(String name, String address, int port) throws IOException {
        this.name = name;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), port));
        Thread thread = new Thread(this::serve, "udp-member-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            try {
                DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                socket.receive(request);
                String payload = new String(request.getData(), 0, request.getLength(), StandardCharsets.UTF_8);
                byte[] answer = (name + "|" + payload).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(answer, answer.length, request.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    /**
     * Sends {@code payload} from {@code client} to {@code address:port} and returns the answer to it, sending again
     * when none comes within two seconds (a datagram may be lost, or late on a busy machine) and skipping late answers
     * to earlier payloads; "" when five tries bring nothing.
     */
    static String ask(DatagramSocket client, String address, int port, String payload) throws IOException {
        byte[] out = payload.getBytes(StandardCharsets.UTF_8);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(address), port);
        client.setSoTimeout(2_000);
        byte[] in = new byte[2048];
        for (int attempt = 0; attempt < 5; attempt++) {
            client.send(new DatagramPacket(out, out.length, to));
            try {
                while (true) {
                    DatagramPacket answer = new DatagramPacket(in, in.length);
                    client.receive(answer);
                    String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
                    if (text.endsWith("|" + payload)) {
                        return text;
                    }
                }
            } catch (SocketTimeoutException silence) {
                // Send again.
            }
        }
        return "";
    }
}
