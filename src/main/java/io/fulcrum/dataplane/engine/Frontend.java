package io.fulcrum.dataplane.engine;

import io.fulcrum.dataplane.HealthView;
import io.fulcrum.dataplane.Listener;
import io.fulcrum.dataplane.Member;
import io.fulcrum.dataplane.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frontend socket and its flows, kept across snapshots while its {@link Listener.Key} survives. {@link #update}
 * and {@link #close} are called by {@link Engine#apply} one at a time; flows read {@link #plan} and {@link #meters}
 * once when they start.
 */
abstract class Frontend {

    private static final Logger LOG = LoggerFactory.getLogger(Frontend.class);

    final Listener.Key key;
    /** "127.0.0.7:80/TCP": the frontend tag of its meters and the subject of its problems. */
    final String name;
    final Transports transports;
    private final HealthView health;
    private final MeterRegistry registry;

    volatile Plan plan;
    volatile FrontendMeters meters;
    /** The bound sockets: one, or with SO_REUSEPORT one per event loop; empty while unbound. */
    private volatile List<Channel> channels = List.of();
    private volatile String bindError;

    Frontend(Listener.Key key, Transports transports, HealthView health, MeterRegistry registry) {
        this.key = key;
        this.name = describe(key);
        this.transports = transports;
        this.health = health;
        this.registry = registry;
    }

    /** Swaps in the listener's settings and members, then opens the socket if it is not open yet. */
    final void update(Listener listener) {
        Plan previous = plan;
        Plan next = new Plan(listener, health, previous);
        plan = next;
        if (previous == null || !previous.listener.ruleId().equals(listener.ruleId())) {
            FrontendMeters old = meters;
            meters = new FrontendMeters(registry, name, listener.ruleId(), this::activeFlows, this::availability);
            if (old != null) {
                old.remove();
            }
        }
        if (previous != null) {
            membersChanged(previous, next);
        }
        if (channels.isEmpty()) {
            bind();
        }
    }

    /** All of the frontend's sockets or none: a socket that bound while another failed is closed again. */
    private void bind() {
        List<ChannelFuture> attempts = bind(key.frontend());
        attempts.forEach(ChannelFuture::awaitUninterruptibly);
        Optional<Throwable> failure = attempts.stream().map(ChannelFuture::cause).filter(Objects::nonNull).findFirst();
        if (failure.isEmpty()) {
            channels = attempts.stream().map(ChannelFuture::channel).toList();
            bindError = null;
            LOG.info("engine: listening on {} for {}", name, plan.listener.ruleId());
        } else {
            attempts.stream().filter(ChannelFuture::isSuccess)
                    .forEach(bound -> bound.channel().close().awaitUninterruptibly());
            bindError = reason(failure.get());
        }
    }

    Optional<Problem> problem() {
        String error = bindError;
        return error == null ? Optional.empty()
                : Optional.of(new Problem(plan.listener.ruleId(), "frontend " + name, error));
    }

    ListenerState state() {
        Map<String, Integer> perMember = new LinkedHashMap<>();
        for (Member member : plan.listener.members()) {
            perMember.put(member.id(), 0);
        }
        flowMembers().forEach(member -> perMember.merge(member.id(), 1, Integer::sum));
        return new ListenerState(key, plan.listener.ruleId(), !channels.isEmpty(), bindError, perMember);
    }

    /** Closes the sockets and ends every flow at once (TCP with RST), then drops the meters. */
    final void close() {
        channels.forEach(open -> open.close().awaitUninterruptibly());
        endAllFlows();
        meters.remove();
    }

    /** The first bound socket (a UDP frontend's only one), or null while unbound. */
    final Channel channel() {
        List<Channel> bound = channels;
        return bound.isEmpty() ? null : bound.get(0);
    }

    private Number availability() {
        return !channels.isEmpty() && plan.anyEligible() ? 100 : 0;
    }

    /** Starts binding the frontend's sockets, one future per socket. */
    abstract List<ChannelFuture> bind(InetSocketAddress address);

    /** Reacts to members leaving, coming back or changing admin state; the new plan is already live. */
    abstract void membersChanged(Plan previous, Plan next);

    /** A probe result flipped somewhere; the plan's eligible set may have changed. */
    abstract void healthChanged();

    abstract int activeFlows();

    abstract Stream<Member> flowMembers();

    abstract void endAllFlows();

    static String describe(Listener.Key key) {
        InetSocketAddress address = key.frontend();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return host + ":" + address.getPort() + "/" + key.transport();
    }

    /** The kernel's reason in the words an operator reads on the status board. */
    private static String reason(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("address already in use")) {
            return "address already in use";
        }
        if (lower.contains("cannot assign requested address")) {
            return "address not available on this host";
        }
        if (lower.contains("permission denied")) {
            return "permission denied (ports below 1024 need CAP_NET_BIND_SERVICE)";
        }
        return message;
    }
}
