package io.fulcrum.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The generic prerequisite creator: from the documents of one example (its request, its documented answers, the
 * resource a GET/DELETE example needs, taken from a documented body) it works out which resources must exist first
 * and creates minimal versions of them, in dependency order.
 *
 * <ul>
 *   <li>Every {@code {"id": "/subscriptions/.../providers/..."}} in the documents is a reference. A forward one (a
 *   frontend naming its subnet, a NIC naming a pool) needs its target: the planner adds it, with the resource that
 *   holds it (a subnet needs its virtual network, a pool its load balancer).</li>
 *   <li>A back-reference ({@link #BACK_REFERENCES}: a pool's {@code backendIPConfigurations}, a probe's
 *   {@code loadBalancingRules}, a public IP's {@code ipConfiguration} ...) is read-only: it appears only when the
 *   resource it names points back. The planner adds that resource with the forward member set. When the example
 *   writes the resource pointed at (a PUT), such resources can only be made after it: they are <i>deferred</i>, made
 *   between the first PUT (201) and the second (200).</li>
 *   <li>Minimal versions get what Azure requires and nothing else: a virtual network with subnets covering the
 *   addresses the documents put in them, a Standard static public IP (the SKU of the load balancer using it), a
 *   load balancer with a frontend in a subnet, rules on free ports, a NIC with one ip configuration.</li>
 *   <li>References to types Fulcrum does not serve (Microsoft.Compute, virtual network taps ...) cannot be made;
 *   they are recorded ({@link #isUnsatisfiable}) and left out of what is written and compared.</li>
 * </ul>
 */
final class Prerequisites {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Child collections written inline with their parent, by parent type. */
    static final Map<String, List<String>> COLLECTIONS = Map.of(
            "microsoft.network/loadbalancers", List.of("frontendIPConfigurations", "backendAddressPools",
                    "loadBalancingRules", "probes", "inboundNatRules", "inboundNatPools", "outboundRules"),
            "microsoft.network/virtualnetworks", List.of("subnets", "virtualNetworkPeerings"),
            "microsoft.network/networkinterfaces", List.of("ipConfigurations", "tapConfigurations"),
            "microsoft.network/networksecuritygroups", List.of("securityRules", "defaultSecurityRules"));

    private static final String LB = "microsoft.network/loadbalancers";
    private static final String FRONTEND = LB + "/frontendipconfigurations";
    private static final String POOL = LB + "/backendaddresspools";
    private static final String RULE = LB + "/loadbalancingrules";
    private static final String PROBE = LB + "/probes";
    private static final String NAT_RULE = LB + "/inboundnatrules";
    private static final String NAT_POOL = LB + "/inboundnatpools";
    private static final String OUTBOUND = LB + "/outboundrules";
    private static final String VNET = "microsoft.network/virtualnetworks";
    private static final String SUBNET = VNET + "/subnets";
    private static final String NIC = "microsoft.network/networkinterfaces";
    private static final String IP_CONFIG = NIC + "/ipconfigurations";
    private static final String PIP = "microsoft.network/publicipaddresses";
    private static final String NSG = "microsoft.network/networksecuritygroups";
    private static final String ASG = "microsoft.network/applicationsecuritygroups";

    /** A forward member a resource sets on itself. */
    private record Link(String member, boolean list) {
    }

    /**
     * Back-references, as (type holding the read-only member, type named in it) to the member that the named
     * resource sets to point back. A reference between two types not listed is a forward reference.
     */
    static final Map<List<String>, Link> BACK_REFERENCES = Map.ofEntries(
            Map.entry(List.of(FRONTEND, RULE), new Link("frontendIPConfiguration", false)),
            Map.entry(List.of(FRONTEND, NAT_RULE), new Link("frontendIPConfiguration", false)),
            Map.entry(List.of(FRONTEND, NAT_POOL), new Link("frontendIPConfiguration", false)),
            Map.entry(List.of(FRONTEND, OUTBOUND), new Link("frontendIPConfigurations", true)),
            Map.entry(List.of(POOL, RULE), new Link("backendAddressPool", false)),
            Map.entry(List.of(POOL, NAT_RULE), new Link("backendAddressPool", false)),
            Map.entry(List.of(POOL, OUTBOUND), new Link("backendAddressPool", false)),
            Map.entry(List.of(POOL, IP_CONFIG), new Link("loadBalancerBackendAddressPools", true)),
            Map.entry(List.of(PROBE, RULE), new Link("probe", false)),
            Map.entry(List.of(NAT_RULE, IP_CONFIG), new Link("loadBalancerInboundNatRules", true)),
            Map.entry(List.of(SUBNET, IP_CONFIG), new Link("subnet", false)),
            Map.entry(List.of(SUBNET, FRONTEND), new Link("subnet", false)),
            Map.entry(List.of(PIP, IP_CONFIG), new Link("publicIPAddress", false)),
            Map.entry(List.of(PIP, FRONTEND), new Link("publicIPAddress", false)),
            Map.entry(List.of(NSG, NIC), new Link("networkSecurityGroup", false)),
            Map.entry(List.of(NSG, SUBNET), new Link("networkSecurityGroup", false)),
            Map.entry(List.of(ASG, IP_CONFIG), new Link("applicationSecurityGroups", true)));

    /** A resource to write: a top-level resource, its inline children inside its body. */
    private static final class Top {
        final ResourceId id;
        final ObjectNode body;

        Top(ResourceId id, ObjectNode body) {
            this.id = id;
            this.body = body;
        }
    }

    private final Predicate<String> served;
    private final ResourceId target;
    private final boolean targetWritten;
    private final String defaultLocation;
    private final Map<String, Top> tops = new LinkedHashMap<>();
    private final Set<String> seeded = new HashSet<>();
    private final Set<String> deferred = new LinkedHashSet<>();
    private final Set<String> unsatisfiable = new TreeSet<>();
    private final Map<String, List<String>> addressHints = new HashMap<>();
    private final List<String> takenPrefixes = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private int nextPort = 1000;

    /**
     * @param served        whether Fulcrum serves a resource type ("Microsoft.Network/loadBalancers/probes")
     * @param target        the resource the example operates on (null for a list of top-level resources)
     * @param targetWritten true when the example PUTs the target: the target is then not created here, and
     *                      resources that point at it are deferred
     */
    Prerequisites(Predicate<String> served, ResourceId target, boolean targetWritten, String defaultLocation) {
        this.served = served;
        this.target = target;
        this.targetWritten = targetWritten;
        this.defaultLocation = defaultLocation;
    }

    /** What the planner made and why, for the report. */
    List<String> log() {
        return log;
    }

    boolean servedType(ResourceId id) {
        return makeable(id, served);
    }

    /**
     * Whether the replay can make (or Fulcrum render) the resource: its type is served, or it is an item of a child
     * collection a served parent carries inline (a load balancer's inboundNatPools, an NSG's defaultSecurityRules).
     */
    static boolean makeable(ResourceId id, Predicate<String> served) {
        if (id.isResourceGroup() || served.test(id.type())) {
            return true;
        }
        Optional<ResourceId> parent = id.parent();
        if (parent.isEmpty()) {
            return false;
        }
        String collection = id.segments().get(id.segments().size() - 1).type();
        boolean inline = COLLECTIONS.getOrDefault(parent.get().type().toLowerCase(Locale.ROOT), List.of()).stream()
                .anyMatch(c -> c.equalsIgnoreCase(collection));
        return inline && makeable(parent.get(), served);
    }

    boolean isUnsatisfiable(String id) {
        return ResourceId.parse(id).map(r -> unsatisfiable.contains(r.key())).orElse(false);
    }

    /** Whether {@code id} is, or is inside, a resource that is made only after the example's first PUT. */
    boolean isDeferred(String id) {
        Optional<ResourceId> r = ResourceId.parse(id);
        while (r.isPresent()) {
            if (deferred.contains(r.get().key())) {
                return true;
            }
            r = r.get().parent();
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Planning

    /** Makes {@code doc} (a documented body of the resource {@code id}) part of what is created. */
    void seed(ResourceId id, JsonNode doc) {
        ObjectNode node = node(id, true);
        merge(node, doc);
        seeded.add(id.key());
    }

    /** Makes sure the resource exists (with defaults), e.g. the load balancer a pool PUT goes into. */
    void require(ResourceId id) {
        node(id, true);
    }

    /** Address space a PUT of the target takes in its virtual network (a subnet PUT's addressPrefix). */
    void reserve(ResourceId vnet, String prefix) {
        takenPrefixes.add(prefix);
        addressHints.computeIfAbsent(vnet.key(), k -> new ArrayList<>()).add(prefix);
    }

    /** Follows the references in a document about {@code owner} (a resource body): plans what they need. */
    void scan(JsonNode doc, ResourceId owner) {
        references(doc, owner, this::reference);
    }

    /** Sees one reference: {@code owner} names {@code ref} in the object {@code enclosing}. */
    interface Visitor {
        void see(ResourceId owner, ResourceId ref, JsonNode enclosing);
    }

    /**
     * Every {@code {"id": ...}} naming a provider resource in a resource body, with the resource that names it:
     * items of a child collection ({@link #COLLECTIONS}) name things on their own behalf.
     */
    static void references(JsonNode doc, ResourceId owner, Visitor visitor) {
        if (!doc.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("properties") && e.getValue().isObject()) {
                properties(e.getValue(), owner, visitor);
            } else if (!e.getKey().equals("id")) {
                value(e.getValue(), owner, doc, visitor);
            }
        }
    }

    private static void properties(JsonNode props, ResourceId owner, Visitor visitor) {
        List<String> collections = owner.isResourceGroup() ? List.of()
                : COLLECTIONS.getOrDefault(owner.type().toLowerCase(Locale.ROOT), List.of());
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean collection = collections.stream().anyMatch(c -> c.equalsIgnoreCase(e.getKey()));
            if (collection && e.getValue().isArray()) {
                for (JsonNode item : e.getValue()) {
                    ResourceId child = childId(owner, e.getKey(), item);
                    if (child != null) {
                        references(item, child, visitor);
                    }
                }
            } else {
                value(e.getValue(), owner, props, visitor);
            }
        }
    }

    private static void value(JsonNode node, ResourceId owner, JsonNode enclosing, Visitor visitor) {
        if (node.isObject()) {
            JsonNode id = node.get("id");
            if (id != null && id.isTextual()) {
                ResourceId.parse(id.asText()).filter(r -> !r.isResourceGroup() && !r.equals(owner))
                        .ifPresent(r -> visitor.see(owner, r, enclosing));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                value(it.next().getValue(), owner, node, visitor);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                value(item, owner, enclosing, visitor);
            }
        }
    }

    /** Whether {@code owner} naming {@code ref} is a read-only back-reference rather than a forward one. */
    static boolean isBackReference(ResourceId owner, ResourceId ref) {
        return BACK_REFERENCES.containsKey(List.of(owner.type().toLowerCase(Locale.ROOT),
                ref.type().toLowerCase(Locale.ROOT)));
    }

    private static ResourceId childId(ResourceId parent, String collection, JsonNode item) {
        if (item.path("id").isTextual()) {
            Optional<ResourceId> id = ResourceId.parse(item.path("id").asText());
            if (id.isPresent()) {
                return id.get();
            }
        }
        return item.path("name").isTextual() ? parent.child(collection, item.path("name").asText()) : null;
    }

    private boolean insideTarget(ResourceId id) {
        if (target == null || !targetWritten) {
            return false;
        }
        Optional<ResourceId> r = Optional.of(id);
        while (r.isPresent()) {
            if (r.get().equals(target)) {
                return true;
            }
            r = r.get().parent();
        }
        return false;
    }

    private void reference(ResourceId owner, ResourceId ref, JsonNode enclosing) {
        String refType = ref.type().toLowerCase(Locale.ROOT);
        if (!makeable(ref, served)) {
            if (unsatisfiable.add(ref.key())) {
                log.add("cannot make " + ref + ": " + ref.type() + " is not served");
            }
            return;
        }
        for (String member : List.of("privateIPAddress", "ipAddress")) {
            if (enclosing.path(member).isTextual()) {
                addressHints.computeIfAbsent(ref.key(), k -> new ArrayList<>()).add(enclosing.path(member).asText());
            }
        }
        if (insideTarget(ref)) {
            return; // the example's own request makes it
        }
        Link back = BACK_REFERENCES.get(List.of(owner.type().toLowerCase(Locale.ROOT), refType));
        if (back != null) {
            boolean fresh = find(ref).isEmpty();
            ObjectNode node = node(ref, true);
            ObjectNode props = props(node);
            ObjectNode pointer = F.objectNode().put("id", owner.toString());
            if (back.list()) {
                ArrayNode list = props.has(back.member()) && props.get(back.member()).isArray()
                        ? (ArrayNode) props.get(back.member()) : props.putArray(back.member());
                if (!containsId(list, owner)) {
                    list.add(pointer);
                }
            } else if (!props.path(back.member()).path("id").isTextual()) {
                props.set(back.member(), pointer);
            }
            if (fresh) {
                log.add("made " + ref + " to point at " + owner + " (" + back.member() + ")");
            }
            if (insideTarget(owner)) {
                defer(ref);
            }
        } else if (find(ref).isEmpty()) {
            node(ref, true);
            log.add("made " + ref + ", referenced by " + owner);
        }
    }

    private void defer(ResourceId id) {
        ResourceId top = top(id);
        // A NIC cannot exist without its ip configurations: it waits whole.
        deferred.add(top.type().equalsIgnoreCase(NIC) ? top.key() : id.key());
    }

    private static boolean containsId(ArrayNode list, ResourceId id) {
        for (JsonNode n : list) {
            if (n.path("id").asText().equalsIgnoreCase(id.toString())) {
                return true;
            }
        }
        return false;
    }

    private static ResourceId top(ResourceId id) {
        ResourceId t = id;
        while (t.parent().isPresent()) {
            t = t.parent().get();
        }
        return t;
    }

    private Optional<ObjectNode> find(ResourceId id) {
        Top t = tops.get(top(id).key());
        if (t == null) {
            return Optional.empty();
        }
        if (id.parent().isEmpty()) {
            return Optional.of(t.body);
        }
        return find(id.parent().get()).flatMap(parent -> item(parent, id, false));
    }

    private ObjectNode node(ResourceId id, boolean create) {
        if (id.parent().isEmpty()) {
            return tops.computeIfAbsent(id.key(), k -> new Top(id, F.objectNode())).body;
        }
        return item(node(id.parent().get(), create), id, create).orElseThrow();
    }

    private static Optional<ObjectNode> item(ObjectNode parent, ResourceId id, boolean create) {
        String collectionSegment = id.segments().get(id.segments().size() - 1).type();
        String parentType = id.parent().orElseThrow().type().toLowerCase(Locale.ROOT);
        String collection = COLLECTIONS.getOrDefault(parentType, List.of()).stream()
                .filter(c -> c.equalsIgnoreCase(collectionSegment)).findFirst().orElse(collectionSegment);
        ObjectNode props = props(parent);
        JsonNode list = props.get(collection);
        if (list == null || !list.isArray()) {
            if (!create) {
                return Optional.empty();
            }
            list = props.putArray(collection);
        }
        for (JsonNode item : list) {
            if (item.path("name").asText().equalsIgnoreCase(id.name())) {
                return Optional.of((ObjectNode) item);
            }
        }
        if (!create) {
            return Optional.empty();
        }
        ObjectNode item = ((ArrayNode) list).addObject();
        item.put("name", id.name());
        item.putObject("properties");
        return Optional.of(item);
    }

    private static ObjectNode props(ObjectNode node) {
        JsonNode p = node.get("properties");
        return p != null && p.isObject() ? (ObjectNode) p : node.putObject("properties");
    }

    /** Deep merge; arrays of named items merge item by item, other arrays are replaced. */
    static void merge(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode have = into.get(e.getKey());
            JsonNode give = e.getValue();
            if (have != null && have.isObject() && give.isObject()) {
                merge((ObjectNode) have, give);
            } else if (have != null && have.isArray() && give.isArray() && named(give) && named(have)) {
                for (JsonNode g : give) {
                    ObjectNode match = null;
                    for (JsonNode h : have) {
                        if (h.path("name").asText().equalsIgnoreCase(g.path("name").asText())) {
                            match = (ObjectNode) h;
                        }
                    }
                    if (match == null) {
                        ((ArrayNode) have).add(g.deepCopy());
                    } else {
                        merge(match, g);
                    }
                }
            } else {
                into.set(e.getKey(), give.deepCopy());
            }
        }
    }

    private static boolean named(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isObject() || !n.path("name").isTextual()) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Defaults: what Azure requires of each resource the planner made

    /** Completes every planned resource; call once every document is scanned. */
    void complete() {
        for (Top t : List.copyOf(tops.values())) {
            String type = t.id.type().toLowerCase(Locale.ROOT);
            if (!t.body.has("location") && !type.startsWith("microsoft.resources/")) {
                t.body.put("location", locationNear(t.id));
            }
            switch (type) {
                case LB -> completeLoadBalancer(t);
                case NIC -> completeNic(t);
                default -> {
                }
            }
        }
        for (Top t : List.copyOf(tops.values())) {
            if (t.id.type().equalsIgnoreCase(LB)) {
                publicIpSkus(t);
            }
        }
        for (Top t : tops.values()) {
            if (t.id.type().equalsIgnoreCase(PIP) && !seeded.contains(t.id.key())) {
                ObjectNode p = props(t.body);
                if (!t.body.has("sku")) {
                    t.body.putObject("sku").put("name", "Standard");
                }
                if (!p.has("publicIPAllocationMethod")) {
                    p.put("publicIPAllocationMethod", "Static");
                }
            }
        }
        for (Top t : tops.values()) {
            if (t.id.type().equalsIgnoreCase(VNET)) {
                addresses(t);
            }
            if (!t.body.has("location") && !t.id.isResourceGroup()) {
                t.body.put("location", locationNear(t.id));
            }
        }
    }

    private String locationNear(ResourceId id) {
        for (Top t : tops.values()) {
            if (t.id.resourceGroup().equalsIgnoreCase(id.resourceGroup()) && t.body.path("location").isTextual()) {
                return t.body.path("location").asText();
            }
        }
        return defaultLocation;
    }

    private ResourceId defaultSubnet(ResourceId near) {
        String location = locationNear(near);
        ResourceId vnet = ResourceId.resource(near.subscriptionId(), near.resourceGroup(), "Microsoft.Network",
                "virtualNetworks", "replay-vnet-" + location);
        ResourceId subnet = vnet.child("subnets", "replay-subnet");
        if (find(subnet).isEmpty()) {
            node(subnet, true);
            tops.get(vnet.key()).body.put("location", location);
            log.add("made " + subnet + " for resources that need a subnet");
        }
        return subnet;
    }

    private static List<ObjectNode> items(ObjectNode top, String collection) {
        List<ObjectNode> out = new ArrayList<>();
        JsonNode list = props(top).get(collection);
        if (list != null && list.isArray()) {
            list.forEach(n -> out.add((ObjectNode) n));
        }
        return out;
    }

    private static boolean hasRef(ObjectNode props, String member) {
        return props.path(member).path("id").isTextual();
    }

    private void completeLoadBalancer(Top t) {
        ResourceId lb = t.id;
        List<ObjectNode> frontends = items(t.body, "frontendIPConfigurations");
        if (frontends.isEmpty()) {
            frontends = List.of(node(lb.child("frontendIPConfigurations", "replay-frontend"), true));
        }
        ResourceId firstFrontend = lb.child("frontendIPConfigurations", frontends.get(0).path("name").asText());
        List<ObjectNode> outbound = items(t.body, "outboundRules");
        // Standard unless the example says otherwise: outbound rules and IP-based pools need it, and Basic load
        // balancers are retired in Azure.
        if (!t.body.has("sku")) {
            t.body.putObject("sku").put("name", "Standard");
        }
        Set<String> publicFrontends = new HashSet<>();
        for (ObjectNode o : outbound) {
            ObjectNode p = props(o);
            if (!p.path("frontendIPConfigurations").isArray() || p.path("frontendIPConfigurations").isEmpty()) {
                p.putArray("frontendIPConfigurations").addObject().put("id", firstFrontend.toString());
            }
            p.path("frontendIPConfigurations").forEach(f -> publicFrontends.add(f.path("id").asText()
                    .toLowerCase(Locale.ROOT)));
            if (!hasRef(p, "backendAddressPool")) {
                List<ObjectNode> pools = items(t.body, "backendAddressPools");
                String pool = pools.isEmpty() ? "replay-pool" : pools.get(0).path("name").asText();
                node(lb.child("backendAddressPools", pool), true);
                p.putObject("backendAddressPool").put("id", lb.child("backendAddressPools", pool).toString());
            }
            p.putIfAbsent("protocol", F.textNode("All"));
        }
        boolean global = t.body.path("sku").path("tier").asText().equalsIgnoreCase("Global");
        for (ObjectNode f : frontends) {
            ObjectNode p = props(f);
            if (hasRef(p, "subnet") || hasRef(p, "publicIPAddress") || hasRef(p, "publicIPPrefix")) {
                continue;
            }
            ResourceId fid = lb.child("frontendIPConfigurations", f.path("name").asText());
            if (global || publicFrontends.contains(fid.key())) {
                ResourceId pip = ResourceId.resource(lb.subscriptionId(), lb.resourceGroup(), "Microsoft.Network",
                        "publicIPAddresses", lb.name() + "-" + f.path("name").asText() + "-pip");
                node(pip, true);
                p.putObject("publicIPAddress").put("id", pip.toString());
            } else {
                p.putObject("subnet").put("id", defaultSubnet(lb).toString());
            }
        }
        for (String collection : List.of("loadBalancingRules", "inboundNatRules")) {
            for (ObjectNode r : items(t.body, collection)) {
                ObjectNode p = props(r);
                if (!hasRef(p, "frontendIPConfiguration")) {
                    p.putObject("frontendIPConfiguration").put("id", firstFrontend.toString());
                }
                p.putIfAbsent("protocol", F.textNode("Tcp"));
                if (!p.has("frontendPort") && !p.has("frontendPortRangeStart")) {
                    int port = nextPort++;
                    p.put("frontendPort", port);
                    p.putIfAbsent("backendPort", F.numberNode(port));
                }
                p.putIfAbsent("backendPort", F.numberNode(22));
            }
        }
        for (ObjectNode probe : items(t.body, "probes")) {
            ObjectNode p = props(probe);
            p.putIfAbsent("protocol", F.textNode("Tcp"));
            p.putIfAbsent("port", F.numberNode(80));
        }
    }

    /** A public IP the planner made takes the SKU of the load balancer whose frontend uses it. */
    private void publicIpSkus(Top lb) {
        for (ObjectNode f : items(lb.body, "frontendIPConfigurations")) {
            Optional<ResourceId> pip = ResourceId.parse(props(f).path("publicIPAddress").path("id").asText(null));
            if (pip.isPresent() && tops.containsKey(pip.get().key()) && !seeded.contains(pip.get().key())) {
                ObjectNode body = tops.get(pip.get().key()).body;
                if (!body.has("sku")) {
                    ObjectNode sku = body.putObject("sku");
                    sku.put("name", lb.body.path("sku").path("name").asText("Basic"));
                    if (lb.body.path("sku").has("tier")) {
                        sku.put("tier", lb.body.path("sku").path("tier").asText());
                    }
                }
            }
        }
    }

    private void completeNic(Top t) {
        List<ObjectNode> configs = items(t.body, "ipConfigurations");
        if (configs.isEmpty()) {
            configs = List.of(node(t.id.child("ipConfigurations", "ipconfig1"), true));
        }
        String subnet = null;
        for (ObjectNode c : configs) {
            if (hasRef(props(c), "subnet")) {
                subnet = props(c).path("subnet").path("id").asText();
                break;
            }
        }
        if (subnet == null) {
            subnet = defaultSubnet(t.id).toString();
        }
        boolean primary = false;
        for (ObjectNode c : configs) {
            primary |= props(c).path("primary").asBoolean(false);
        }
        for (int i = 0; i < configs.size(); i++) {
            ObjectNode p = props(configs.get(i));
            if (!hasRef(p, "subnet")) {
                p.putObject("subnet").put("id", subnet);
            }
            if (!primary && configs.size() > 1) {
                p.put("primary", i == 0);
            }
        }
    }

    /**
     * Subnets the planner made get a prefix covering the addresses the documents give them (a /24 around the
     * first), else a free 10.0.k.0/24; a network without an address space gets the /16 blocks around its subnets.
     */
    private void addresses(Top vnet) {
        ObjectNode p = props(vnet.body);
        List<String> used = new ArrayList<>(takenPrefixes);
        List<ObjectNode> subnets = items(vnet.body, "subnets");
        for (ObjectNode s : subnets) {
            ObjectNode sp = props(s);
            if (sp.path("addressPrefix").isTextual()) {
                used.add(sp.path("addressPrefix").asText());
            }
            sp.path("addressPrefixes").forEach(x -> used.add(x.asText()));
        }
        for (String hint : addressHints.getOrDefault(vnet.id.key(), List.of())) {
            Ipv4.parse(hint).ifPresent(x -> used.add(Ipv4.format(x.address() & Ipv4.mask(24), 24)));
        }
        for (ObjectNode s : subnets) {
            ObjectNode sp = props(s);
            if (sp.has("addressPrefix") || sp.has("addressPrefixes")) {
                continue;
            }
            ResourceId sid = vnet.id.child("subnets", s.path("name").asText());
            String prefix = null;
            for (String hint : addressHints.getOrDefault(sid.key(), List.of())) {
                Optional<Ipv4> ip = Ipv4.parse(hint);
                if (ip.isPresent()) {
                    prefix = Ipv4.format(ip.get().address() & Ipv4.mask(24), 24);
                    break;
                }
            }
            for (int k = 1; prefix == null && k < 256; k++) {
                String candidate = "10.0." + k + ".0/24";
                if (used.stream().noneMatch(u -> Ipv4.overlap(u, candidate))) {
                    prefix = candidate;
                }
            }
            sp.put("addressPrefix", prefix);
            used.add(prefix);
        }
        if (!p.path("addressSpace").path("addressPrefixes").isArray()) {
            Set<String> blocks = new LinkedHashSet<>();
            List<String> all = new ArrayList<>();
            for (ObjectNode s : subnets) {
                ObjectNode sp = props(s);
                if (sp.path("addressPrefix").isTextual()) {
                    all.add(sp.path("addressPrefix").asText());
                }
                sp.path("addressPrefixes").forEach(x -> all.add(x.asText()));
            }
            all.addAll(addressHints.getOrDefault(vnet.id.key(), List.of()));
            for (String a : all) {
                Ipv4.parse(a).ifPresent(ip -> blocks.add(ip.prefix() >= 16
                        ? Ipv4.format(ip.address() & Ipv4.mask(16), 16)
                        : Ipv4.format(ip.address() & Ipv4.mask(ip.prefix()), ip.prefix())));
            }
            if (blocks.isEmpty()) {
                blocks.add("10.0.0.0/16");
            }
            List<String> space = new ArrayList<>();
            for (String b : blocks) {
                if (blocks.stream().noneMatch(o -> !o.equals(b) && Ipv4.contains(o, b))) {
                    space.add(b);
                }
            }
            ArrayNode list = p.putObject("addressSpace").putArray("addressPrefixes");
            space.forEach(list::add);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Creating

    /** The top-level resources to write, in dependency order (what a resource names goes first). */
    List<ResourceId> order() {
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        for (Top t : tops.values()) {
            Set<String> onTops = new LinkedHashSet<>();
            references(t.body, t.id, (owner, ref, enclosing) -> {
                String k = top(ref).key();
                if (!isBackReference(owner, ref) && tops.containsKey(k) && !k.equals(t.id.key())) {
                    onTops.add(k);
                }
            });
            deps.put(t.id.key(), onTops);
        }
        List<ResourceId> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String k : deps.keySet()) {
            visit(k, deps, done, visiting, out);
        }
        return out;
    }

    private void visit(String k, Map<String, Set<String>> deps, Set<String> done, Set<String> visiting,
                       List<ResourceId> out) {
        if (done.contains(k) || !visiting.add(k)) {
            return;
        }
        for (String d : deps.get(k)) {
            visit(d, deps, done, visiting, out);
        }
        done.add(k);
        out.add(tops.get(k).id);
    }

    /** Resource groups every planned resource lives in. */
    Set<String> groups() {
        Set<String> out = new LinkedHashSet<>();
        tops.values().forEach(t -> out.add(t.id.groupId().toString()));
        return out;
    }

    /** The body to write now: before the example's PUT without deferred parts; after it, everything. */
    Optional<ObjectNode> body(ResourceId top, boolean afterTarget) {
        Top t = tops.get(top.key());
        if (t == null || (!afterTarget && deferred.contains(top.key()))) {
            return Optional.empty();
        }
        ObjectNode body = (ObjectNode) Shapes.withoutReferences(t.body, this::isUnsatisfiable);
        if (!afterTarget) {
            dropDeferred(body, top);
        }
        return Optional.of(body);
    }

    private void dropDeferred(ObjectNode body, ResourceId top) {
        for (String collection : COLLECTIONS.getOrDefault(top.type().toLowerCase(Locale.ROOT), List.of())) {
            JsonNode list = props(body).get(collection);
            if (list != null && list.isArray()) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    ResourceId child = top.child(collection, list.get(i).path("name").asText());
                    if (deferred.contains(child.key())) {
                        ((ArrayNode) list).remove(i);
                    }
                }
            }
        }
    }

    /** Whether the top-level resource has parts that wait for the example's first PUT. */
    boolean hasDeferred(ResourceId top) {
        String prefix = top.key();
        return deferred.stream().anyMatch(d -> d.equals(prefix) || d.startsWith(prefix + "/"));
    }

    /** Writes one planned resource; on the second round merged into what is stored (the example changed it). */
    static Reply write(ArmClient arm, ResourceId id, ObjectNode body, String apiVersion, boolean mergeStored) {
        String path = id + "?api-version=" + apiVersion;
        ObjectNode send = body;
        if (mergeStored) {
            Reply now = arm.get(path);
            if (now.status() == 200 && now.json() != null && now.json().isObject()) {
                send = (ObjectNode) now.json().deepCopy();
                merge(send, body);
            }
        }
        return arm.put(path, send.toString());
    }

    /** Minimal IPv4 arithmetic for planning subnets. */
    record Ipv4(long address, int prefix) {

        static Optional<Ipv4> parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            String a = slash < 0 ? t : t.substring(0, slash);
            String[] parts = a.split("\\.");
            if (parts.length != 4) {
                return Optional.empty();
            }
            long v = 0;
            try {
                for (String p : parts) {
                    int o = Integer.parseInt(p);
                    if (o < 0 || o > 255) {
                        return Optional.empty();
                    }
                    v = (v << 8) | o;
                }
                int len = slash < 0 ? 32 : Integer.parseInt(t.substring(slash + 1));
                return Optional.of(new Ipv4(v, len));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        static long mask(int len) {
            return len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        }

        static String format(long a, int len) {
            return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255) + "/" + len;
        }

        static boolean contains(String outer, String inner) {
            Optional<Ipv4> o = parse(outer);
            Optional<Ipv4> i = parse(inner);
            return o.isPresent() && i.isPresent() && o.get().prefix() <= i.get().prefix()
                    && (i.get().address() & mask(o.get().prefix())) == (o.get().address() & mask(o.get().prefix()));
        }

        static boolean overlap(String a, String b) {
            return contains(a, b) || contains(b, a);
        }
    }
}
