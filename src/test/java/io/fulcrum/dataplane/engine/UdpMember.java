package io.fulcrum.dataplane.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A UDP member that answers each datagram with "name|payload". */
public final class UdpMember implements AutoCloseable {

    final String name;
    final InetAddress address;
    private final DatagramSocket socket;

    public UdpMember(String name, InetAddress address, int port) throws IOException {
        this.name = name;
        this.address = address;
        this.socket = new DatagramSocket(new InetSocketAddress(address, port));
        Thread thread = new Thread(this::serve, "udp-member-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        byte[] buffer = new byte[65535];
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
}
