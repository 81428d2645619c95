package io.fulcrum.dataplane.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies what one side of a flow reads to the other side. Back-pressure: when the peer's outbound buffer passes its
 * high water mark this side stops reading, and the peer's relay turns reading back on once it drains below the low
 * mark, so a flow never queues more than the water mark per direction. A FIN is passed on only after every byte
 * before it was written, and a side is closed once both of its directions are shut.
 */
final class Relay extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    private final TcpFlow flow;
    private final Channel peer;
    private final LongAdder bytes;
    private final LongAdder reads;

    Relay(TcpFlow flow, Channel peer, LongAdder bytes, LongAdder reads) {
        this.flow = flow;
        this.peer = peer;
        this.bytes = bytes;
        this.reads = reads;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        if (!peer.isActive()) {
            data.release();
            return;
        }
        bytes.add(data.readableBytes());
        reads.increment();
        peer.write(data, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flow.touch();
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            resumeReading(peer);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            DuplexChannel self = (DuplexChannel) ctx.channel();
            DuplexChannel other = (DuplexChannel) peer;
            if (other.isActive() && !other.isOutputShutdown()) {
                // An empty write completes after every write queued before it: the FIN follows the last byte.
                other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> {
                    if (flushed.isSuccess()) {
                        passFinOn(other);
                    }
                });
            }
            // Level-triggered epoll keeps reporting a socket at its end as readable; without this the loop wakes
            // once more for it before Netty drops it.
            self.config().setAutoRead(false);
            closeIfShut(self);
        }
        ctx.fireUserEventTriggered(event);
    }

    /**
     * Sends a FIN on a side whose queued writes are all out. When that side has already read its own FIN both
     * directions are done, and a plain close sends the FIN for less than shutdown and close. Otherwise only the output
     * is shut, and the side's half-closure is turned off: its input has nowhere left to go once it ends, so Netty may
     * close the side on that FIN at once instead of shutting its input and telling the relay, which would close it
     * anyway.
     */
    private static void passFinOn(DuplexChannel side) {
        if (side.isInputShutdown()) {
            side.close();
            return;
        }
        side.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        if (side instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            // Netty's shutdownOutput builds an exception with a stack trace, once per flow, to fail the writes still
            // queued; none are, so the FIN goes out directly. The socket keeps the state that isOutputShutdown reads.
            try {
                socket.shutdown(false, true);
            } catch (IOException e) {
                LOG.debug("engine: passing a FIN on to {} fails: {}", side.remoteAddress(), e.toString());
                side.close();
            }
            return;
        }
        side.shutdownOutput().addListener(shut -> closeIfShut(side));
    }

    /**
     * Turns reading back on unless the input has ended: epoll has already dropped interest in a socket whose input
     * is shut, and asking for reads on it again fails.
     */
    static void resumeReading(Channel channel) {
        if (!((DuplexChannel) channel).isInputShutdown()) {
            channel.config().setAutoRead(true);
        }
    }

    private static void closeIfShut(DuplexChannel channel) {
        if (channel.isInputShutdown() && channel.isOutputShutdown()) {
            channel.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or broken pipe on one side is passed on as a reset of the other, as an L4 balancer would.
        LOG.debug("engine: flow {} <-> {} ends on error: {}", ctx.channel().remoteAddress(), peer.remoteAddress(),
                cause.toString());
        flow.reset();
    }
}
