package io.fulcrum.network;

/**
 * The kinds of reference Microsoft.Network resources record in the reference index. A back-reference is a query
 * for one kind into a target, optionally narrowed by the source's type (a pool's {@code backendIPConfigurations}
 * are the BACKEND_POOL references made by NIC ip configurations; its {@code loadBalancingRules} are those made by
 * rules).
 */
public final class RefKinds {

    /** NIC ip configuration or LB frontend to its subnet. */
    public static final String SUBNET = "subnet";
    /** NIC ip configuration or LB frontend to its public IP. */
    public static final String PUBLIC_IP = "publicIPAddress";
    /** NIC or subnet to its NSG. */
    public static final String NSG = "networkSecurityGroup";
    /** NIC ip configuration to an application security group. */
    public static final String ASG = "applicationSecurityGroup";
    /** NIC ip configuration, LB rule, NAT rule (v2) or outbound rule to a backend pool. */
    public static final String BACKEND_POOL = "backendAddressPool";
    /** NIC ip configuration to an inbound NAT rule (v1). */
    public static final String INBOUND_NAT_RULE = "inboundNatRule";
    /** LB rule, NAT rule, NAT pool or outbound rule to a frontend ip configuration. */
    public static final String FRONTEND = "frontendIPConfiguration";
    /** LB rule to its probe. */
    public static final String PROBE = "probe";
    /** NIC ip configuration to an application gateway backend pool. */
    public static final String APP_GATEWAY_POOL = "applicationGatewayBackendAddressPool";
    /** Backend pool (or one of its addresses) to a virtual network. */
    public static final String VIRTUAL_NETWORK = "virtualNetwork";
    /**
     * Virtual machine (Microsoft.Compute) to a NIC it uses. The compute family records it; the NIC renders its
     * read-only {@code virtualMachine} from it and cannot be deleted while it exists.
     */
    public static final String NETWORK_INTERFACE = "networkInterface";

    private RefKinds() {
    }
}
