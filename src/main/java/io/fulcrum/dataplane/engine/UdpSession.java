package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.Member;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client address's flow on a UDP frontend. Lives on the frontend socket's event loop. */
final class UdpSession {

    private static final Logger LOG = LoggerFactory.getLogger(UdpSession.class);

    final Member member;
    final InetSocketAddress client;
    private final UdpFrontend frontend;
    private final Channel frontendSocket;
    private final FrontendMeters meters;
    private ChannelFuture connected;
    private long lastTraffic = System.nanoTime();
    private boolean ended;

    UdpSession(UdpFrontend frontend, Member member, InetSocketAddress client, Channel frontendSocket,
               FrontendMeters meters) {
        this.frontend = frontend;
        this.member = member;
        this.client = client;
        this.frontendSocket = frontendSocket;
        this.meters = meters;
    }

    void connect(Bootstrap bootstrap, InetSocketAddress target) {
        connected = bootstrap.connect(target);
        connected.addListener(done -> {
            if (!done.isSuccess()) {
                end();
            }
        });
        watchIdle(frontend.plan.listener.idleTimeout().toNanos());
    }

    SimpleChannelInboundHandler<DatagramPacket> replies() {
        return new SimpleChannelInboundHandler<>(false) {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket reply) {
                ByteBuf payload = reply.content();
                if (!frontendSocket.isWritable()) {
                    payload.release();
                    return;
                }
                lastTraffic = System.nanoTime();
                meters.bytesOut.add(payload.readableBytes());
                meters.packetsOut.increment();
                frontendSocket.writeAndFlush(new DatagramPacket(payload, client), frontendSocket.voidPromise());
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // Mostly ICMP port unreachable on the connected socket: the member is not listening. The client's
                // next datagram starts a new session, which picks again under the plan then in force.
                LOG.debug("engine: UDP session {} -> {} ends: {}", client, ctx.channel().remoteAddress(),
                        cause.toString());
                end();
            }
        };
    }

    /** Sends a client's datagram to the member, taking ownership of the buffer. */
    void send(ByteBuf payload) {
        lastTraffic = System.nanoTime();
        meters.bytesIn.add(payload.readableBytes());
        meters.packetsIn.increment();
        if (connected.isDone()) {
            write(payload);
        } else {
            connected.addListener(done -> write(payload));
        }
    }

    private void write(ByteBuf payload) {
        Channel socket = connected.channel();
        if (!socket.isActive() || !socket.isWritable()) {
            payload.release();
            return;
        }
        socket.writeAndFlush(payload, socket.voidPromise());
    }

    private void watchIdle(long delayNanos) {
        frontendSocket.eventLoop().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkIdle() {
        if (ended) {
            return;
        }
        long limit = frontend.plan.listener.idleTimeout().toNanos();
        long idle = System.nanoTime() - lastTraffic;
        if (idle < limit) {
            watchIdle(limit - idle);
        } else {
            end();
        }
    }

    /** Closes the member socket; the client's next datagram starts a new session. Runs on the event loop. */
    void end() {
        if (!frontendSocket.eventLoop().inEventLoop()) {
            frontendSocket.eventLoop().execute(this::end);
            return;
        }
        if (ended) {
            return;
        }
        ended = true;
        frontend.ended(this);
        connected.channel().close();
    }
}
