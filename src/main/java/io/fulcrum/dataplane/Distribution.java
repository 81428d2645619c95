package io.fulcrum.dataplane;

/** A rule's {@code loadDistribution}: which fields of a new flow pick its member. */
public enum Distribution {
    /** {@code Default}: source IP and port, destination IP and port, protocol. */
    FIVE_TUPLE,
    /** {@code SourceIP}: source IP and destination IP. */
    SOURCE_IP,
    /** {@code SourceIPProtocol}: source IP, destination IP and protocol. */
    SOURCE_IP_PROTOCOL
}
