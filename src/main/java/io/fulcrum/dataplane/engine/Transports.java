package io.fulcrum.dataplane.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops and the channels that go with them: native epoll where it loads, NIO otherwise.
 *
 * @param socket    a new, unconnected TCP socket of the given address family
 * @param reusePort whether each event loop may listen on a TCP frontend with a socket of its own (SO_REUSEPORT), so
 *                  that the kernel spreads connections over the loops and none is handed from one loop to another
 */
record Transports(EventLoopGroup group, Class<? extends ServerChannel> serverSocket,
                  Function<SocketProtocolFamily, Channel> socket, Class<? extends Channel> datagram,
                  boolean reusePort) {

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

    static Transports create() {
        int threads = Runtime.getRuntime().availableProcessors();
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("fulcrum-engine", true);
        if (Epoll.isAvailable()) {
            return new Transports(new MultiThreadIoEventLoopGroup(threads, threadFactory, EpollIoHandler.newFactory()),
                    EpollServerSocketChannel.class, EpollSocketChannel::new, EpollDatagramChannel.class, true);
        }
        LOG.warn("engine: native epoll is unavailable ({}); forwarding with Java NIO, which is slower",
                Epoll.unavailabilityCause().toString());
        return new Transports(new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory()),
                NioServerSocketChannel.class, family -> new NioSocketChannel(SelectorProvider.provider(), family),
                NioDatagramChannel.class, false);
    }

    /**
     * Makes sockets of the member's own family: an IPv4 socket spares the IPV6_V6ONLY call a dual-stack one costs on
     * every connection.
     */
    ChannelFactory<Channel> socketFor(InetAddress member) {
        SocketProtocolFamily family = member instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        return () -> socket.apply(family);
    }
}
