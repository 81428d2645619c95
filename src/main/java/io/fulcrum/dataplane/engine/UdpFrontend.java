package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.HealthView;
import io.fulcrum.dataplane.Listener;
import io.fulcrum.dataplane.Member;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP frontend: one session per client address, each with its own socket connected to the session's member, so
 * the member's replies come back on that socket and are sent to the client from the frontend socket. Sessions are
 * created and ended only on the frontend socket's event loop, which also serves every session socket; the map is
 * concurrent only so that {@link #state} can read it from elsewhere.
 *
 * <p>Nothing is queued without bound: a datagram that finds its socket's outbound buffer full is dropped, as a
 * congested network would.
 */
final class UdpFrontend extends Frontend {

    private static final Logger LOG = LoggerFactory.getLogger(UdpFrontend.class);

    /** The largest UDP payload; a smaller buffer would truncate big datagrams silently. */
    static final FixedRecvByteBufAllocator WHOLE_DATAGRAMS = new FixedRecvByteBufAllocator(65535);

    private final Map<InetSocketAddress, UdpSession> sessions = new ConcurrentHashMap<>();

    UdpFrontend(Listener.Key key, Transports transports, HealthView health, MeterRegistry registry) {
        super(key, transports, health, registry);
    }

    @Override
    List<ChannelFuture> bind(InetSocketAddress address) {
        // No SO_REUSEADDR: on Linux it would let a second UDP socket bind the same port and steal datagrams.
        return List.of(new Bootstrap()
                .group(transports.group())
                .channel(transports.datagram())
                .option(ChannelOption.RCVBUF_ALLOCATOR, WHOLE_DATAGRAMS)
                .handler(new FromClients())
                .bind(address));
    }

    private void received(Channel frontendSocket, DatagramPacket datagram) {
        InetSocketAddress client = datagram.sender();
        UdpSession session = sessions.get(client);
        if (session == null) {
            Plan current = plan;
            Member member = current.pick(client, current.listener.frontend());
            if (member == null) {
                return;
            }
            session = new UdpSession(this, member, client, frontendSocket, meters);
            sessions.put(client, session);
            session.connect(new Bootstrap()
                    .group(frontendSocket.eventLoop())
                    .channel(transports.datagram())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, WHOLE_DATAGRAMS)
                    .handler(session.replies()), new InetSocketAddress(member.address(),
                    current.listener.backendPort()));
        }
        session.send(datagram.content().retain());
    }

    void ended(UdpSession session) {
        sessions.remove(session.client, session);
    }

    @Override
    void membersChanged(Plan previous, Plan next) {
        endSessionsOffPlan();
    }

    @Override
    void healthChanged() {
        endSessionsOffPlan();
    }

    /**
     * A session whose member may no longer take new flows ends, so the client's next datagram picks again: UDP flows
     * move off a member that goes down, is set admin Down or leaves.
     */
    private void endSessionsOffPlan() {
        Channel socket = channel();
        if (socket == null) {
            return;
        }
        socket.eventLoop().execute(() -> {
            Plan current = plan;
            List.copyOf(sessions.values()).stream()
                    .filter(session -> !current.selects(session.member))
                    .forEach(UdpSession::end);
        });
    }

    @Override
    int activeFlows() {
        return sessions.size();
    }

    @Override
    Stream<Member> flowMembers() {
        return sessions.values().stream().map(session -> session.member);
    }

    @Override
    void endAllFlows() {
        List.copyOf(sessions.values()).forEach(UdpSession::end);
    }

    private final class FromClients extends SimpleChannelInboundHandler<DatagramPacket> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
            received(ctx.channel(), datagram);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("engine: {} of {}: error on the frontend socket: {}", name, plan.listener.ruleId(),
                    cause.toString());
        }
    }
}
