package io.fulcrum.dataplane.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fulcrum.dataplane.Health;
import io.fulcrum.dataplane.Health.State;
import io.fulcrum.dataplane.HealthKey;
import io.fulcrum.dataplane.ProbeProtocol;
import io.fulcrum.dataplane.ProbeTarget;
import io.fulcrum.dataplane.Snapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Probes real servers on loopback, with intervals short enough to see several probes per test. */
class ProberTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final InetAddress MEMBER = loopback("127.0.0.1");

    /** One state change as a listener saw it, with how many probes the member had answered by then. */
    record Flip(HealthKey key, State state, int answered) {
    }

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final List<Flip> flips = new CopyOnWriteArrayList<>();
    private Prober prober;
    private IntSupplier answered = () -> 0;

    /**
     * A cold JVM can take longer than one short interval over its first HTTP probe (class loading on both ends),
     * and a timeout there would change the sequence of results that some tests count on.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        try (HttpMember member = HttpMember.http(MEMBER); Prober warm = new Prober(new SimpleMeterRegistry(),
                Clock.systemUTC())) {
            ProbeTarget target = new ProbeTarget("warm-up", ProbeProtocol.HTTP, MEMBER, member.port(), "/",
                    Duration.ofSeconds(5), 1);
            warm.apply(snapshot(1, target));
            await().atMost(PATIENCE).until(() -> warm.health(target.key()).up());
        }
    }

    @BeforeEach
    void start() {
        prober = new Prober(metrics, Clock.systemUTC());
        prober.onChange(key -> flips.add(new Flip(key, prober.health(key).state(), answered.getAsInt())));
    }

    @AfterEach
    void stop() {
        prober.close();
    }

    @Test
    void theVersionMovesOnEveryFlipAndEveryChangeOfTargetsAndOnlyThen() throws Exception {
        try (TcpMember member = TcpMember.accepting(MEMBER)) {
            // A longer interval than the other tests use: an answer that comes late on a loaded machine would time
            // out as a real flip, and this test counts flips.
            ProbeTarget target = new ProbeTarget("p-version", ProbeProtocol.TCP, MEMBER, member.port(), null,
                    Duration.ofSeconds(1), 1);
            long before = prober.version();

            prober.apply(snapshot(1, target));
            awaitState(target, State.UP);
            long up = prober.version();
            // One move for the new target, one for its flip to UP (which may come before apply returns).
            assertThat(up).isGreaterThanOrEqualTo(before + 2);
            // Probes that agree with the state leave it where it is.
            await().atMost(PATIENCE).until(() -> member.accepted() >= 3);
            assertThat(prober.version()).isEqualTo(up);

            member.stopListening();
            awaitState(target, State.DOWN);
            long down = prober.version();
            assertThat(down).isGreaterThan(up);
            prober.apply(snapshot(2));
            assertThat(prober.version()).isGreaterThan(down);
        }
    }

    @Test
    void tcpIsUpWhileListeningDownWhenTheListenerClosesAndUpAgainWhenItListens() throws Exception {
        try (TcpMember member = TcpMember.accepting(MEMBER)) {
            ProbeTarget target = tcp("p-tcp", member.port(), 1);

            prober.apply(snapshot(1, target));
            awaitState(target, State.UP);
            assertThat(prober.health(target.key()).reason()).isEqualTo("Up_Probe_Success");
            assertThat(availability(target)).isEqualTo(100.0);

            member.stopListening();
            awaitState(target, State.DOWN);
            assertThat(prober.health(target.key()).reason()).isEqualTo("Down_Probe_Failure: connection refused");
            assertThat(availability(target)).isEqualTo(0.0);

            member.listen();
            awaitState(target, State.UP);
            assertThat(availability(target)).isEqualTo(100.0);
        }
    }

    @Test
    void onChangeFiresOncePerFlipNotPerProbeAndSurvivesAFailingListener() throws Exception {
        prober.onChange(key -> {
            throw new IllegalStateException("a listener that always fails");
        });
        try (TcpMember member = TcpMember.accepting(MEMBER)) {
            ProbeTarget target = tcp("p-flips", member.port(), 1);
            prober.apply(snapshot(1, target));
            awaitState(target, State.UP);
            member.stopListening();
            awaitState(target, State.DOWN);
            member.listen();
            int probesBefore = member.accepted();
            await().atMost(PATIENCE).until(() -> member.accepted() >= probesBefore + 5);

            assertThat(flips).extracting(Flip::state).containsExactly(State.UP, State.DOWN, State.UP);
        }
    }

    @Test
    void anUnknownKeyIsUnknownAndANewTargetIsProbedAtOnce() throws Exception {
        assertThat(prober.health(new HealthKey("nothing", MEMBER)).state()).isEqualTo(State.UNKNOWN);
        try (TcpMember member = TcpMember.accepting(MEMBER)) {
            // An interval far longer than the test: only the probe sent on apply can make it UP.
            ProbeTarget target = new ProbeTarget("p-now", ProbeProtocol.TCP, MEMBER, member.port(), null,
                    Duration.ofMinutes(10), 1);

            prober.apply(snapshot(1, target));

            awaitState(target, State.UP);
        }
    }

    @Test
    void theFirstFailureDecidesAtOnceEvenWithAThreshold() throws Exception {
        ProbeTarget target = tcp("p-refused", freePort(), 3);

        prober.apply(snapshot(1, target));

        awaitState(target, State.DOWN);
        assertThat(prober.health(target.key()).reason()).isEqualTo("Down_Probe_Failure: connection refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP", "HTTPS"})
    void httpIsNeverSentToThePortsAzureRefusesWhileTcpStillIs(String protocol) throws Exception {
        // An address nothing on this host listens on, whatever mail service it runs on 127.0.0.1.
        InetAddress quiet = loopback("127.25.0.1");
        ProbeTarget web = new ProbeTarget("p-blocked", ProbeProtocol.valueOf(protocol), quiet, 25, "/", INTERVAL, 1);
        ProbeTarget tcp = new ProbeTarget("p-tcp-25", ProbeProtocol.TCP, quiet, 25, null, INTERVAL, 1);

        prober.apply(snapshot(1, web, tcp));

        awaitState(web, State.DOWN);
        assertThat(prober.health(web.key()).reason()).isEqualTo("Down_Probe_Failure: an " + protocol
                + " probe is not sent to port 25 (Azure does not probe ports [19, 21, 25, 70, 110, 119, 143, 220, 993]"
                + " over HTTP or HTTPS)");
        awaitState(tcp, State.DOWN);
        assertThat(prober.health(tcp.key()).reason()).isEqualTo("Down_Probe_Failure: connection refused");
    }

    @Test
    void http200IsUpAndTheRequestLooksLikeAzures() throws Exception {
        try (HttpMember member = HttpMember.http(MEMBER)) {
            ProbeTarget target = http("p-http", ProbeProtocol.HTTP, member.port(), "/healthz?deep=1", 1);

            prober.apply(snapshot(1, target));

            awaitState(target, State.UP);
            HttpMember.Request request = member.requests().get(0);
            assertThat(request.target()).isEqualTo("/healthz?deep=1");
            assertThat(request.headers().getFirst("Host")).isEqualTo("127.0.0.1:" + member.port());
            assertThat(request.headers().getFirst("User-Agent")).isEqualTo("Load Balancer Agent");
            assertThat(request.headers().getFirst("Connection")).isEqualToIgnoringCase("close");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 302, 204})
    void anyStatusOtherThan200IsDown(int status) throws Exception {
        try (HttpMember member = HttpMember.http(MEMBER)) {
            member.answer(status);
            ProbeTarget target = http("p-status", ProbeProtocol.HTTP, member.port(), "/", 1);

            prober.apply(snapshot(1, target));

            await().atMost(PATIENCE).until(() -> prober.health(target.key()).reason(),
                    reason -> reason.equals("Down_Probe_Failure: HTTP " + status));
            assertThat(prober.health(target.key()).state()).isEqualTo(State.DOWN);
        }
    }

    @Test
    void aMemberThatAcceptsButNeverAnswersTimesOutAndIsDown() throws Exception {
        try (TcpMember member = TcpMember.silent(MEMBER)) {
            ProbeTarget target = http("p-stall", ProbeProtocol.HTTP, member.port(), "/", 1);

            prober.apply(snapshot(1, target));

            awaitState(target, State.DOWN);
            assertThat(member.accepted()).isPositive();
            assertThat(prober.health(target.key()).reason())
                    .isEqualTo("Down_Probe_Failure: timed out after " + INTERVAL.toMillis() + " ms");
        }
    }

    @Test
    void httpsIsUpWithASelfSignedCertificateForAnotherName() throws Exception {
        try (HttpMember member = HttpMember.https(MEMBER, SelfSigned.serverContext())) {
            ProbeTarget target = http("p-https", ProbeProtocol.HTTPS, member.port(), "/tls", 1);

            prober.apply(snapshot(1, target));

            awaitState(target, State.UP);
            assertThat(member.requests()).extracting(HttpMember.Request::target).contains("/tls");
        }
    }

    @Test
    void thresholdThreeFlipsOnlyAfterThreeFailuresInARow() throws Exception {
        try (HttpMember member = HttpMember.http(MEMBER)) {
            answered = () -> member.requests().size();
            // Two failures, a success that restarts the count, then failures for good: the third of those is the
            // seventh answer, and nothing before it may take the member down.
            member.answer(200, 500, 500, 200, 500, 500, 500);
            ProbeTarget target = http("p-threshold", ProbeProtocol.HTTP, member.port(), "/", 3);

            prober.apply(snapshot(1, target));

            awaitState(target, State.DOWN);
            assertThat(flips).extracting(Flip::state).containsExactly(State.UP, State.DOWN);
            assertThat(flips.get(1).answered()).isGreaterThanOrEqualTo(7);
        }
    }

    @Test
    void aRemovedTargetIsNoLongerProbedAndLosesItsGauge() throws Exception {
        try (TcpMember member = TcpMember.accepting(MEMBER)) {
            ProbeTarget target = tcp("p-removed", member.port(), 1);
            prober.apply(snapshot(1, target));
            await().atMost(PATIENCE).until(() -> member.accepted() >= 3);

            prober.apply(snapshot(2));
            int seen = member.accepted();

            assertThat(prober.health(target.key()).state()).isEqualTo(State.UNKNOWN);
            assertThat(metrics.find(TargetProbe.AVAILABILITY_GAUGE).gauges()).isEmpty();
            // Allow for one connection already on its way when the target went; ten intervals would bring more.
            await().during(INTERVAL.multipliedBy(10)).atMost(PATIENCE)
                    .until(() -> member.accepted() <= seen + 1);
        }
    }

    @Test
    void aMemberThatLeavesAndComesBackLogsOnlyTheFlipsItReallyMade() throws Exception {
        ListAppender<ILoggingEvent> lines = captureLog();
        try (TcpMember member = TcpMember.accepting(MEMBER)) {
            member.stopListening();
            ProbeTarget target = tcp("p-return", member.port(), 1);
            prober.apply(snapshot(1, target));
            awaitState(target, State.DOWN);

            // Back while still refusing: a new target, but the member's health did not change.
            prober.apply(snapshot(2));
            prober.apply(snapshot(3, target));
            awaitState(target, State.DOWN);
            // Back once it listens again: that is a flip.
            prober.apply(snapshot(4));
            member.listen();
            prober.apply(snapshot(5, target));
            awaitState(target, State.UP);

            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(line -> line.startsWith("Probe p-return "))
                    .map(line -> line.substring(line.indexOf(" is ") + 4, line.indexOf(':', line.indexOf(" is "))))
                    .containsExactly("DOWN", "UP");
        } finally {
            ((Logger) LoggerFactory.getLogger(TargetProbe.class)).detachAppender(lines);
        }
    }

    @Test
    void aMemberRemovedAndAddedAgainHasOneGaugeThatFollowsTheNewTarget() throws Exception {
        try (TcpMember member = TcpMember.accepting(MEMBER)) {
            ProbeTarget target = tcp("p-gauge", member.port(), 1);
            prober.apply(snapshot(1, target));
            awaitState(target, State.UP);

            prober.apply(snapshot(2));
            member.stopListening();
            prober.apply(snapshot(3, target));
            awaitState(target, State.DOWN);

            assertThat(metrics.find(TargetProbe.AVAILABILITY_GAUGE).gauges()).hasSize(1);
            assertThat(availability(target)).isEqualTo(0.0);
        }
    }

    private static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(TargetProbe.class)).addAppender(appender);
        return appender;
    }

    @Test
    void aSurvivingTargetKeepsItsStateWhenIntervalAndThresholdChange() throws Exception {
        try (TcpMember member = TcpMember.accepting(MEMBER); TcpMember other = TcpMember.accepting(MEMBER)) {
            ProbeTarget target = tcp("p-keep", member.port(), 1);
            prober.apply(snapshot(1, target));
            awaitState(target, State.UP);
            Health before = prober.health(target.key());

            ProbeTarget changed = new ProbeTarget("p-keep", ProbeProtocol.TCP, MEMBER, member.port(), null,
                    Duration.ofMillis(100), 2);
            prober.apply(snapshot(2, changed, tcp("p-other", other.port(), 1)));

            assertThat(prober.health(target.key())).isEqualTo(before);
            int probesBefore = member.accepted();
            await().atMost(PATIENCE).until(() -> member.accepted() >= probesBefore + 3);
            assertThat(prober.health(target.key())).isEqualTo(before);
            assertThat(flips).filteredOn(f -> f.key().equals(target.key())).hasSize(1);
        }
    }

    @Test
    void aChangedProtocolIsANewProbeThatRestartsAtUnknown() throws Exception {
        try (HttpMember member = HttpMember.http(MEMBER)) {
            member.answer(500);
            ProbeTarget asHttp = http("p-switch", ProbeProtocol.HTTP, member.port(), "/", 1);
            prober.apply(snapshot(1, asHttp));
            awaitState(asHttp, State.DOWN);

            // The same port over TCP: the server accepts, so the probe is up whatever HTTP status it would give.
            ProbeTarget asTcp = tcp("p-switch", member.port(), 1);
            prober.apply(snapshot(2, asTcp));

            awaitState(asTcp, State.UP);
            assertThat(flips).extracting(Flip::state).containsExactly(State.DOWN, State.UNKNOWN, State.UP);
        }
    }

    private void awaitState(ProbeTarget target, State state) {
        await().atMost(PATIENCE).until(() -> prober.health(target.key()).state() == state);
    }

    private double availability(ProbeTarget target) {
        Gauge gauge = metrics.get(TargetProbe.AVAILABILITY_GAUGE)
                .tag("probe", target.probeId())
                .tag("member", "127.0.0.1:" + target.port())
                .gauge();
        return gauge.value();
    }

    private static ProbeTarget tcp(String probeId, int port, int threshold) {
        return new ProbeTarget(probeId, ProbeProtocol.TCP, MEMBER, port, null, INTERVAL, threshold);
    }

    private static ProbeTarget http(String probeId, ProbeProtocol protocol, int port, String path, int threshold) {
        return new ProbeTarget(probeId, protocol, MEMBER, port, path, INTERVAL, threshold);
    }

    private static Snapshot snapshot(long generation, ProbeTarget... targets) {
        return new Snapshot(generation, List.of(), List.of(targets), List.of());
    }

    /** A loopback port nothing listens on: connections to it are refused. */
    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, MEMBER)) {
            return s.getLocalPort();
        }
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
