package io.fulcrum.dataplane.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Holds what a client sent while its member was being dialled. AUTO_READ is off until then, but epoll still reads a
 * socket to its end when the peer's FIN arrives (EPOLLRDHUP), so a client that sends and half-closes at once would
 * otherwise lose its request. Bounded by the socket's receive buffer: nothing past the FIN can arrive.
 */
final class EarlyData extends ChannelInboundHandlerAdapter {

    private final TcpFlow flow;
    /** Made on the first early read: most clients wait for the connection before they send. */
    private Queue<ByteBuf> received;
    private boolean inputShutdown;

    EarlyData(TcpFlow flow) {
        this.flow = flow;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (received == null) {
            received = new ArrayDeque<>();
        }
        received.add((ByteBuf) msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
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
