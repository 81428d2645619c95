package io.fulcrum.dataplane;

import java.net.InetAddress;
import java.time.Duration;

/**
 * One (probe, member address) pair. Two rules sharing a probe and a member share one target; its identity across
 * snapshots is {@link #key()}, and a target whose key survives keeps its state and its schedule.
 *
 * @param probeId     the probe id, case-folded
 * @param protocol    TCP, HTTP or HTTPS
 * @param address     the host address probed (already mapped and allowed)
 * @param port        the probe's port
 * @param requestPath the HTTP(S) path, null for TCP
 * @param interval    time between probes; an HTTP(S) probe times out after min(interval, 30 s)
 * @param threshold   consecutive results in the other direction that flip the state ({@code probeThreshold})
 */
public record ProbeTarget(String probeId, ProbeProtocol protocol, InetAddress address, int port, String requestPath,
                          Duration interval, int threshold) {

    public HealthKey key() {
        return new HealthKey(probeId, address);
    }
}
