package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.StoredResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Clashes between the rules of one load balancer, which Azure checks on the load balancer as a whole:
 * <ul>
 *   <li>two rules (load-balancing, inbound NAT, NAT pool) listening on the same frontend, protocol and port;</li>
 *   <li>two load-balancing rules with floating IP disabled sending the same protocol and backend port to the same
 *   pool (RulesUseSameBackendPortProtocolAndPool, azure-docs issue 94673): the backend could not tell the flows
 *   apart;</li>
 *   <li>two outbound rules sharing a frontend and protocol, and a load-balancing rule that still does outbound
 *   SNAT on a frontend an outbound rule owns.</li>
 * </ul>
 */
final class RuleConflicts {

    /** A frontend port range some rule listens on. HA-ports rules listen on "port 0", every port. */
    private record Claim(ResourceId owner, ResourceId frontend, String protocol, int from, int to, boolean haPorts,
                         boolean floating) {
        boolean clashes(Claim o) {
            if (!frontend.equals(o.frontend) || !RuleFields.protocolsOverlap(protocol, o.protocol)) {
                return false;
            }
            if (haPorts || o.haPorts) {
                // A frontend may carry one HA-ports rule with floating IP and one without (ha-ports overview).
                return haPorts && o.haPorts && floating == o.floating;
            }
            return from <= o.to && o.from <= to;
        }

        String ports() {
            return from == to ? "port " + from : "ports " + from + "-" + to;
        }
    }

    private RuleConflicts() {
    }

    static void check(List<StoredResource> rules, List<StoredResource> natRules, List<StoredResource> natPools,
                      List<StoredResource> outbound) {
        frontendPorts(rules, natRules, natPools);
        backendPorts(rules);
        outboundFrontends(rules, outbound);
    }

    private static void frontendPorts(List<StoredResource> rules, List<StoredResource> natRules,
                                      List<StoredResource> natPools) {
        List<Claim> claims = new ArrayList<>();
        for (StoredResource r : rules) {
            JsonNode p = props(r);
            int port = p.path("frontendPort").asInt();
            claim(claims, r, p, port, port, port == 0);
        }
        for (StoredResource r : natRules) {
            JsonNode p = props(r);
            if (p.has("backendAddressPool")) {
                claim(claims, r, p, p.path("frontendPortRangeStart").asInt(), p.path("frontendPortRangeEnd").asInt(),
                        false);
            } else {
                claim(claims, r, p, p.path("frontendPort").asInt(), p.path("frontendPort").asInt(), false);
            }
        }
        for (StoredResource r : natPools) {
            JsonNode p = props(r);
            claim(claims, r, p, p.path("frontendPortRangeStart").asInt(), p.path("frontendPortRangeEnd").asInt(),
                    false);
        }
        for (int i = 0; i < claims.size(); i++) {
            for (int j = 0; j < i; j++) {
                Claim a = claims.get(j);
                Claim b = claims.get(i);
                if (a.clashes(b)) {
                    throw new ArmException(ErrorCode.RULES_SHARE_FRONTEND_PORT, "Rules " + a.owner() + " and "
                            + b.owner() + " both use frontend IP configuration " + a.frontend() + " with protocol "
                            + b.protocol() + " (" + a.ports() + " and " + b.ports() + "); a frontend port and"
                            + " protocol can belong to one rule only.", b.owner().toString());
                }
            }
        }
    }

    private static void claim(List<Claim> claims, StoredResource r, JsonNode p, int from, int to, boolean haPorts) {
        Optional<ResourceId> frontend = Siblings.idOf(p, "frontendIPConfiguration");
        frontend.ifPresent(f -> claims.add(new Claim(r.id(), f, p.path("protocol").asText(), from, to, haPorts,
                p.path("enableFloatingIP").asBoolean())));
    }

    private static void backendPorts(List<StoredResource> rules) {
        for (int i = 0; i < rules.size(); i++) {
            JsonNode b = props(rules.get(i));
            if (b.path("enableFloatingIP").asBoolean()) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                JsonNode a = props(rules.get(j));
                if (a.path("enableFloatingIP").asBoolean()
                        || a.path("backendPort").asInt() != b.path("backendPort").asInt()
                        || !RuleFields.protocolsOverlap(a.path("protocol").asText(), b.path("protocol").asText())) {
                    continue;
                }
                Set<ResourceId> shared = new HashSet<>(LoadBalancingRules.pools(a));
                shared.retainAll(LoadBalancingRules.pools(b));
                if (!shared.isEmpty()) {
                    throw new ArmException(ErrorCode.RULES_SHARE_BACKEND_PORT, "Load balancing rules "
                            + rules.get(j).id() + " and " + rules.get(i).id() + " with floating IP disabled use the"
                            + " same protocol " + b.path("protocol").asText() + " and backend port "
                            + b.path("backendPort").asInt() + ", and must not be used with the same backend address"
                            + " pool " + shared.iterator().next() + ".", rules.get(i).id().toString());
                }
            }
        }
    }

    private static void outboundFrontends(List<StoredResource> rules, List<StoredResource> outbound) {
        for (int i = 0; i < outbound.size(); i++) {
            for (int j = 0; j < i; j++) {
                JsonNode a = props(outbound.get(j));
                JsonNode b = props(outbound.get(i));
                Set<ResourceId> shared = frontends(a);
                shared.retainAll(frontends(b));
                if (!shared.isEmpty() && RuleFields.protocolsOverlap(a.path("protocol").asText(),
                        b.path("protocol").asText())) {
                    throw new ArmException(ErrorCode.OUTBOUND_RULES_SHARE_FRONTEND, "It is not supported to have"
                            + " more than a single outbound rule using frontendIPConfiguration "
                            + shared.iterator().next() + " with same or overlapping protocol. This"
                            + " frontendIPConfiguration is used by the following outbound rules: "
                            + outbound.get(j).id() + "," + outbound.get(i).id() + ".", outbound.get(i).id().toString());
                }
            }
        }
        Set<ResourceId> outboundFrontends = new HashSet<>();
        outbound.forEach(o -> outboundFrontends.addAll(frontends(props(o))));
        for (StoredResource r : rules) {
            JsonNode p = props(r);
            Optional<ResourceId> frontend = Siblings.idOf(p, "frontendIPConfiguration");
            if (!p.path("disableOutboundSnat").asBoolean() && frontend.isPresent()
                    && outboundFrontends.contains(frontend.get())) {
                throw new ArmException(ErrorCode.RULE_MUST_DISABLE_SNAT, "Load balancing rule " + r.id() + " must"
                        + " set disableOutboundSnat to true because its frontend IP configuration " + frontend.get()
                        + " is also used by an outbound rule.", r.id().toString());
            }
        }
    }

    private static Set<ResourceId> frontends(JsonNode outboundRule) {
        Set<ResourceId> out = new HashSet<>();
        for (JsonNode f : outboundRule.path("frontendIPConfigurations")) {
            ResourceId.parse(f.path("id").asText()).ifPresent(out::add);
        }
        return out;
    }

    private static JsonNode props(StoredResource r) {
        return r.body().path("properties");
    }
}
