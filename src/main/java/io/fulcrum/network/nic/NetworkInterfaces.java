package io.fulcrum.network.nic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.network.RefKinds;
import io.fulcrum.network.vnet.Subnets;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Network interfaces ({@code network/2024-07-01/networkInterface.json}). A NIC's ip configurations are written
 * inline by its PUT and stored as rows of their own ({@link IpConfigurations}); the rules spanning all of them run
 * in {@link #validate}. Load-balancer pool membership is stored here, on the ip configurations, and nowhere else:
 * a pool's backendIPConfigurations is the reference index read backwards.
 *
 * <p>The compute family attaches a NIC to a VM by recording a {@link RefKinds#NETWORK_INTERFACE} reference from the
 * VM: the NIC then renders {@code virtualMachine} and refuses deletion with NicInUse. The NIC-level read-only
 * {@code primary} (which NIC of a VM is its first) belongs to that family too and is not rendered until it exists.
 */
public final class NetworkInterfaces implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "networkInterfaces",
            NetworkVersions.ALL);
    private static final NetworkFields FIELDS = NetworkFields.PLAIN;
    private static final String VM_TYPE = "Microsoft.Compute/virtualMachines";

    private static final List<String> NIC_TYPES = List.of("Standard", "Elastic");
    private static final List<String> AUXILIARY_MODES = List.of("None", "MaxConnections", "Floating",
            "AcceleratedConnections");
    private static final List<String> AUXILIARY_SKUS = List.of("None", "A1", "A2", "A4", "A8");
    private static final List<String> MIGRATION_PHASES = List.of("None", "Prepare", "Commit", "Abort", "Committed");

    private final IpConfigurations ipConfigurations;
    private final NicConfigurations configurations;
    private final NicLoadBalancers loadBalancers;

    /** @param families the registered family of a qualified type (the loadBalancers view renders through it) */
    public NetworkInterfaces(IpConfigurations ipConfigurations, Clock clock,
                             Function<String, Optional<ResourceFamily>> families) {
        this.ipConfigurations = ipConfigurations;
        this.configurations = new NicConfigurations(ipConfigurations, clock);
        this.loadBalancers = new NicLoadBalancers(families);
    }

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public Map<String, ResourceFamily> inlineChildren() {
        return Map.of("ipConfigurations", ipConfigurations);
    }

    @Override
    public ErrorCode inUseCode() {
        return ErrorCode.NIC_IN_USE;
    }

    @Override
    public void registerExtraRoutes(Router router, Store store) {
        loadBalancers.register(router, store);
    }

    /**
     * Read-only members a GET-modify-PUT sends back (macAddress, virtualMachine, primary, vnetEncryptionSupported,
     * appliedDnsServers ...) are not read; the MAC address is assigned once, at creation, and kept.
     */
    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        References.resolve(Bodies.field(properties, "networkSecurityGroup"), "properties.networkSecurityGroup",
                Subnets.NSG_TYPE, id, tx).ifPresent(nsg -> out.set("networkSecurityGroup", References.ref(nsg.id())));
        out.set("dnsSettings", NicDns.settings(properties));
        for (String flag : List.of("enableAcceleratedNetworking", "enableIPForwarding", "disableTcpStateTracking")) {
            out.put(flag, NetworkFields.bool(properties, flag, "properties." + flag).orElse(false));
        }
        out.put("nicType", choice(properties, "nicType", NIC_TYPES, "Standard"));
        out.put("auxiliaryMode", choice(properties, "auxiliaryMode", AUXILIARY_MODES, "None"));
        out.put("auxiliarySku", choice(properties, "auxiliarySku", AUXILIARY_SKUS, "None"));
        FIELDS.choice(properties, "migrationPhase", "properties.migrationPhase", MIGRATION_PHASES)
                .ifPresent(phase -> out.put("migrationPhase", phase));
        String workload = Bodies.string(properties, "workloadType", "properties.workloadType");
        if (workload != null) {
            out.put("workloadType", workload);
        }
        String mac = existing.map(e -> e.body().path("properties").path("macAddress").asText(null)).orElse(null);
        out.put("macAddress", mac != null ? mac : MacAddresses.next(tx));
        return out;
    }

    private static String choice(JsonNode properties, String name, List<String> allowed, String dflt) {
        return FIELDS.choice(properties, name, "properties." + name, allowed).orElse(dflt);
    }

    @Override
    public void validate(StoredResource saved, Tx tx) {
        configurations.settle(saved, tx);
    }

    @Override
    public List<Ref> references(ResourceId id, ObjectNode properties) {
        List<Ref> refs = new ArrayList<>();
        ResourceId.parse(properties.path("networkSecurityGroup").path("id").asText(null))
                .ifPresent(nsg -> refs.add(new Ref(id, nsg, RefKinds.NSG)));
        return refs;
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        NicDns.derive(properties, tx);
        properties.put("vnetEncryptionSupported", false);
        properties.putArray("hostedWorkloads");
        properties.putArray("tapConfigurations");
        tx.refs().to(resource.id(), RefKinds.NETWORK_INTERFACE).stream().map(Ref::from)
                .filter(from -> from.type().equalsIgnoreCase(VM_TYPE)).findFirst()
                .ifPresent(vm -> properties.set("virtualMachine", References.ref(vm)));
    }
}
