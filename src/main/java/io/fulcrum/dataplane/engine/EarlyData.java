package io.fulcrum.dataplane.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Holds what a client sends while its member is being dialled: the client side reads from the start, so that a
 * request that came with the handshake is in hand when the member answers, and a client that sends and half-closes
 * at once keeps its request. Reading pauses once the flow's water mark is held, as the relay's back-pressure would.
 */
final class EarlyData extends ChannelInboundHandlerAdapter {

    private final TcpFlow flow;
    /** Made on the first early read: most clients wait for the connection before they send. */
    private Queue<ByteBuf> received;
    private int receivedBytes;
    private boolean inputShutdown;

    EarlyData(TcpFlow flow) {
        this.flow = flow;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (received == null) {
            received = new ArrayDeque<>();
        }
        ByteBuf data = (ByteBuf) msg;
        received.add(data);
        receivedBytes += data.readableBytes();
        if (receivedBytes >= TcpFrontend.WATER_MARK.high()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            // Level-triggered epoll keeps reporting a socket at its end as readable.
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        releaseAll();
        flow.reset();
    }

    /** Puts the relay in its place and hands it, in order, what arrived so far. */
    void replaceWith(ChannelPipeline pipeline, Relay relay) {
        pipeline.replace(this, "relay", relay);
        if (received != null) {
            received.forEach(pipeline::fireChannelRead);
            received = null;
            pipeline.fireChannelReadComplete();
        }
        if (inputShutdown) {
            pipeline.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    private void releaseAll() {
        if (received != null) {
            received.forEach(ByteBuf::release);
            received = null;
        }
    }
}
