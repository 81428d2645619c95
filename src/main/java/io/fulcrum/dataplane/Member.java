package io.fulcrum.dataplane;

import java.net.InetAddress;

/**
 * One backend a listener may forward to. The port is the listener's {@code backendPort}.
 *
 * @param id                  stable identity across snapshots: the NIC ip configuration id for NIC-based members,
 *                            the pool id + "/loadBalancerBackendAddresses/" + name for IP-based ones (case-folded)
 * @param ipConfigurationId   the NIC ip configuration id as the API shows it, or null (an address with no NIC)
 * @param overlayAddress      the address as the API shows it (10.0.0.4)
 * @param address             the host address that is dialled (127.10.0.4); always inside the allowed networks
 * @param adminState          the member's admin state in this pool
 */
public record Member(String id, String ipConfigurationId, String overlayAddress, InetAddress address,
                     AdminState adminState) {
}
