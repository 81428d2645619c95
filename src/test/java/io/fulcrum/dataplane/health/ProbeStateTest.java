package io.fulcrum.dataplane.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.dataplane.Health.State;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProbeStateTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final ProbeResult OK = ProbeResult.SUCCESS;
    private static final ProbeResult REFUSED = ProbeResult.failure("connection refused");

    @Test
    void firstResultDecidesAtOnceWhateverTheThreshold() {
        ProbeState up = ProbeState.unknown(T0).next(OK, 5, T0.plusSeconds(1));
        ProbeState down = ProbeState.unknown(T0).next(REFUSED, 5, T0.plusSeconds(1));

        assertThat(up.health().state()).isEqualTo(State.UP);
        assertThat(up.health().reason()).isEqualTo("Up_Probe_Success");
        assertThat(up.health().since()).isEqualTo(T0.plusSeconds(1));
        assertThat(down.health().state()).isEqualTo(State.DOWN);
        assertThat(down.health().reason()).isEqualTo("Down_Probe_Failure: connection refused");
    }

    @Test
    void thresholdThreeNeedsThreeFailuresInARowToGoDown() {
        ProbeState s = ProbeState.unknown(T0).next(OK, 3, T0);

        s = s.next(REFUSED, 3, T0.plusSeconds(1));
        assertThat(s.health().state()).isEqualTo(State.UP);
        s = s.next(REFUSED, 3, T0.plusSeconds(2));
        assertThat(s.health().state()).isEqualTo(State.UP);
        s = s.next(OK, 3, T0.plusSeconds(3));
        s = s.next(REFUSED, 3, T0.plusSeconds(4));
        s = s.next(REFUSED, 3, T0.plusSeconds(5));
        assertThat(s.health().state()).as("the success in between restarted the count").isEqualTo(State.UP);
        s = s.next(REFUSED, 3, T0.plusSeconds(6));

        assertThat(s.health().state()).isEqualTo(State.DOWN);
        assertThat(s.health().since()).isEqualTo(T0.plusSeconds(6));
    }

    @Test
    void thresholdIsSymmetricOnTheWayBackUp() {
        ProbeState s = ProbeState.unknown(T0).next(REFUSED, 2, T0);

        s = s.next(OK, 2, T0.plusSeconds(1));
        assertThat(s.health().state()).isEqualTo(State.DOWN);
        s = s.next(OK, 2, T0.plusSeconds(2));

        assertThat(s.health().state()).isEqualTo(State.UP);
    }

    @Test
    void aFurtherFailureUpdatesTheReasonButNotSince() {
        ProbeState down = ProbeState.unknown(T0).next(REFUSED, 1, T0);

        ProbeState later = down.next(ProbeResult.httpStatus(503), 1, T0.plusSeconds(5));

        assertThat(later.health().reason()).isEqualTo("Down_Probe_Failure: HTTP 503");
        assertThat(later.health().since()).isEqualTo(T0);
        assertThat(later.flippedFrom(down)).isFalse();
    }
}
