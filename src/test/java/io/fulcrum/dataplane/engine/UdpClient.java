package io.fulcrum.dataplane.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One UDP client address talking to a frontend. */
final class UdpClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress frontend;

    UdpClient(InetSocketAddress frontend, InetAddress source) throws IOException {
        this.frontend = frontend;
        this.socket = new DatagramSocket(new InetSocketAddress(source, 0));
    }

    /** Sends the payload and returns the answer "member|payload", or null when none comes within the wait. */
    String ask(String payload, int waitMillis) throws IOException {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, frontend));
        socket.setSoTimeout(waitMillis);
        byte[] buffer = new byte[65535];
        DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(answer);
        } catch (SocketTimeoutException silence) {
            return null;
        }
        return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
    }

    /** The member that answers, asking again while datagrams are lost (UDP on a busy machine). */
    String member() throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            String answer = ask("ping", 1_000);
            if (answer != null) {
                return answer.substring(0, answer.indexOf('|'));
            }
        }
        throw new AssertionError("no answer from " + frontend);
    }

    @Override
    public void close() {
        socket.close();
    }
}
