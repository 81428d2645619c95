package io.fulcrum.dataplane;

/** What a listener was made from. */
public enum RuleKind {
    /** A load-balancing rule: a pool, hashing, probes, admin state. */
    LOAD_BALANCING,
    /** An inbound NAT rule: one member (v1, or one port of a v2 range); no probe, admin state not applied. */
    INBOUND_NAT
}
