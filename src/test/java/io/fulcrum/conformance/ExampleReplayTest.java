package io.fulcrum.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.conformance.ExampleIndex.Operation;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.TestAbortedException;

/**
 * Replays Azure's own request/response examples against Fulcrum, one dynamic test per example file.
 *
 * <p>Examples come from {@code src/test/resources/conformance/examples/<provider>/} (copies, for clones without
 * ../shared) and from {@code ../shared/conformance/examples/<provider>/}; a file in both is read from the copy. The
 * operation each file documents (method, path template, which parameter is the body) comes from the specs' {@code
 * x-ms-examples} ({@link ExampleIndex}): derived from {@code ../shared/reference/specs} when present, else from the
 * stored {@code conformance/operations.json}. A new example file is therefore picked up without code changes.
 *
 * <p>For each file: is the operation served (its resource type is in the provider registry; POST actions and
 * read-only views are probed for a route)? If not, the test is skipped with the reason. If so: its groups are renamed
 * to groups of its own in the test's subscription (every id in the file is rewritten), the resources it needs are
 * created ({@link Prerequisites}), the request is sent, and the answer must have a documented status and the
 * documented body's shape and deterministic values ({@link Shapes}). A PUT documenting 201 and 200 is sent twice:
 * 201 first, then 200. {@link KnownExceptions} lists what examples get wrong by themselves.
 *
 * <p>The table of files is printed and written to {@code target/conformance/example-replay.md}.
 */
class ExampleReplayTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path SHARED = PROJECT.resolve("../shared").normalize();
    private static final Path SHARED_EXAMPLES = SHARED.resolve("conformance/examples");
    private static final Path SHARED_SPECS = SHARED.resolve("reference/specs");
    private static final String STORED_INDEX = "conformance/operations.json";
    private static final String NETWORK_VERSION = "2024-07-01";
    private static final String GROUP_VERSION = "2025-04-01";
    private static final Set<String> ROUTING_ERRORS = Set.of("InvalidResourceType", "InvalidResourceNamespace",
            "PathNotFound", "MethodNotAllowed", "NoRegisteredProviderFound");

    /** One example file. */
    record Example(String key, Path file, String origin) {
        String stem() {
            String name = file.getFileName().toString();
            return name.substring(0, name.length() - ".json".length());
        }
    }

    /** One line of the report. */
    static final class Row {
        final Example example;
        String operation = "";
        boolean served;
        String reason = "";
        boolean replayed;
        String status = "";
        boolean statusMatch = true;
        boolean shapeMatch = true;
        final List<String> notes = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        Row(Example example) {
            this.example = example;
        }

        String verdict() {
            if (!served) {
                return "skipped";
            }
            return problems.isEmpty() ? "pass" : "FAIL";
        }
    }

    private static final Map<String, Row> ROWS = Collections.synchronizedMap(new TreeMap<>());

    // -------------------------------------------------------------------------------------------------------------
    // Sources

    static Optional<Path> repoExamples() {
        URL url = ExampleReplayTest.class.getResource("/conformance/examples");
        if (url == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Example> examples() {
        Map<String, Example> byKey = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        repoExamples().ifPresent(dir -> collect(dir, "repo", byKey));
        if (Files.isDirectory(SHARED_EXAMPLES)) {
            collect(SHARED_EXAMPLES, "shared", byKey);
        }
        return List.copyOf(byKey.values());
    }

    private static void collect(Path root, String origin, Map<String, Example> into) {
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(p -> {
                String key = root.relativize(p).toString().replace('\\', '/');
                into.putIfAbsent(key, new Example(key, p, origin));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExampleIndex storedIndex() {
        try (InputStream in = ExampleReplayTest.class.getResourceAsStream("/" + STORED_INDEX)) {
            if (in == null) {
                throw new IllegalStateException("no " + STORED_INDEX + " on the test classpath and no " + SHARED_SPECS);
            }
            return ExampleIndex.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExampleIndex index() {
        return Files.isDirectory(SHARED_SPECS) ? ExampleIndex.derive(SHARED_SPECS) : storedIndex();
    }

    /**
     * The stored index must say what the specs say, so that a clone without ../shared replays the same operations.
     * {@code -Dconformance.writeIndex=true} rewrites it from the specs.
     */
    @Test
    void storedIndexMatchesTheSpecs() {
        Assumptions.assumeTrue(Files.isDirectory(SHARED_SPECS), "no " + SHARED_SPECS + " to compare with");
        ExampleIndex live = ExampleIndex.derive(SHARED_SPECS);
        if (Boolean.getBoolean("conformance.writeIndex")) {
            live.write(PROJECT.resolve("src/test/resources/" + STORED_INDEX), "../shared/reference/specs");
            Assumptions.abort("rewrote src/test/resources/" + STORED_INDEX + " (" + live.size() + " examples)");
        }
        assertThat(List.copyOf(storedIndex().operations()))
                .as("src/test/resources/%s is out of date: rerun with -Dconformance.writeIndex=true", STORED_INDEX)
                .containsExactlyElementsOf(List.copyOf(live.operations()));
    }

    // -------------------------------------------------------------------------------------------------------------
    // The replay

    @TestFactory
    Stream<DynamicTest> replayEveryExample() {
        ExampleIndex index = index();
        Registry registry = new Registry(fulcrum.arm(), fulcrum.subscriptionId());
        List<Example> all = examples();
        assertThat(all).as("example files under src/test/resources/conformance/examples or %s", SHARED_EXAMPLES)
                .isNotEmpty();
        return all.stream().map(ex -> DynamicTest.dynamicTest(ex.key(), ex.file().toUri(), () -> {
            Row row = new Row(ex);
            ROWS.put(ex.key(), row);
            try {
                replay(ex, row, index, registry);
            } catch (TestAbortedException e) {
                throw e;
            } catch (AssertionError | RuntimeException e) {
                row.problems.add(String.valueOf(e.getMessage()));
                throw e;
            }
            if (!row.served) {
                throw new TestAbortedException("not served: " + row.reason);
            }
            assertThat(row.problems).as("%s (%s): differences from the documented answer", ex.key(), row.operation)
                    .isEmpty();
        }));
    }

    private static void replay(Example ex, Row row, ExampleIndex index, Registry registry) throws IOException {
        Optional<Operation> found = index.find(ex.key());
        if (found.isEmpty()) {
            row.reason = "no operation in the specs lists this example";
            return;
        }
        Operation op = found.get();
        row.operation = op.method() + " " + op.operationId();
        Context ctx = new Context(ex.stem(), fulcrum.subscriptionId());
        JsonNode example = ctx.rewrite(JSON.readTree(ex.file().toFile()));
        JsonNode params = example.path("parameters");
        String path = ctx.path(op, params);
        String url = path + ctx.query(op, params);
        Target target = Target.of(op, path);
        Optional<String> unserved = registry.unserved(op, target, url);
        if (unserved.isPresent()) {
            row.reason = unserved.get();
            return;
        }
        row.served = true;
        Path shared = SHARED_EXAMPLES.resolve(ex.key());
        if (ex.origin().equals("repo") && Files.isRegularFile(shared) && Files.mismatch(ex.file(), shared) != -1) {
            row.notes.add("the copy in src/test/resources differs from " + shared + " (the copy is replayed)");
        }
        if (ex.origin().equals("shared")) {
            row.notes.add("only in ../shared: a clean clone does not replay it until it is copied to"
                    + " src/test/resources/conformance/examples");
        }

        JsonNode body = bodyOf(op, params);
        Map<String, JsonNode> documented = documented(ex.key(), example);
        if (target.resource != null && target.resource.isResourceGroup()) {
            // A group's name is its id's last segment, which the replay renamed.
            String original = Context.param(params, groupParameter(op)).orElse("");
            documented.values().forEach(d -> {
                if (d.path("body").path("name").asText().equals(original)) {
                    ((ObjectNode) d.path("body")).put("name", target.resource.name());
                }
            });
        }
        boolean put = op.method().equals("PUT");
        String location = firstText(body == null ? null : body.path("location"),
                documented.values().stream().map(d -> d.path("body").path("location")).toList()).orElse("eastus");

        Prerequisites plan = new Prerequisites(registry::served, target.resource, put, location);
        plan(plan, op, target, body, documented, ctx, index, path);
        if (put && body != null) {
            Set<String> named = new LinkedHashSet<>();
            collectIds(body, named);
            for (String id : named) {
                if (plan.isUnsatisfiable(id) && !inside(id, target.resource)) {
                    row.served = false;
                    row.reason = "the request names " + ResourceId.parse(id).map(ResourceId::type).orElse(id)
                            + ", which Fulcrum does not serve";
                    return;
                }
            }
        }
        plan.complete();
        row.notes.addAll(plan.log());

        ArmClient arm = fulcrum.arm();
        Set<String> groups = new LinkedHashSet<>(plan.groups());
        groupOf(path).filter(g -> !(put && target.resource != null && target.resource.isResourceGroup()))
                .ifPresent(groups::add);
        for (String g : groups) {
            Reply r = arm.put(g + "?api-version=" + GROUP_VERSION, "{\"location\":\"" + location + "\"}");
            assertThat(r.status()).as("creating group %s: %s", g, r.text()).isIn(200, 201);
        }
        List<ResourceId> order = plan.order();
        for (ResourceId id : order) {
            Optional<ObjectNode> b = plan.body(id, false);
            if (b.isPresent()) {
                Reply r = Prerequisites.write(arm, id, b.get(), versionFor(id), false);
                assertThat(r.status()).as("prerequisite %s, sent %s, answered %s", id, b.get(), r.text())
                        .isIn(200, 201);
            }
        }
        if (put && !documented.containsKey("201") && body != null) {
            Reply r = arm.put(url, body.toString());
            assertThat(r.status()).as("creating %s before the example's PUT (it documents no 201): %s", path,
                    r.text()).isIn(200, 201);
        }

        // The request itself.
        row.replayed = true;
        Reply first = arm.call(op.method(), url, body == null ? null : body.toString());
        String expectedFirst = put && documented.containsKey("201") ? "201" : null;
        List<String> statusNotes = new ArrayList<>();
        check(row, "first " + op.method(), first, expectedFirst, documented,
                id -> registry.unsatisfiable(id, plan) || plan.isDeferred(id), statusNotes);

        if (put && documented.containsKey("201") && documented.containsKey("200") && first.status() == 201) {
            for (ResourceId id : order) {
                if (plan.hasDeferred(id)) {
                    Reply r = Prerequisites.write(arm, id, plan.body(id, true).orElseThrow(), versionFor(id), true);
                    assertThat(r.status()).as("prerequisite %s (made after the example's PUT): %s", id, r.text())
                            .isIn(200, 201);
                }
            }
            Reply second = arm.call(op.method(), url, body == null ? null : body.toString());
            check(row, "second PUT", second, "200", documented, id -> registry.unsatisfiable(id, plan),
                    statusNotes);
        }
        row.status = String.join(", ", statusNotes);
    }

    private static void plan(Prerequisites plan, Operation op, Target target, JsonNode body,
                             Map<String, JsonNode> documented, Context ctx, ExampleIndex index, String path) {
        ResourceId resource = target.resource;
        switch (op.method()) {
            case "PUT" -> {
                if (resource != null && resource.parent().isPresent()) {
                    plan.require(resource.parent().get());
                }
                if (resource != null && body != null && resource.parent().isPresent()
                        && body.path("properties").path("addressPrefix").isTextual()) {
                    plan.reserve(resource.parent().get(), body.path("properties").path("addressPrefix").asText());
                }
                if (resource != null && body != null) {
                    plan.scan(body, resource);
                }
                for (JsonNode d : documented.values()) {
                    if (resource != null && d.path("body").isObject()) {
                        plan.scan(d.path("body"), resource);
                    }
                }
            }
            case "GET" -> {
                JsonNode answer = documented.getOrDefault("200", JSON.createObjectNode()).path("body");
                if (target.collection) {
                    for (JsonNode item : answer.path("value")) {
                        Optional<ResourceId> id = item.path("id").isTextual()
                                ? ResourceId.parse(item.path("id").asText())
                                : ResourceId.parse(path + "/" + item.path("name").asText());
                        id.filter(i -> plan.servedType(i)).ifPresent(i -> {
                            plan.seed(i, item);
                            plan.scan(item, i);
                        });
                    }
                    ResourceId.parse(path.substring(0, path.lastIndexOf('/')))
                            .filter(p -> !p.isResourceGroup()).ifPresent(plan::require);
                } else if (resource != null && !resource.isResourceGroup()) {
                    seed(plan, resource, answer.isObject() && !answer.isEmpty() ? answer
                            : sibling(op, resource, ctx, index).orElse(null));
                }
            }
            case "PATCH" -> {
                JsonNode answer = documented.getOrDefault("200", JSON.createObjectNode()).path("body");
                if (resource != null && !resource.isResourceGroup()) {
                    seed(plan, resource, answer.path("properties").isObject() ? answer
                            : sibling(op, resource, ctx, index).orElse(null));
                }
            }
            default -> {
                if (resource != null && !resource.isResourceGroup()) {
                    seed(plan, resource, sibling(op, resource, ctx, index).orElse(null));
                    // An action may name child pools by name rather than by id (migrateToIpBased's {"pools":[..]}).
                    if (body != null && resource.type().equalsIgnoreCase("Microsoft.Network/loadBalancers")) {
                        body.path("pools").forEach(n -> plan.require(resource.child("backendAddressPools",
                                n.asText())));
                    }
                    if (body != null && op.path().endsWith("/queryInboundNatRulePortMapping")) {
                        seedPortMapping(plan, resource, body, documented);
                    }
                }
            }
        }
    }

    /**
     * A port-mapping query asks about one member of a pool and answers the v2 NAT rules that map it: the member is
     * made as the pool's only address (in the network of the load balancer's private frontend) and each documented
     * rule as a rule on the pool whose range starts at the documented frontend port, which the first member gets.
     */
    private static void seedPortMapping(Prerequisites plan, ResourceId pool, JsonNode body,
                                        Map<String, JsonNode> documented) {
        if (!body.path("ipAddress").isTextual()) {
            return;
        }
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode member = doc.putObject("properties").putArray("loadBalancerBackendAddresses").addObject();
        member.put("name", "replay-member").putObject("properties").put("ipAddress", body.path("ipAddress").asText());
        plan.seed(pool, doc);
        ResourceId lb = pool.parent().orElseThrow();
        for (JsonNode answer : documented.values()) {
            for (JsonNode m : answer.path("body").path("inboundNatRulePortMappings")) {
                ObjectNode rule = JSON.createObjectNode();
                ObjectNode p = rule.putObject("properties");
                p.put("protocol", m.path("protocol").asText("Tcp"));
                p.put("frontendPortRangeStart", m.path("frontendPort").asInt());
                p.put("frontendPortRangeEnd", m.path("frontendPort").asInt());
                p.put("backendPort", m.path("backendPort").asInt());
                p.putObject("backendAddressPool").put("id", pool.toString());
                plan.seed(lb.child("inboundNatRules", m.path("inboundNatRuleName").asText()), rule);
            }
        }
    }

    private static void seed(Prerequisites plan, ResourceId id, JsonNode doc) {
        if (doc == null) {
            plan.require(id);
            return;
        }
        plan.seed(id, doc);
        plan.scan(doc, id);
    }

    /**
     * The documented state of the resource a GET/DELETE/PATCH/POST example needs, from another example of the same
     * resource: the request of a PUT example, else the answer of a GET example (one naming the same resource first),
     * its ids moved onto this example's resource.
     */
    private static Optional<JsonNode> sibling(Operation op, ResourceId resource, Context ctx, ExampleIndex index) {
        String template = op.method().equals("POST") ? op.path().substring(0, op.path().lastIndexOf('/'))
                : op.path();
        Map<String, Example> available = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        examples().forEach(e -> available.put(e.key(), e));
        List<JsonNode> candidates = new ArrayList<>();
        for (String method : List.of("PUT", "GET")) {
            List<JsonNode> exact = new ArrayList<>();
            List<JsonNode> other = new ArrayList<>();
            for (Operation o : index.operations()) {
                Example e = available.get(o.example());
                if (e == null || !o.method().equals(method) || !o.path().equalsIgnoreCase(template)) {
                    continue;
                }
                try {
                    JsonNode ex = ctx.rewrite(JSON.readTree(e.file().toFile()));
                    JsonNode params = ex.path("parameters");
                    Optional<ResourceId> theirs = ResourceId.parse(ctx.path(o, params));
                    JsonNode doc = method.equals("PUT") ? bodyOf(o, params)
                            : documented(e.key(), ex).getOrDefault("200", JSON.createObjectNode()).path("body");
                    if (theirs.isEmpty() || doc == null || !doc.isObject()) {
                        continue;
                    }
                    JsonNode moved = JSON.readTree(Pattern.compile(Pattern.quote(theirs.get().toString()),
                            Pattern.CASE_INSENSITIVE).matcher(doc.toString())
                            .replaceAll(Matcher.quoteReplacement(resource.toString())));
                    (theirs.get().equals(resource) ? exact : other).add(moved);
                } catch (IOException ignored) {
                    // an unreadable sibling is no candidate
                }
            }
            candidates.addAll(exact);
            candidates.addAll(other);
        }
        return candidates.stream().findFirst();
    }

    /** Compares one answer with the documentation of its status. */
    private static void check(Row row, String label, Reply reply, String expectedStatus,
                              Map<String, JsonNode> documented,
                              java.util.function.Predicate<String> notMade, List<String> statusNotes) {
        String status = Integer.toString(reply.status());
        boolean ok = documented.containsKey(status) && (expectedStatus == null || expectedStatus.equals(status));
        statusNotes.add(label + " " + status + (ok ? "" : " (documented " + (expectedStatus != null ? expectedStatus
                : String.join("/", documented.keySet())) + ")"));
        if (!ok) {
            row.statusMatch = false;
            row.problems.add(label + ": answered " + status + ", documented " + (expectedStatus != null
                    ? expectedStatus : String.join("/", documented.keySet())) + ": " + reply.text());
            return;
        }
        JsonNode doc = documented.get(status);
        if (doc.path("body").isObject() || doc.path("body").isArray()) {
            JsonNode expected = Shapes.withoutReferences(doc.path("body"), notMade);
            Set<String> left = new LinkedHashSet<>();
            collectIds(doc.path("body"), left);
            left.removeIf(id -> !notMade.test(id));
            if (!left.isEmpty()) {
                row.notes.add(label + ": not compared, " + left.size() + " documented reference(s) the replay cannot"
                        + " make yet or at all: " + String.join(", ", left));
            }
            List<String> differences = new ArrayList<>(Shapes.shape(expected, reply.json()));
            differences.addAll(Shapes.values(expected, reply.json()));
            differences.forEach(p -> row.problems.add(label + ": " + p));
            row.shapeMatch &= differences.isEmpty();
        }
        for (Iterator<String> it = doc.path("headers").fieldNames(); it.hasNext(); ) {
            String h = it.next();
            if (reply.header(h).isEmpty()) {
                row.statusMatch = false;
                row.problems.add(label + ": header " + h + " is documented for " + status + " but not answered");
            }
        }
    }

    /** The documented answers by status, less what {@link KnownExceptions} cuts from them. */
    private static Map<String, JsonNode> documented(String key, JsonNode example) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        example.path("responses").fields().forEachRemaining(e -> {
            JsonNode r = e.getValue().deepCopy();
            if (r.has("body")) {
                ((ObjectNode) r).set("body", KnownExceptions.apply(key, r.get("body")));
            }
            out.put(e.getKey(), r);
        });
        return out;
    }

    private static String groupParameter(Operation op) {
        String[] seg = op.path().split("/");
        for (int i = 1; i < seg.length; i++) {
            if (seg[i - 1].equalsIgnoreCase("resourceGroups") && seg[i].startsWith("{")) {
                return seg[i].substring(1, seg[i].length() - 1);
            }
        }
        return "resourceGroupName";
    }

    private static String versionFor(ResourceId id) {
        return id.isResourceGroup() ? GROUP_VERSION : NETWORK_VERSION;
    }

    private static JsonNode bodyOf(Operation op, JsonNode params) {
        Optional<String> declared = op.bodyParameter();
        if (declared.isPresent()) {
            return params.get(declared.get());
        }
        // Parameters the specs' saved files could not resolve: the body is the object that is no path or query one.
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject() && !op.path().contains("{" + e.getKey() + "}") && !op.isQuery(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Optional<String> firstText(JsonNode first, List<JsonNode> rest) {
        if (first != null && first.isTextual()) {
            return Optional.of(first.asText());
        }
        return rest.stream().filter(JsonNode::isTextual).map(JsonNode::asText).findFirst();
    }

    private static void collectIds(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("id") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                }
                collectIds(e.getValue(), out);
            });
        } else if (n.isArray()) {
            n.forEach(x -> collectIds(x, out));
        }
    }

    private static boolean inside(String id, ResourceId resource) {
        Optional<ResourceId> r = ResourceId.parse(id);
        while (resource != null && r.isPresent()) {
            if (r.get().equals(resource)) {
                return true;
            }
            r = r.get().parent();
        }
        return false;
    }

    private static Optional<String> groupOf(String path) {
        Matcher m = Pattern.compile("(?i)^(/subscriptions/[^/]+/resourceGroups/[^/]+)").matcher(path);
        return m.find() ? ResourceId.parse(m.group(1)).map(ResourceId::toString) : Optional.empty();
    }

    // -------------------------------------------------------------------------------------------------------------
    // What the example's path names

    /**
     * The resource an operation is about: for an item path, the resource; for a POST action, the resource the
     * action is on; for a list, none ({@code collection} true).
     */
    static final class Target {
        final ResourceId resource;
        final boolean collection;
        final boolean action;

        private Target(ResourceId resource, boolean collection, boolean action) {
            this.resource = resource;
            this.collection = collection;
            this.action = action;
        }

        static Target of(Operation op, String path) {
            boolean item = op.path().endsWith("}");
            if (item) {
                return new Target(ResourceId.parse(path).orElse(null), false, false);
            }
            if (op.method().equals("GET")) {
                return new Target(null, true, false);
            }
            return new Target(ResourceId.parse(path.substring(0, path.lastIndexOf('/'))).orElse(null), false, true);
        }
    }

    /** Which resource types Fulcrum serves: its own provider registry, and a probe for actions and views. */
    static final class Registry {
        private final ArmClient arm;
        private final String subscription;
        private final Set<String> types = new LinkedHashSet<>();
        private final Set<String> namespaces = new LinkedHashSet<>();

        Registry(ArmClient arm, String subscription) {
            this.arm = arm;
            this.subscription = subscription;
            Reply r = arm.get("/subscriptions/" + subscription + "/providers?api-version=" + GROUP_VERSION);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            for (JsonNode ns : r.json().path("value")) {
                String namespace = ns.path("namespace").asText();
                namespaces.add(namespace.toLowerCase(Locale.ROOT));
                for (JsonNode t : ns.path("resourceTypes")) {
                    types.add((namespace + "/" + t.path("resourceType").asText()).toLowerCase(Locale.ROOT));
                }
            }
        }

        boolean served(String qualifiedType) {
            return types.contains(qualifiedType.toLowerCase(Locale.ROOT));
        }

        boolean unsatisfiable(String id, Prerequisites plan) {
            return plan.isUnsatisfiable(id) || ResourceId.parse(id)
                    .map(r -> !Prerequisites.makeable(r, this::served)).orElse(false);
        }

        /** Why the operation is not served, or empty when it is. */
        Optional<String> unserved(Operation op, Target target, String url) {
            String[] seg = op.path().replaceAll("^/+", "").split("/");
            int providers = -1;
            for (int i = 0; i < seg.length - 1; i++) {
                if (seg[i].equalsIgnoreCase("providers")) {
                    providers = i;
                }
            }
            String type;
            if (providers < 0) {
                type = "Microsoft.Resources/" + (op.path().toLowerCase(Locale.ROOT).contains("/resourcegroups")
                        ? "resourceGroups" : seg[seg.length - 1]);
            } else {
                String namespace = seg[providers + 1];
                if (!namespaces.contains(namespace.toLowerCase(Locale.ROOT))) {
                    return Optional.of("namespace " + namespace + " is not served");
                }
                StringBuilder t = new StringBuilder(namespace);
                int end = target.action ? seg.length - 1 : seg.length;
                for (int i = providers + 2; i < end; i += 2) {
                    t.append('/').append(seg[i]);
                }
                type = t.toString();
            }
            if (served(type) && !target.action) {
                return Optional.empty();
            }
            if (!served(type) && !target.collection) {
                return Optional.of("resource type " + type + " is not served");
            }
            // A POST action, or a read-only view (a load balancer's networkInterfaces): is there a route?
            String probe = url.replaceFirst("(?i)/resourceGroups/[^/]+", "/resourceGroups/replay-probe-absent");
            Reply r = arm.call(op.method(), probe, op.method().equals("POST") ? "{}" : null);
            if (r.status() == 405 || ROUTING_ERRORS.contains(r.errorCode())) {
                return Optional.of(op.method() + " " + op.path().substring(op.path().lastIndexOf('/') + 1)
                        + " on " + type + " is not routed (" + r.status() + " " + r.errorCode() + ")");
            }
            return Optional.empty();
        }
    }

    /**
     * One example's names in the test's world: its subscription is the test's, and each resource group it names
     * gets a group of its own ("cx-&lt;file&gt;-&lt;group&gt;"), so examples never share resources.
     */
    static final class Context {
        private static final Pattern SCOPE = Pattern.compile(
                "(?i)/subscriptions/([^/?#\\s\"]+)(/resourceGroups/([^/?#\\s\"]+))?");
        private final String stem;
        private final String subscription;

        Context(String stem, String subscription) {
            this.stem = stem.length() > 60 ? stem.substring(0, 60) : stem;
            this.subscription = subscription;
        }

        String group(String original) {
            return "cx-" + stem + "-" + original;
        }

        JsonNode rewrite(JsonNode node) {
            if (node.isTextual()) {
                return TextNode.valueOf(rewrite(node.asText()));
            }
            JsonNode copy = node.deepCopy();
            if (copy.isObject()) {
                ObjectNode o = (ObjectNode) copy;
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                for (String n : names) {
                    o.set(n, rewrite(o.get(n)));
                }
            } else if (copy.isArray()) {
                for (int i = 0; i < copy.size(); i++) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) copy).set(i, rewrite(copy.get(i)));
                }
            }
            return copy;
        }

        String rewrite(String text) {
            Matcher m = SCOPE.matcher(text);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String replacement = "/subscriptions/" + subscription
                        + (m.group(2) == null ? "" : "/resourceGroups/" + group(m.group(3)));
                m.appendReplacement(b, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(b);
            return b.toString();
        }

        /** The request path: the template with the example's parameters (subscription and groups mapped). */
        String path(Operation op, JsonNode params) {
            String[] seg = op.path().split("/", -1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < seg.length; i++) {
                if (i > 0) {
                    b.append('/');
                }
                String s = seg[i];
                if (s.startsWith("{") && s.endsWith("}")) {
                    String name = s.substring(1, s.length() - 1);
                    String value = param(params, name).orElseThrow(() -> new IllegalStateException(
                            "the example gives no path parameter " + name));
                    if (name.equalsIgnoreCase("subscriptionId")) {
                        value = subscription;
                    } else if (i > 0 && seg[i - 1].equalsIgnoreCase("resourceGroups")) {
                        value = group(value);
                    }
                    b.append(encode(value));
                } else {
                    b.append(s);
                }
            }
            return b.toString();
        }

        String query(Operation op, JsonNode params) {
            StringBuilder q = new StringBuilder("?api-version=")
                    .append(param(params, "api-version").orElse(NETWORK_VERSION));
            for (ExampleIndex.Param p : op.parameters()) {
                if (p.in().equals("query") && !p.name().equalsIgnoreCase("api-version")) {
                    param(params, p.name()).ifPresent(v -> q.append('&').append(ArmClient.enc(p.name())).append('=')
                            .append(ArmClient.enc(v)));
                }
            }
            return q.toString();
        }

        static Optional<String> param(JsonNode params, String name) {
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(name) && e.getValue().isValueNode()) {
                    return Optional.of(e.getValue().asText());
                }
            }
            return Optional.empty();
        }

        private static String encode(String segment) {
            StringBuilder b = new StringBuilder();
            for (byte c : segment.getBytes(StandardCharsets.UTF_8)) {
                char ch = (char) (c & 0xff);
                if (Character.isLetterOrDigit(ch) && ch < 128 || "-._~()".indexOf(ch) >= 0) {
                    b.append(ch);
                } else {
                    b.append('%').append(String.format("%02X", c & 0xff));
                }
            }
            return b.toString();
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // The report

    @AfterAll
    static void report() throws IOException {
        StringBuilder b = new StringBuilder("# Example replay\n\n")
                .append("| example | source | operation | served | replayed | answered | status match | shape match"
                        + " | result |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        int pass = 0;
        int fail = 0;
        int skipped = 0;
        synchronized (ROWS) {
            for (Row r : ROWS.values()) {
                b.append("| ").append(r.example.key()).append(" | ").append(r.example.origin()).append(" | ")
                        .append(r.operation).append(" | ").append(r.served ? "yes" : "no: " + r.reason)
                        .append(" | ").append(r.replayed ? "yes" : "no").append(" | ").append(r.status)
                        .append(" | ").append(r.replayed ? (r.statusMatch ? "yes" : "NO") : "")
                        .append(" | ").append(r.replayed ? (r.shapeMatch ? "yes" : "NO") : "")
                        .append(" | ").append(r.verdict()).append(" |\n");
                switch (r.verdict()) {
                    case "pass" -> pass++;
                    case "skipped" -> skipped++;
                    default -> fail++;
                }
            }
            b.append("\n").append(pass).append(" pass, ").append(fail).append(" fail, ").append(skipped)
                    .append(" skipped\n");
            for (Row r : ROWS.values()) {
                if (!r.problems.isEmpty() || !r.notes.isEmpty()) {
                    b.append("\n## ").append(r.example.key()).append("\n");
                    r.notes.forEach(n -> b.append("- ").append(n).append('\n'));
                    r.problems.forEach(p -> b.append("- DIFFERENCE: ").append(p).append('\n'));
                }
            }
        }
        if (!KnownExceptions.all().isEmpty()) {
            b.append("\n## Allow-listed key paths (KnownExceptions)\n");
            KnownExceptions.all().forEach((file, paths) -> paths.forEach((p, why) ->
                    b.append("- ").append(file).append(" `").append(p).append("`: ").append(why).append('\n')));
        }
        Path out = PROJECT.resolve("target/conformance/example-replay.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
        System.out.println(b);
    }
}
