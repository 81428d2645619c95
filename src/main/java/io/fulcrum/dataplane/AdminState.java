package io.fulcrum.dataplane;

/** A pool member's {@code adminState}. */
public enum AdminState {
    /** Probes decide. */
    NONE,
    /** In new-flow selection whatever the probes say. */
    UP,
    /** Out of new-flow selection at once; established TCP drains, UDP flows move. */
    DOWN
}
