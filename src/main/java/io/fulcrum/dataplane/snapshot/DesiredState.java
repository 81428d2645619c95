package io.fulcrum.dataplane.snapshot;

import io.fulcrum.dataplane.AdminState;
import io.fulcrum.dataplane.Distribution;
import io.fulcrum.dataplane.ProbeProtocol;
import java.util.List;

/**
 * What the stored load balancers ask the data plane to do, read in one store transaction and nothing more: ids as
 * the API shows them, addresses as the API shows them (overlay), Azure's spelling for protocols. Turning it into
 * running state is {@link SnapshotBuilder}'s job.
 */
public record DesiredState(List<Balancer> balancers) {

    public DesiredState {
        balancers = List.copyOf(balancers);
    }

    /**
     * One load balancer.
     *
     * @param outboundRules the ids of its outbound rules (stored, never enforced)
     */
    public record Balancer(String id, List<Frontend> frontends, List<Pool> pools, List<Probe> probes,
                           List<Rule> rules, List<NatRule> natRules, List<String> outboundRules) {

        public Balancer {
            frontends = List.copyOf(frontends);
            pools = List.copyOf(pools);
            probes = List.copyOf(probes);
            rules = List.copyOf(rules);
            natRules = List.copyOf(natRules);
            outboundRules = List.copyOf(outboundRules);
        }
    }

    /**
     * A frontend IP configuration.
     *
     * @param address   its private IP address, or its public IP's ipAddress; null when it has none
     * @param noAddress when {@code address} is null, why (a public IP prefix, a public IP with no address yet)
     */
    public record Frontend(String id, String address, String noAddress) {
    }

    /**
     * A backend address pool.
     *
     * @param drainPeriodInSeconds the pool's drain period, or null when it has none
     * @param members              in pool order (IP-based addresses as stored, then NIC ip configurations)
     */
    public record Pool(String id, Integer drainPeriodInSeconds, List<PoolMember> members) {

        public Pool {
            members = List.copyOf(members);
        }
    }

    /**
     * A pool member, or the target of an inbound NAT rule.
     *
     * @param id                the pool id + "/loadBalancerBackendAddresses/" + name for an IP-based member, the NIC
     *                          ip configuration id for a NIC-based one
     * @param ipConfigurationId the NIC ip configuration, or null for an IP-based member
     * @param address           the overlay address (ipAddress, or the NIC's privateIPAddress); null when it has none
     */
    public record PoolMember(String id, String ipConfigurationId, String address, AdminState adminState) {
    }

    /** @param failOpen {@code noHealthyBackendsBehavior: AllProbedUp} */
    public record Probe(String id, ProbeProtocol protocol, int port, String requestPath, int intervalInSeconds,
                        int probeThreshold, boolean failOpen) {
    }

    /**
     * A load-balancing rule.
     *
     * @param protocol "Tcp", "Udp" or "All"
     * @param poolIds  backendAddressPool and backendAddressPools together, first the former
     * @param probeId  null when the rule has no probe
     */
    public record Rule(String id, String frontendId, List<String> poolIds, String probeId, String protocol,
                       int frontendPort, int backendPort, Distribution distribution, int idleTimeoutInMinutes,
                       boolean enableTcpReset, boolean enableFloatingIP, boolean disableOutboundSnat) {

        public Rule {
            poolIds = List.copyOf(poolIds);
        }
    }

    /**
     * An inbound NAT rule, v1 or v2, with the frontend port each of its targets gets: v1 has at most one target (the
     * NIC ip configuration that names the rule) on frontendPort; v2 has one per pool member, ports as the API shows
     * them in {@code inboundNatRulesPortMapping}.
     *
     * @param protocol "Tcp", "Udp" or "All"
     */
    public record NatRule(String id, String frontendId, String protocol, int backendPort, int idleTimeoutInMinutes,
                          boolean enableTcpReset, boolean enableFloatingIP, List<NatTarget> targets) {

        public NatRule {
            targets = List.copyOf(targets);
        }
    }

    public record NatTarget(int frontendPort, PoolMember member) {
    }
}
