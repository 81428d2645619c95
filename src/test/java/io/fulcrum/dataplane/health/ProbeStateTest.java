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
    @Test
    void aMemberThatFallsAgainSoonAfterComingBackNeedsTwiceAsManySuccessesEachTime() {
        ProbeState s = ProbeState.unknown(T0).next(OK, 1, T0);
        s = s.next(REFUSED, 1, T0.plusSeconds(5));
        assertThat(s.health().reason()).as("the first fall of a stable member is plain")
                .isEqualTo("Down_Probe_Failure: connection refused");
        s = s.next(OK, 1, T0.plusSeconds(10));
        assertThat(s.health().state()).as("one success brings it back the first time").isEqualTo(State.UP);

        s = s.next(REFUSED, 1, T0.plusSeconds(15)); // back for 5 s only: flapping
        assertThat(s.health().state()).isEqualTo(State.DOWN);
        assertThat(s.health().reason()).isEqualTo("Down_Probe_Flapping: it fell again within 60 s of coming back"
                + " (Down_Probe_Failure: connection refused)");
        s = s.next(OK, 1, T0.plusSeconds(20));
        assertThat(s.health().state()).isEqualTo(State.DOWN);
        assertThat(s.health().reason()).isEqualTo("Down_Probe_Flapping: 1 of 2 successes in a row it needs to come"
                + " back");
        s = s.next(OK, 1, T0.plusSeconds(25));
        assertThat(s.health().state()).isEqualTo(State.UP);

        s = s.next(REFUSED, 1, T0.plusSeconds(30));
        for (int i = 1; i < 4; i++) {
            s = s.next(OK, 1, T0.plusSeconds(30 + 5L * i));
            assertThat(s.health().state()).as("success %d of 4", i).isEqualTo(State.DOWN);
        }
        s = s.next(OK, 1, T0.plusSeconds(50));
        assertThat(s.health().state()).isEqualTo(State.UP);
    }

    @Test
    void theHoldStopsGrowingAtEightTimesTheThreshold() {
        ProbeState s = ProbeState.unknown(T0).next(REFUSED, 1, T0);
        long t = 0;
        for (int fall = 0; fall < 6; fall++) {
            while (s.health().state() == State.DOWN) {
                s = s.next(OK, 1, T0.plusSeconds(++t));
            }
            s = s.next(REFUSED, 1, T0.plusSeconds(++t));
        }
        int needed = 0;
        while (s.health().state() == State.DOWN) {
            s = s.next(OK, 1, T0.plusSeconds(++t));
            needed++;
        }
        assertThat(needed).isEqualTo(8);
    }

    @Test
    void aMemberThatStaysUpForTheWindowIsTrustedAgain() {
        ProbeState s = ProbeState.unknown(T0).next(REFUSED, 1, T0);
        s = s.next(OK, 1, T0.plusSeconds(5));
        s = s.next(REFUSED, 1, T0.plusSeconds(10));
        s = s.next(OK, 1, T0.plusSeconds(15));
        s = s.next(OK, 1, T0.plusSeconds(20));
        assertThat(s.health().state()).isEqualTo(State.UP);

        s = s.next(REFUSED, 1, T0.plusSeconds(20 + ProbeState.FLAP_WINDOW.toSeconds()));
        assertThat(s.health().reason()).isEqualTo("Down_Probe_Failure: connection refused");
        s = s.next(OK, 1, T0.plusSeconds(25 + ProbeState.FLAP_WINDOW.toSeconds()));
        assertThat(s.health().state()).isEqualTo(State.UP);
    }

    @Test
    void aNewMembersFirstUpIsNotARecovery() {
        ProbeState s = ProbeState.unknown(T0).next(OK, 1, T0);
        s = s.next(REFUSED, 1, T0.plusSeconds(1));
        s = s.next(OK, 1, T0.plusSeconds(2));

        assertThat(s.health().state()).isEqualTo(State.UP);
    }
}
