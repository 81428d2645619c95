package io.fulcrum.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEMPORARY BRIDGE, to remove once Microsoft.Resources/deployments is served (written on another branch).
 *
 * <p>{@code az network lb create} does not PUT the load balancer: it PUTs an ARM deployment whose template holds the
 * load balancer and, as the case may be, the public IP or virtual network it creates (clients.md section 7.1), then
 * GETs the deployment and prints {@code outputs.loadBalancer.value}. Fulcrum cannot serve that PUT yet, so the
 * replay does instead what the deployment would have done: it PUTs each template resource directly through the
 * REST API (dependencies first, at the template's apiVersion), so that the recording's later requests find them.
 * The deployment GET is then checked by comparing the recorded output ({@code [reference('lb')]}, the resource's
 * {@code properties}) with the {@code properties} Fulcrum answers for that resource.
 *
 * <p>The templates in the recordings are literal (no parameters, variables or expressions but the
 * {@code [reference('name')]} output), which is all this bridge handles. Once deployments land, delete this class
 * and the two call sites in {@link RecordingReplayTest} marked "BRIDGE": the deployment PUT/GET are then replayed
 * like any other request and their polls followed through Fulcrum's own Azure-AsyncOperation.
 */
final class DeploymentBridge {

    private static final Pattern REFERENCE = Pattern.compile("^\\[reference\\('([^']+)'\\)\\]$");

    /** What the last deployment PUT created: its outputs' resources, by output name (e.g. "loadBalancer"). */
    private final Map<String, String> outputs = new LinkedHashMap<>();

    /**
     * Creates the template's resources. {@code body} is the deployment PUT's body, already rewritten (subscription,
     * groups, locations); {@code groupPath} is /subscriptions/{s}/resourceGroups/{g}. Answers the problems.
     */
    List<String> create(ArmClient arm, JsonNode body, String groupPath) {
        List<String> problems = new ArrayList<>();
        JsonNode template = body.path("properties").path("template");
        List<JsonNode> pending = new ArrayList<>();
        template.path("resources").forEach(pending::add);
        Map<String, String> created = new LinkedHashMap<>(); // template name -> path?api-version
        // Dependencies first: a resource goes once every "dependsOn" entry names a created resource (az writes
        // "Microsoft.Network/publicIpAddresses/PublicIPlb1": type/name, in another case than "type").
        while (!pending.isEmpty()) {
            JsonNode next = pending.stream().filter(r -> dependenciesMet(r, created)).findFirst()
                    .orElse(pending.get(0));
            pending.remove(next);
            String path = groupPath + "/providers/" + next.path("type").asText() + "/" + next.path("name").asText()
                    + "?api-version=" + next.path("apiVersion").asText();
            ObjectNode resource = ((ObjectNode) next).deepCopy();
            for (String templateOnly : List.of("type", "name", "apiVersion", "dependsOn", "comments", "condition")) {
                resource.remove(templateOnly);
            }
            Reply r = arm.put(path, resource.toString());
            if (r.status() != 200 && r.status() != 201) {
                problems.add("bridge: PUT " + path + " answered " + r.status() + " " + r.text());
            }
            created.put(next.path("name").asText(), path);
        }
        outputs.clear();
        template.path("outputs").fields().forEachRemaining(o -> {
            Matcher m = REFERENCE.matcher(o.getValue().path("value").asText(""));
            if (m.matches() && created.containsKey(m.group(1))) {
                outputs.put(o.getKey(), created.get(m.group(1)));
            }
        });
        return problems;
    }

    private static boolean dependenciesMet(JsonNode resource, Map<String, String> created) {
        for (JsonNode d : resource.path("dependsOn")) {
            String name = d.asText().substring(d.asText().lastIndexOf('/') + 1);
            if (!created.containsKey(name)) {
                return false;
            }
        }
        return true;
    }

    /** The resource (path with api-version) each output of the last deployment references. */
    Map<String, String> outputs() {
        return outputs;
    }

    static boolean isDeployment(String path) {
        return path.toLowerCase(Locale.ROOT).contains("/providers/microsoft.resources/deployments/");
    }
}
