package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.HealthView;
import io.fulcrum.dataplane.Listener;
import io.fulcrum.dataplane.Member;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP frontend: accepts, dials the picked member on the accepted connection's own event loop and relays both ways.
 *
 * <p>A connect failure is not retried on another member: a load balancer forwards the SYN and the member's refusal
 * reaches the client, and a retry would hide a broken member that its probe does not catch.
 */
final class TcpFrontend extends Frontend {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFrontend.class);

    /** Bounds what one direction of one flow may queue before its reader stops: 256 KiB. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Set<TcpFlow> flows = ConcurrentHashMap.newKeySet();
    /** Pending resets of the flows of members that left, by member id. */
    private final Map<String, ScheduledFuture<?>> drains = new ConcurrentHashMap<>();
    /** Whether the last connection to each member (by id) succeeded; logs once per change, not per connection. */
    private final Map<String, Boolean> lastConnectOk = new ConcurrentHashMap<>();
    private final ChannelHandler acceptor = new Acceptor();
    /**
     * The member-side settings, cloned per connection. The address is always resolved already, so the resolver (a
     * lookup per connect) is off.
     */
    private final Bootstrap dialer;

    TcpFrontend(Listener.Key key, Transports transports, HealthView health, MeterRegistry registry) {
        super(key, transports, health, registry);
        dialer = new Bootstrap()
                .disableResolver()
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
    }

    @Override
    List<ChannelFuture> bind(InetSocketAddress address) {
        if (!transports.reusePort() || heldElsewhere(address)) {
            // Held: the plain bind fails with "address already in use", which is reported like any bind failure.
            return List.of(listen(transports.group(), address, false));
        }
        // One socket per event loop, each serving its own connections: the kernel spreads new connections over
        // them, and no accepted connection is queued to another thread (and wakes it with an eventfd when it sleeps).
        List<ChannelFuture> sockets = new ArrayList<>();
        for (EventExecutor loop : transports.group()) {
            sockets.add(listen((EventLoop) loop, address, true));
        }
        return sockets;
    }

    /**
     * SO_REUSEPORT would let these sockets share the port with any other process of this user that sets it too (a
     * second Fulcrum with the same public IP pool, say), each getting a share of the connections without a word. A
     * plain bind first finds any holder, with or without SO_REUSEPORT, so a taken port is still reported as taken;
     * and once this group holds the port, another process's plain bind fails the same way.
     */
    private static boolean heldElsewhere(InetSocketAddress address) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private ChannelFuture listen(EventLoopGroup loops, InetSocketAddress address, boolean reusePort) {
        // SO_REUSEADDR lets a restart bind past TIME_WAIT. SO_REUSEPORT shares the port only among sockets that all
        // set it under the same user: a port held by a socket without it still fails with "address already in use".
        // TCP_NODELAY is not set here nor on the member side: Netty turns it on for every socket it makes on Linux,
        // and setting it again would cost a system call per connection.
        // AUTO_READ is on from the start so that a request that came with the handshake is read while the member is
        // dialled, in the same wake-up that sees the member's answer; EarlyData holds it until then.
        ServerBootstrap listener = new ServerBootstrap()
                .group(loops)
                .channel(transports.serverSocket())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(acceptor);
        if (reusePort) {
            listener.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        return listener.bind(address);
    }

    private void accept(SocketChannel inbound) {
        Plan current = plan;
        FrontendMeters counters = meters;
        counters.syn.increment();
        Member member = current.pick(inbound.remoteAddress(), inbound.localAddress());
        if (member == null) {
            TcpFlow.reset(inbound);
            return;
        }
        TcpFlow flow = new TcpFlow(this, member, inbound, counters);
        inbound.pipeline().addLast(flow.earlyData());
        flows.add(flow);
        inbound.closeFuture().addListener(closed -> {
            flows.remove(flow);
            flow.ended();
        });
        InetSocketAddress target = new InetSocketAddress(member.address(), current.listener.backendPort());
        dialer.clone(inbound.eventLoop())
                .channelFactory(transports.socketFor(member.address()))
                .handler(flow.outboundRelay())
                .connect(target)
                .addListener((ChannelFuture connected) -> {
                    connectOutcome(member, target, connected.cause());
                    if (connected.isSuccess()) {
                        flow.start((SocketChannel) connected.channel());
                    } else {
                        counters.connectFailures.increment();
                        flow.reset();
                    }
                });
    }

    private void connectOutcome(Member member, InetSocketAddress target, Throwable failure) {
        boolean ok = failure == null;
        Boolean before = lastConnectOk.get(member.id());
        if (before != null && before == ok) {
            return;
        }
        lastConnectOk.put(member.id(), ok);
        if (!ok) {
            LOG.warn("engine: {} of {}: connecting to member {} at {} fails: {}; its clients are reset", name,
                    plan.listener.ruleId(), member.id(), target, failure.toString());
        } else if (before != null) {
            LOG.info("engine: {} of {}: member {} at {} accepts connections again", name, plan.listener.ruleId(),
                    member.id(), target);
        }
    }

    @Override
    void membersChanged(Plan previous, Plan next) {
        Set<String> serving = next.listener.members().stream()
                .filter(member -> !next.adminDown(member))
                .map(Member::id)
                .collect(Collectors.toSet());
        for (Member member : previous.listener.members()) {
            if (!previous.adminDown(member) && !serving.contains(member.id())) {
                startDrain(member.id(), next.listener.drainPeriod());
            }
        }
        for (String id : serving) {
            ScheduledFuture<?> pending = drains.remove(id);
            if (pending != null) {
                pending.cancel(false);
            }
        }
        lastConnectOk.keySet().retainAll(next.listener.members().stream().map(Member::id).toList());
    }

    /** Established flows to a member that left go on for the drain period, then both sides are reset. */
    private void startDrain(String memberId, Duration period) {
        if (period == null) {
            return;
        }
        drains.computeIfAbsent(memberId, id -> transports.group().next().schedule(() -> {
            drains.remove(id);
            flows.stream().filter(flow -> flow.member.id().equals(id)).forEach(TcpFlow::reset);
        }, period.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    void healthChanged() {
        // Established TCP flows stay on a member that turns unhealthy; new flows read health when they start.
    }

    @Override
    int activeFlows() {
        return flows.size();
    }

    @Override
    Stream<Member> flowMembers() {
        return flows.stream().map(flow -> flow.member);
    }

    @Override
    void endAllFlows() {
        drains.values().forEach(pending -> pending.cancel(false));
        drains.clear();
        // Waited for (when called off the event loops, as apply is): once a removed listener is gone, a client must
        // not get one more request relayed by a flow whose reset is still queued.
        List<ChannelFuture> resets = flows.stream().map(TcpFlow::reset).toList();
        for (ChannelFuture reset : resets) {
            if (!reset.channel().eventLoop().inEventLoop()) {
                reset.awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
    }

    @ChannelHandler.Sharable
    private final class Acceptor extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.pipeline().remove(this);
            accept((SocketChannel) ctx.channel());
        }
    }
}
