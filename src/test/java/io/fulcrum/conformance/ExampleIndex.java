package io.fulcrum.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which operation each example file documents, read from the OpenAPI specs: every operation lists its examples under
 * {@code x-ms-examples} ({@code $ref} to the file), so an example's method, path template and parameters (which one
 * is the body) come from the operation that names it. Examples are keyed "provider/File.json", the provider being
 * the first folder of the spec's path under {@code reference/specs} (network, compute, resources), which is also the
 * folder the example sits in under {@code conformance/examples}.
 *
 * <p>The index can be derived from the spec files (when {@code ../shared/reference/specs} is there) or loaded from
 * the copy stored in {@code src/test/resources/conformance/operations.json}, for clones without ../shared.
 */
final class ExampleIndex {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head");

    /** A body or query parameter of an operation: its name and where it goes ({@code query} or {@code body}). */
    record Param(String name, String in) {
    }

    /**
     * An operation and the example it lists.
     *
     * @param example  "network/LoadBalancerCreate.json"
     * @param spec     the spec file, relative to {@code reference/specs}
     * @param statuses the status codes the operation declares (not "default")
     */
    record Operation(String example, String spec, String operationId, String method, String path,
                     List<Param> parameters, List<String> statuses) {

        /** The name of the body parameter, if the operation declares one. */
        Optional<String> bodyParameter() {
            return parameters.stream().filter(p -> p.in().equals("body")).map(Param::name).findFirst();
        }

        boolean isQuery(String name) {
            return parameters.stream().anyMatch(p -> p.in().equals("query") && p.name().equalsIgnoreCase(name));
        }

        ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("example", example);
            o.put("spec", spec);
            o.put("operationId", operationId);
            o.put("method", method);
            o.put("path", path);
            ArrayNode ps = o.putArray("parameters");
            parameters.forEach(p -> ps.addObject().put("name", p.name()).put("in", p.in()));
            ArrayNode ss = o.putArray("statuses");
            statuses.forEach(ss::add);
            return o;
        }

        static Operation fromJson(JsonNode o) {
            List<Param> ps = new ArrayList<>();
            o.path("parameters").forEach(p -> ps.add(new Param(p.path("name").asText(), p.path("in").asText())));
            List<String> ss = new ArrayList<>();
            o.path("statuses").forEach(s -> ss.add(s.asText()));
            return new Operation(o.path("example").asText(), o.path("spec").asText(), o.path("operationId").asText(),
                    o.path("method").asText(), o.path("path").asText(), List.copyOf(ps), List.copyOf(ss));
        }
    }

    private final Map<String, Operation> byExample;

    private ExampleIndex(Map<String, Operation> byExample) {
        this.byExample = byExample;
    }

    static String key(String example) {
        return example.toLowerCase(Locale.ROOT);
    }

    Optional<Operation> find(String example) {
        return Optional.ofNullable(byExample.get(key(example)));
    }

    Collection<Operation> operations() {
        return byExample.values();
    }

    int size() {
        return byExample.size();
    }

    /** Reads every {@code *.json} spec under {@code specsRoot}. */
    static ExampleIndex derive(Path specsRoot) {
        Map<String, Operation> out = new TreeMap<>();
        Map<Path, JsonNode> cache = new HashMap<>();
        List<Path> specs;
        try (Stream<Path> s = Files.walk(specsRoot)) {
            specs = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path spec : specs) {
            String rel = specsRoot.relativize(spec).toString().replace('\\', '/');
            String provider = rel.substring(0, rel.indexOf('/'));
            JsonNode doc = load(spec, cache);
            for (String section : List.of("paths", "x-ms-paths")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = doc.path(section).fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> pathItem = it.next();
                    for (String method : METHODS) {
                        JsonNode op = pathItem.getValue().get(method);
                        if (op == null || !op.has("x-ms-examples")) {
                            continue;
                        }
                        List<Param> params = new ArrayList<>();
                        for (JsonNode p : pathItem.getValue().path("parameters")) {
                            resolve(p, spec, doc, cache).ifPresent(params::add);
                        }
                        for (JsonNode p : op.path("parameters")) {
                            resolve(p, spec, doc, cache).ifPresent(params::add);
                        }
                        List<String> statuses = new ArrayList<>();
                        op.path("responses").fieldNames().forEachRemaining(c -> {
                            if (!c.equals("default")) {
                                statuses.add(c);
                            }
                        });
                        for (JsonNode ex : op.path("x-ms-examples")) {
                            String ref = ex.path("$ref").asText();
                            String file = ref.substring(ref.lastIndexOf('/') + 1);
                            String example = provider + "/" + file;
                            out.putIfAbsent(key(example), new Operation(example, rel, op.path("operationId").asText(),
                                    method.toUpperCase(Locale.ROOT), pathItem.getKey(), List.copyOf(params),
                                    List.copyOf(statuses)));
                        }
                    }
                }
            }
        }
        return new ExampleIndex(out);
    }

    /**
     * A parameter, following {@code $ref}s into the same file or a sibling spec that is present; a reference to a
     * file that was not saved (common-types) is dropped: such parameters are subscription ids and api-versions,
     * which the path template and the example name anyway.
     */
    private static Optional<Param> resolve(JsonNode p, Path spec, JsonNode doc, Map<Path, JsonNode> cache) {
        JsonNode node = p;
        Path file = spec;
        JsonNode inDoc = doc;
        for (int hops = 0; node.has("$ref") && hops < 5; hops++) {
            String ref = node.path("$ref").asText();
            int hash = ref.indexOf('#');
            String filePart = hash < 0 ? ref : ref.substring(0, hash);
            String pointer = hash < 0 ? "" : ref.substring(hash + 1);
            if (!filePart.isEmpty()) {
                file = file.getParent().resolve(filePart).normalize();
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                inDoc = load(file, cache);
            }
            node = inDoc.at(pointer);
            if (node.isMissingNode()) {
                return Optional.empty();
            }
        }
        // Path parameters are named by the template itself; only the body and query ones are kept.
        if (!node.has("name") || !List.of("body", "query").contains(node.path("in").asText())) {
            return Optional.empty();
        }
        return Optional.of(new Param(node.path("name").asText(), node.path("in").asText()));
    }

    private static JsonNode load(Path file, Map<Path, JsonNode> cache) {
        return cache.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
            try {
                return JSON.readTree(f.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + f, e);
            }
        });
    }

    static ExampleIndex load(InputStream in) {
        try {
            Map<String, Operation> out = new TreeMap<>();
            for (JsonNode o : JSON.readTree(in).path("operations")) {
                Operation op = Operation.fromJson(o);
                out.put(key(op.example()), op);
            }
            return new ExampleIndex(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored form: one operation per line, so a regenerated index diffs line by line. */
    String render(String source) {
        StringBuilder b = new StringBuilder("{\n\"comment\": ");
        b.append(JSON.getNodeFactory().textNode("Derived from " + source + " by ExampleIndex (regenerate: mvn test"
                + " -Dtest=ExampleReplayTest -Dconformance.writeIndex=true). Maps each x-ms-examples file to its"
                + " operation.").toString());
        b.append(",\n\"operations\": [\n");
        int i = 0;
        for (Operation op : byExample.values()) {
            b.append(op.toJson().toString()).append(++i < byExample.size() ? ",\n" : "\n");
        }
        return b.append("]\n}\n").toString();
    }

    void write(Path file, String source) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, render(source), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
