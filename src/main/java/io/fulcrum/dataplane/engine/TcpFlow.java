package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.Member;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection and its connection to a member. Both channels share the accepted connection's event loop,
 * so the fields below are touched by one thread only; {@link #reset} may be called from any thread and hops there.
 */
final class TcpFlow {

    final Member member;
    private final TcpFrontend frontend;
    private final SocketChannel inbound;
    private final FrontendMeters meters;
    /** Until the member answers; dropped then, so that a long-lived flow does not keep it. */
    private EarlyData early = new EarlyData(this);
    private SocketChannel outbound;
    /** System.nanoTime of the last read in either direction. */
    private long lastTraffic = System.nanoTime();
    /** The pending idle check, cancelled when the flow ends so that a closed flow is not kept alive until it fires. */
    private ScheduledFuture<?> idleCheck;

    TcpFlow(TcpFrontend frontend, Member member, SocketChannel inbound, FrontendMeters meters) {
        this.frontend = frontend;
        this.member = member;
        this.inbound = inbound;
        this.meters = meters;
    }

    /** The client side's handler until the member answers. */
    EarlyData earlyData() {
        return early;
    }

    /** The member side's handler, installed before the connect so that nothing it receives is missed. */
    Relay outboundRelay() {
        return new Relay(this, inbound, meters.bytesOut, meters.packetsOut);
    }

    /** The member accepted: relay both ways and start watching for idleness. */
    void start(SocketChannel connected) {
        outbound = connected;
        if (!inbound.isActive()) {
            connected.close();
            return;
        }
        early.replaceWith(inbound.pipeline(), new Relay(this, connected, meters.bytesIn, meters.packetsIn));
        early = null;
        Relay.resumeReading(connected);
        Relay.resumeReading(inbound);
        watchIdle(frontend.plan.listener.idleTimeout().toNanos());
    }

    void touch() {
        lastTraffic = System.nanoTime();
    }

    private void watchIdle(long delayNanos) {
        idleCheck = inbound.eventLoop().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** The client side closed: called on the flow's event loop. */
    void ended() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
    }

    private void checkIdle() {
        if (!inbound.isOpen()) {
            return;
        }
        // The plan in force now decides, so a changed idle timeout applies to flows already open.
        Plan current = frontend.plan;
        long limit = current.listener.idleTimeout().toNanos();
        long idle = System.nanoTime() - lastTraffic;
        if (idle < limit) {
            watchIdle(limit - idle);
        } else if (current.listener.tcpReset()) {
            reset();
        } else {
            close();
        }
    }

    /** Ends both sides with RST; the returned future completes once the client side is closed. */
    ChannelFuture reset() {
        if (!inbound.eventLoop().inEventLoop()) {
            inbound.eventLoop().execute(this::reset);
            return inbound.closeFuture();
        }
        reset(inbound);
        if (outbound != null) {
            reset(outbound);
        }
        return inbound.closeFuture();
    }

    private void close() {
        inbound.close();
        if (outbound != null) {
            outbound.close();
        }
    }

    /** SO_LINGER 0 makes close() send RST instead of FIN and drop what is still queued. */
    static void reset(Channel channel) {
        if (channel.isOpen()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }
    }
}
