package io.fulcrum.dataplane;

import java.time.Instant;

/**
 * A member's state under one probe. {@code UNKNOWN} until the first result (a new target is probed at once); it
 * counts as not healthy, as in Azure, where a member takes no flows before its probe has succeeded.
 *
 * @param state  up, down or unknown
 * @param reason Azure's wording for the health API: "Up_Probe_Success", "Down_Probe_Failure: connection refused"
 * @param since  when the state last changed
 */
public record Health(State state, String reason, Instant since) {

    public enum State {
        UNKNOWN, UP, DOWN
    }

    public boolean up() {
        return state == State.UP;
    }
}
