package io.fulcrum.dataplane;

/** A listener's transport. A rule with protocol {@code All} becomes one listener of each. */
public enum Transport {
    TCP, UDP
}
