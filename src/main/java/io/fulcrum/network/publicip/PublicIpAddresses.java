package io.fulcrum.network.publicip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress.IPVersion;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.References;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.network.RefKinds;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.ResourceQuery;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Public IP addresses ({@code network/2024-07-01/publicIpAddress.json}), with addresses drawn from the
 * {@link PublicIpPool}.
 *
 * <p>Every public IP holds an address from creation on, stored in its own row, and keeps it across updates; the
 * addresses in use are read from those rows, so two never share one. Azure shows no address for a Dynamic IP that
 * nothing uses, so a Dynamic IP's address is rendered only while a NIC ip configuration or a load-balancer frontend
 * names it (the reference index); it is reserved all the same, so it does not change when the IP is attached.
 * Standard IPs are always Static (enforced in {@link PublicIpEnvelope}).
 */
public final class PublicIpAddresses implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "publicIPAddresses",
            NetworkVersions.ALL);
    private static final NetworkFields FIELDS = NetworkFields.CANNOT_PARSE;

    /** Azure's own rule, quoted in its InvalidDomainNameLabel message. */
    private static final String LABEL_RULE = "^[a-z][a-z0-9-]{1,61}[a-z0-9]$";
    private static final String DNS_ZONE = ".cloudapp.azure.com";

    private final PublicIpPool pool;

    public PublicIpAddresses(PublicIpPool pool) {
        this.pool = pool;
    }

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public ErrorCode inUseCode() {
        return ErrorCode.PIP_IN_USE;
    }

    @Override
    public ObjectNode envelope(ResourceId id, JsonNode body, Optional<StoredResource> existing) {
        return PublicIpEnvelope.read(id, body, existing);
    }

    static String allocationMethod(JsonNode properties) {
        return FIELDS.choice(properties, "publicIPAllocationMethod", "properties.publicIPAllocationMethod",
                List.of("Static", "Dynamic")).orElse("Dynamic");
    }

    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        ObjectNode out = Json.object();
        String version = FIELDS.choice(properties, "publicIPAddressVersion",
                "properties.publicIPAddressVersion", List.of("IPv4", "IPv6")).orElse("IPv4");
        out.put("publicIPAddressVersion", version);
        out.put("publicIPAllocationMethod", allocationMethod(properties));
        int idle = FIELDS.integer(properties, "idleTimeoutInMinutes", "properties.idleTimeoutInMinutes")
                .orElse(4);
        if (idle < 4 || idle > 30) {
            throw new ArmException(ErrorCode.PIP_INVALID_IDLE_TIMEOUT, "Public IP address " + id.name() + " has"
                    + " invalid Idle Timeout. The value must be between 4 and 30; properties.idleTimeoutInMinutes"
                    + " is " + idle + ".", "properties.idleTimeoutInMinutes");
        }
        out.put("idleTimeoutInMinutes", idle);
        out.put("ipAddress", address(id, version, existing, tx));
        out.set("ipTags", ipTags(properties));
        dnsSettings(properties).ifPresent(d -> out.set("dnsSettings", d));
        ddosSettings(properties).ifPresent(d -> out.set("ddosSettings", d));
        FIELDS.choice(properties, "deleteOption", "properties.deleteOption", List.of("Delete", "Detach"))
                .ifPresent(d -> out.put("deleteOption", d));
        return out;
    }

    /**
     * The stored address when it is of the requested version (an update keeps it, whatever the request says:
     * Azure assigns addresses, clients do not), else the lowest free one in the pool.
     */
    private String address(ResourceId id, String version, Optional<StoredResource> existing, Tx tx) {
        String kept = existing.map(e -> e.body().path("properties").path("ipAddress").asText(null)).orElse(null);
        if (kept != null && existing.get().body().path("properties").path("publicIPAddressVersion").asText()
                .equals(version)) {
            return kept;
        }
        IPVersion ipVersion = version.equals("IPv6") ? IPVersion.IPV6 : IPVersion.IPV4;
        if (!pool.serves(ipVersion)) {
            throw new ArmException(ErrorCode.PIP_COUNT_LIMIT_REACHED, "Cannot create " + version + " public IP"
                    + " address " + id.name() + ": this Fulcrum has no " + version + " public IP pool (it serves "
                    + pool.describe() + "). Start 'fulcrum serve' with an " + version + " --public-ip-pool block.",
                    "properties.publicIPAddressVersion");
        }
        Set<String> used = new HashSet<>();
        for (StoredResource pip : all(tx)) {
            String a = pip.body().path("properties").path("ipAddress").asText(null);
            if (a != null && !pip.id().equals(id)) {
                used.add(PublicIpPool.canonical(a));
            }
        }
        return pool.allocate(ipVersion, used).orElseThrow(() -> new ArmException(ErrorCode.PIP_COUNT_LIMIT_REACHED,
                "Cannot create more public IP addresses: every " + version + " address of the public IP pool ("
                        + pool.describe() + ") is in use. Delete unused public IPs or start 'fulcrum serve' with a"
                        + " larger --public-ip-pool.", "properties.publicIPAddressVersion"));
    }

    /** Every public IP on this server, in any subscription: the pool and the DNS zone are shared by all. */
    private static List<StoredResource> all(Tx tx) {
        return tx.resources().list(ResourceQuery.inSubscription(null).ofType(TYPE.qualified()), null,
                Integer.MAX_VALUE);
    }

    private static ArrayNode ipTags(JsonNode properties) {
        JsonNode given = NetworkFields.array(properties, "ipTags", "properties.ipTags");
        ArrayNode tags = Json.array();
        for (int i = 0; i < given.size(); i++) {
            String path = "properties.ipTags[" + i + "]";
            if (!given.get(i).isObject()) {
                throw Bodies.wrongType(path, "a JSON object {ipTagType, tag}", given.get(i));
            }
            ObjectNode tag = tags.addObject();
            for (String member : List.of("ipTagType", "tag")) {
                String value = Bodies.string(given.get(i), member, path + "." + member);
                if (value != null) {
                    tag.put(member, value);
                }
            }
        }
        return tags;
    }

    /** The label is checked here; its fqdn needs the location, so it is rendered by {@link #derive}. */
    private static Optional<ObjectNode> dnsSettings(JsonNode properties) {
        JsonNode given = Bodies.object(properties, "dnsSettings", "properties.dnsSettings");
        String label = Bodies.string(given, "domainNameLabel", "properties.dnsSettings.domainNameLabel");
        Optional<String> scope = FIELDS.choice(given, "domainNameLabelScope",
                "properties.dnsSettings.domainNameLabelScope",
                List.of("TenantReuse", "SubscriptionReuse", "ResourceGroupReuse", "NoReuse"));
        String reverse = Bodies.string(given, "reverseFqdn", "properties.dnsSettings.reverseFqdn");
        if (label == null && scope.isEmpty() && reverse == null) {
            return Optional.empty();
        }
        ObjectNode out = Json.object();
        if (label != null) {
            if (!label.matches(LABEL_RULE)) {
                throw new ArmException(ErrorCode.INVALID_DOMAIN_NAME_LABEL, "The domain name label " + label
                        + " is invalid. It must conform to the following regular expression: " + LABEL_RULE + ".",
                        "properties.dnsSettings.domainNameLabel");
            }
            out.put("domainNameLabel", label);
        }
        scope.ifPresent(s -> out.put("domainNameLabelScope", s));
        if (reverse != null) {
            out.put("reverseFqdn", reverse);
        }
        return Optional.of(out);
    }

    private static Optional<ObjectNode> ddosSettings(JsonNode properties) {
        JsonNode given = Bodies.field(properties, "ddosSettings");
        if (given == null || given.isNull()) {
            return Optional.empty();
        }
        ObjectNode settings = Bodies.object(properties, "ddosSettings", "properties.ddosSettings");
        ObjectNode out = Json.object();
        FIELDS.choice(settings, "protectionMode", "properties.ddosSettings.protectionMode",
                List.of("VirtualNetworkInherited", "Enabled", "Disabled")).ifPresent(m -> out.put("protectionMode", m));
        // Fulcrum serves no DDoS protection plans: the reference is checked for shape and type, then kept as given.
        References.parse(Bodies.field(settings, "ddosProtectionPlan"), "properties.ddosSettings.ddosProtectionPlan",
                "Microsoft.Network/ddosProtectionPlans").ifPresent(p -> out.set("ddosProtectionPlan",
                References.ref(p)));
        return Optional.of(out);
    }

    /** A domain name label is one DNS name per region, whoever holds it (Azure's DnsRecordInUse). */
    @Override
    public void validate(StoredResource saved, Tx tx) {
        Optional<String> fqdn = fqdn(saved);
        if (fqdn.isEmpty()) {
            return;
        }
        for (StoredResource other : all(tx)) {
            if (!other.id().equals(saved.id()) && fqdn(other).filter(fqdn.get()::equalsIgnoreCase).isPresent()) {
                throw new ArmException(ErrorCode.DNS_RECORD_IN_USE, "DNS record " + fqdn.get() + " is already used"
                        + " by another public IP.", "properties.dnsSettings.domainNameLabel");
            }
        }
    }

    private static Optional<String> fqdn(StoredResource pip) {
        JsonNode body = pip.body();
        String label = body.path("properties").path("dnsSettings").path("domainNameLabel").asText(null);
        return Optional.ofNullable(label).map(l -> l + "." + body.path("location").asText() + DNS_ZONE);
    }

    @Override
    public void derive(StoredResource resource, ObjectNode properties, Tx tx) {
        List<Ref> users = tx.refs().to(resource.id(), RefKinds.PUBLIC_IP);
        if (!users.isEmpty()) {
            // The spec has one ipConfiguration; an address is associated with one thing at a time.
            properties.set("ipConfiguration", References.ref(users.get(0).from()));
        } else if ("Dynamic".equals(properties.path("publicIPAllocationMethod").asText())) {
            properties.remove("ipAddress");
        }
        fqdn(resource).ifPresent(f -> ((ObjectNode) properties.path("dnsSettings")).put("fqdn", f));
        // Standard IPs come with basic DDoS protection, which Azure reports as inherited from the network.
        if (PublicIpEnvelope.STANDARD.equals(resource.body().path("sku").path("name").asText())
                && !properties.has("ddosSettings")) {
            properties.putObject("ddosSettings").put("protectionMode", "VirtualNetworkInherited");
        }
    }
}
