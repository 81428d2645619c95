package io.fulcrum.dataplane;

import java.net.InetAddress;

/** What a health state belongs to: a probe (case-folded id) and a member's host address. */
public record HealthKey(String probeId, InetAddress address) {
}
