package io.fulcrum.dataplane.health;

import io.fulcrum.dataplane.ProbeProtocol;
import io.fulcrum.dataplane.ProbeTarget;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Sends single probes over Netty, on one event loop that is also the prober's scheduler. A probe is a fresh
 * connection: Azure's probes do not reuse connections, and a member that accepts but then stalls must fail.
 */
final class ProbeClient implements AutoCloseable {

    /** Azure: an HTTP(S) probe times out after min(interval, 30 s); a TCP probe when the next one is due. */
    private static final Duration HTTP_TIMEOUT_CAP = Duration.ofSeconds(30);
    /** Ports Azure refuses to HTTP(S) probes (load-balancer-custom-probe-overview.md). */
    static final List<Integer> HTTP_BLOCKED_PORTS = List.of(19, 21, 25, 70, 110, 119, 143, 220, 993);

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final SslContext tls;

    ProbeClient() {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fulcrum-probe", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        loop = group.next();
        bootstrap = new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
        try {
            // Azure's probe does not validate the member's certificate chain (and cannot know its name), so
            // neither do we; there is no client certificate either.
            tls = SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot set up TLS for HTTPS probes: " + e.getMessage(), e);
        }
    }

    EventLoop loop() {
        return loop;
    }

    static Duration timeout(ProbeTarget target) {
        return target.protocol() == ProbeProtocol.TCP || target.interval().compareTo(HTTP_TIMEOUT_CAP) < 0
                ? target.interval() : HTTP_TIMEOUT_CAP;
    }

    /** The member as the Host header, the logs and the gauge name it: 10.0.0.4:80, [fd00::4]:80. */
    static String hostAndPort(ProbeTarget target) {
        String host = target.address().getHostAddress();
        return (target.address() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + target.port();
    }

    /** Starts one probe; {@code done} is called on the loop exactly once, unless the attempt is cancelled first. */
    Attempt start(ProbeTarget target, Consumer<ProbeResult> done) {
        assert loop.inEventLoop();
        Attempt attempt = new Attempt(done);
        if (target.protocol() != ProbeProtocol.TCP && HTTP_BLOCKED_PORTS.contains(target.port())) {
            // Azure's prober does not send HTTP to these ports, so such a probe never succeeds there; no connection
            // is made here either. Answered on a later turn of the loop, as a real attempt would be.
            loop.execute(() -> attempt.finish(ProbeResult.failure("an " + target.protocol() + " probe is not sent"
                    + " to port " + target.port() + " (Azure does not probe ports " + HTTP_BLOCKED_PORTS
                    + " over HTTP or HTTPS)")));
            return attempt;
        }
        Duration timeout = timeout(target);
        attempt.timer = loop.schedule(() -> attempt.finish(ProbeResult.timedOut(timeout)),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        ChannelFuture connect = bootstrap.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(pipeline(target, attempt))
                .connect(new InetSocketAddress(target.address(), target.port()));
        attempt.channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                attempt.finish(f.cause() instanceof ConnectTimeoutException
                        ? ProbeResult.timedOut(timeout) : ProbeResult.failure(f.cause()));
            } else if (target.protocol() == ProbeProtocol.TCP) {
                attempt.finish(ProbeResult.SUCCESS);
            }
        });
        return attempt;
    }

    private ChannelInitializer<Channel> pipeline(ProbeTarget target, Attempt attempt) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (target.protocol() == ProbeProtocol.TCP) {
                    return;
                }
                if (target.protocol() == ProbeProtocol.HTTPS) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), target.address().getHostAddress(),
                            target.port()));
                }
                ch.pipeline().addLast(new HttpClientCodec(), new HttpProbeHandler(target, attempt));
            }
        };
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One probe in flight. Touched only on the loop, so its fields need no synchronisation. */
    static final class Attempt {

        private final Consumer<ProbeResult> done;
        private ScheduledFuture<?> timer;
        private Channel channel;
        private boolean finished;

        private Attempt(Consumer<ProbeResult> done) {
            this.done = done;
        }

        void finish(ProbeResult result) {
            if (end()) {
                done.accept(result);
            }
        }

        /** Ends the attempt without a result: its target was removed or its probe changed. */
        void cancel() {
            end();
        }

        private boolean end() {
            if (finished) {
                return false;
            }
            finished = true;
            if (timer != null) { // null when no connection was made
                timer.cancel(false);
                channel.close();
            }
            return true;
        }
    }
}
