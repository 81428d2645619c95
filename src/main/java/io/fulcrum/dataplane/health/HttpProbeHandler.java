package io.fulcrum.dataplane.health;

import io.fulcrum.dataplane.ProbeTarget;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Sends one GET the way Azure's probe does and judges the status line alone: 200 is healthy, anything else (a
 * redirect included) is not. The body is read to its end only so that the connection ends with a FIN: closing a
 * socket with unread data resets it, and members would log every probe as a reset connection.
 */
final class HttpProbeHandler extends ChannelInboundHandlerAdapter {

    /** Azure's probe identifies itself this way, and some applications answer it specially. */
    private static final String USER_AGENT = "Load Balancer Agent";

    private final ProbeTarget target;
    private final ProbeClient.Attempt attempt;
    /** Decided by the status line; delivered once the response has been read to its end. */
    private ProbeResult verdict;

    HttpProbeHandler(ProbeTarget target, ProbeClient.Attempt attempt) {
        this.target = target;
        this.attempt = attempt;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Over HTTPS the TLS handler holds this write until its handshake is done.
        ctx.writeAndFlush(request());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                int status = response.status().code();
                verdict = status == HttpResponseStatus.OK.code() ? ProbeResult.SUCCESS : ProbeResult.httpStatus(status);
            }
            if (msg instanceof LastHttpContent && verdict != null) {
                attempt.finish(verdict);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            attempt.finish(ProbeResult.failure(handshake.cause()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        attempt.finish(ProbeResult.failure(cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        attempt.finish(verdict != null ? verdict : ProbeResult.failure("connection closed before a response"));
        ctx.fireChannelInactive();
    }

    private FullHttpRequest request() {
        String path = target.requestPath() == null || target.requestPath().isEmpty() ? "/" : target.requestPath();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path,
                Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, ProbeClient.hostAndPort(target))
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return request;
    }
}
