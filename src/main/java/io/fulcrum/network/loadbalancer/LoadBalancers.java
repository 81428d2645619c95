package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.ResourceTypes.ResourceType;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.json.Json;
import io.fulcrum.arm.resource.Bodies;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.store.RefTable.Ref;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Load balancers ({@code network/2024-07-01/loadBalancer.json}). The load balancer's own document holds only its
 * envelope (sku, extendedLocation); everything else is seven inline child collections, each child its own row.
 * They are written frontends first, then pools and probes, then the rules that name those; a GET renders all seven,
 * empty ones included ({@code az network lb probe create} fails on a missing {@code probes}, clients.md section 5).
 */
public final class LoadBalancers implements ResourceFamily {

    public static final ResourceType TYPE = new ResourceType("Microsoft.Network", "loadBalancers",
            NetworkVersions.ALL);

    /** The load balancer an action's path names ({@code .../loadBalancers/{loadBalancerName}/...}). */
    static ResourceId fromPath(Request r) {
        return ResourceId.resource(r.param("subscriptionId"), r.param("resourceGroupName"), TYPE.namespace(),
                TYPE.type(), r.param("loadBalancerName"));
    }
    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

    private final Frontends frontends = new Frontends();
    private final BackendPools pools = new BackendPools();
    private final Probes probes = new Probes();
    private final LoadBalancingRules rules = new LoadBalancingRules();
    private final InboundNatRules natRules = new InboundNatRules();
    private final OutboundRules outboundRules = new OutboundRules();
    private final Map<String, ResourceFamily> inline;
    private final Function<String, Optional<ResourceFamily>> families;
    private final Clock clock;
    private final RuleHealth ruleHealth;

    /**
     * @param families the registered family of a resource type, by qualified type (any case): the NIC list of a
     *                 load balancer renders NICs the way their own family does, and migrateToIpBased re-indexes
     *                 the ip configurations it rewrites through theirs
     * @param clock      the time of the writes migrateToIpBased makes
     * @param ruleHealth answers a rule's health action from the data plane's live state
     */
    public LoadBalancers(Function<String, Optional<ResourceFamily>> families, Clock clock, RuleHealth ruleHealth) {
        this.families = families;
        this.clock = clock;
        this.ruleHealth = ruleHealth;
        Map<String, ResourceFamily> m = new LinkedHashMap<>();
        m.put("frontendIPConfigurations", frontends);
        m.put("backendAddressPools", pools);
        m.put("probes", probes);
        m.put("loadBalancingRules", rules);
        m.put("inboundNatRules", natRules);
        m.put("inboundNatPools", new InboundNatPools());
        m.put("outboundRules", outboundRules);
        this.inline = Collections.unmodifiableMap(m);
    }

    /** The child families with routes of their own (inbound NAT pools have none). */
    public List<ResourceFamily> addressableChildren() {
        return List.of(frontends, pools, probes, rules, natRules, outboundRules);
    }

    @Override
    public ResourceType type() {
        return TYPE;
    }

    @Override
    public Map<String, ResourceFamily> inlineChildren() {
        return inline;
    }

    /**
     * {@code sku} and {@code extendedLocation}. A PUT without them keeps the stored ones: clients on api-versions
     * before SKUs existed (2015-06-15 templates) must not turn a Standard load balancer into a Basic one.
     */
    @Override
    public ObjectNode envelope(ResourceId id, JsonNode body, Optional<StoredResource> existing) {
        ObjectNode out = Json.object();
        JsonNode sku = Bodies.field(body, "sku");
        if (sku != null && !sku.isNull()) {
            out.set("sku", Skus.parse(sku));
        } else {
            out.set("sku", existing.map(e -> e.body().get("sku")).filter(JsonNode::isObject)
                    .orElseGet(Skus::basic));
        }
        JsonNode extended = Bodies.field(body, "extendedLocation");
        if (extended != null && !extended.isNull()) {
            out.set("extendedLocation", extendedLocation(extended));
        } else {
            existing.map(e -> e.body().get("extendedLocation")).ifPresent(x -> out.set("extendedLocation", x));
        }
        return out;
    }

    /** An edge zone ({@code {"name": "...", "type": "EdgeZone"}}, network.json ExtendedLocation). */
    private static ObjectNode extendedLocation(JsonNode extended) {
        if (!extended.isObject()) {
            throw Bodies.wrongType("extendedLocation", "a JSON object", extended);
        }
        String name = Bodies.string(extended, "name", "extendedLocation.name");
        if (name == null || name.isBlank()) {
            throw FIELDS.invalid("extendedLocation.name", "extendedLocation needs a name (the edge zone).");
        }
        ObjectNode out = Json.object();
        out.put("name", name);
        out.put("type", FIELDS.choice(extended, "type", "extendedLocation.type", List.of("EdgeZone"))
                .orElse("EdgeZone"));
        return out;
    }

    /** Every member of LoadBalancerPropertiesFormat is an inline collection or read-only. */
    @Override
    public ObjectNode prepare(ResourceId id, ObjectNode properties, Optional<StoredResource> existing, Tx tx) {
        return Json.object();
    }

    @Override
    public void validate(StoredResource saved, Tx tx) {
        LoadBalancerChecks.check(saved.id(), tx);
    }

    /**
     * Azure's codes for the users it names: a scale set (LoadBalancerInUseByVirtualMachineScaleSet, azure-docs
     * load-balancer-common-deployment-errors.md) or a cross-region load balancer's pool holding a frontend
     * (azure-rest-api-specs issue 16327).
     */
    @Override
    public ErrorCode inUseCode(List<Ref> referrers) {
        for (Ref r : referrers) {
            String type = r.from().type().toLowerCase(Locale.ROOT);
            if (type.startsWith("microsoft.compute/virtualmachinescalesets")) {
                return ErrorCode.LB_IN_USE_BY_SCALE_SET;
            }
            if (type.equalsIgnoreCase(BackendPools.TYPE.qualified())) {
                return ErrorCode.LB_FRONTEND_IN_USE_BY_GLOBAL_LB;
            }
        }
        return inUseCode();
    }

    @Override
    public void registerExtraRoutes(Router router, Store store) {
        new LoadBalancerNics(families).register(router, store);
        new MigrateToIpBased(pools, families, clock).register(router, store);
        new RuleHealthAction(ruleHealth).register(router, store);
        new PortMappingQuery().register(router, store);
    }
}
