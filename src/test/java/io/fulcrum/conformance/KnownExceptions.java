package io.fulcrum.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one allow-list of the example replay: parts of documented answers that the replay cannot hold Fulcrum to,
 * keyed by example file and key path. The part is cut from the documented answer (every status) before the answer is
 * used, to create prerequisites or to compare with. A path is dotted member names; {@code []} means every item of an
 * array, {@code [n]} the n-th (0-based). Each entry says why. A server gap is never listed here: it is fixed in the
 * server.
 */
final class KnownExceptions {

    private KnownExceptions() {
    }

    private static final Map<String, Map<String, String>> BY_FILE = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        // The answers name the address "testDNS-ip" while the request path (and the answers' own id) says
        // "test-ip"; the name is the last segment of the id.
        BY_FILE.put("network/PublicIpAddressCreateDefaults.json", Map.of(
                "name", "answer names testDNS-ip, request path and id say test-ip"));
        BY_FILE.put("network/PublicIpAddressCreateCustomizedValues.json", Map.of(
                "name", "answer names testDNS-ip, request path and id say test-ip",
                // "zones": ["1"] sits among the operation's parameters, beside the body parameter, so the PUT
                // never sends it; the answer shows it as if it had.
                "zones", "zones are given next to the body parameter, not in it, so the request has none"));
        // Azure accepts the deployment and runs it later, so its 201 says "Accepted"; Fulcrum runs it inside the PUT's
        // transaction and answers with the final state (the Azure-AsyncOperation URL reports the same).
        BY_FILE.put("resources/PutDeploymentWithExternalInputs.json", Map.of(
                "properties.provisioningState", "deployments finish inside the PUT: Succeeded, not Accepted"));
        // The frontend lists a back-reference to inboundNatRules/in-nat-rule, but the request (and the answer)
        // has no inboundNatRules at all.
        BY_FILE.put("network/LoadBalancerCreateGlobalTier.json", Map.of(
                "properties.frontendIPConfigurations[].properties.inboundNatRules",
                "back-reference to a NAT rule the load balancer does not have"));
        // "primary" (read-only) says whether the NIC is the primary NIC of the VM it is attached to; the examples'
        // NICs are attached to virtualMachines/vm1, a Microsoft.Compute resource Fulcrum does not serve, so no replay
        // can attach them.
        // The member is NIC1's ip configuration in the rule's pool; no example creates NIC1 or puts it in lb1's
        // pool, so the replayed rule has no members. The answer is live state of members the replay cannot make.
        BY_FILE.put("network/LoadBalancerHealth.json", Map.of(
                "loadBalancerBackendAddresses[]", "a NIC member (NIC1/ipConfig) that no example creates"));
        BY_FILE.put("network/NetworkInterfaceGet.json", Map.of(
                "properties.primary", "only present on a NIC attached to a VM (Microsoft.Compute, not served)"));
        BY_FILE.put("network/NetworkInterfaceList.json", Map.of(
                // test-nic2's second ip configuration has the id of test-nic's ipconfig2 and a subnet in rg1-vnet,
                // while its first one is in rg1-vnet2: a NIC cannot span two virtual networks (Azure refuses it),
                // so this item describes no NIC that can exist.
                "value[1].properties.ipConfigurations[1]",
                "test-nic2's ipconfig2 carries test-nic's id and another virtual network than its ipconfig1",
                "value[].properties.primary",
                "only present on a NIC attached to a VM (Microsoft.Compute, not served)"));
    }

    static Map<String, Map<String, String>> all() {
        return BY_FILE;
    }

    /** A copy of a documented answer of {@code example} without the parts this list names. */
    static JsonNode apply(String example, JsonNode answer) {
        Map<String, String> paths = BY_FILE.get(example);
        if (paths == null || answer == null) {
            return answer;
        }
        JsonNode copy = answer.deepCopy();
        paths.keySet().forEach(p -> cut(copy, p.split("\\.")));
        return copy;
    }

    private static void cut(JsonNode node, String[] steps) {
        cut(node, steps, 0);
    }

    private static void cut(JsonNode node, String[] steps, int at) {
        String step = steps[at];
        int bracket = step.indexOf('[');
        String member = bracket < 0 ? step : step.substring(0, bracket);
        String index = bracket < 0 ? null : step.substring(bracket + 1, step.length() - 1);
        boolean last = at == steps.length - 1;
        if (!(node instanceof ObjectNode o) || !o.has(member)) {
            return;
        }
        if (index == null) {
            if (last) {
                o.remove(member);
            } else {
                cut(o.get(member), steps, at + 1);
            }
            return;
        }
        if (!(o.get(member) instanceof ArrayNode list)) {
            return;
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            if (index.isEmpty() || index.equals(Integer.toString(i))) {
                if (last) {
                    list.remove(i);
                } else {
                    cut(list.get(i), steps, at + 1);
                }
            }
        }
    }
}
