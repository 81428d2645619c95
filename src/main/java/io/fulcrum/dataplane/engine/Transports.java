package io.fulcrum.dataplane.engine;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The event loops and the channel classes that go with them: native epoll where it loads, NIO otherwise. */
record Transports(EventLoopGroup group, Class<? extends ServerChannel> serverSocket,
                  Class<? extends Channel> socket, Class<? extends Channel> datagram) {

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

    static Transports create() {
        int threads = Runtime.getRuntime().availableProcessors();
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("fulcrum-engine", true);
        if (Epoll.isAvailable()) {
            return new Transports(new MultiThreadIoEventLoopGroup(threads, threadFactory, EpollIoHandler.newFactory()),
                    EpollServerSocketChannel.class, EpollSocketChannel.class, EpollDatagramChannel.class);
        }
        LOG.warn("engine: native epoll is unavailable ({}); forwarding with Java NIO, which is slower",
                Epoll.unavailabilityCause().toString());
        return new Transports(new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory()),
                NioServerSocketChannel.class, NioSocketChannel.class, NioDatagramChannel.class);
    }
}
