package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.network.NetworkFields;
import io.fulcrum.store.StoredResource;
import io.fulcrum.store.Tx;
import java.util.List;
import java.util.Optional;

/**
 * What must hold for a load balancer as a whole once a write has settled, whichever part the write touched (the
 * whole load balancer, or one pool or NAT rule on its own): children need a frontend, SKUs must agree, and rules
 * must not clash ({@link RuleConflicts}).
 */
final class LoadBalancerChecks {

    private static final NetworkFields FIELDS = NetworkFields.REQUEST_INVALID;

    private LoadBalancerChecks() {
    }

    static void check(ResourceId lbId, Tx tx) {
        StoredResource lb = tx.resources().get(lbId).orElseThrow();
        List<StoredResource> frontends = Siblings.children(lbId, Frontends.TYPE, tx);
        List<StoredResource> pools = Siblings.children(lbId, BackendPools.TYPE, tx);
        List<StoredResource> probes = Siblings.children(lbId, Probes.TYPE, tx);
        List<StoredResource> rules = Siblings.children(lbId, LoadBalancingRules.TYPE, tx);
        List<StoredResource> natRules = Siblings.children(lbId, InboundNatRules.TYPE, tx);
        List<StoredResource> natPools = Siblings.children(lbId, InboundNatPools.TYPE, tx);
        List<StoredResource> outbound = Siblings.children(lbId, OutboundRules.TYPE, tx);
        if (frontends.isEmpty() && !(pools.isEmpty() && probes.isEmpty() && rules.isEmpty() && natRules.isEmpty()
                && natPools.isEmpty() && outbound.isEmpty())) {
            // Azure/azure-xplat-cli issue 546: "does not have Frontend IP Configuration, but it has other child
            // resources. This setup is not supported."
            throw new ArmException(ErrorCode.LB_WITHOUT_FRONTEND, "Load balancer " + lbId + " does not have a"
                    + " frontend IP configuration, but it has other child resources. This setup is not supported.",
                    "properties.frontendIPConfigurations");
        }
        String sku = Skus.name(lb);
        for (StoredResource f : frontends) {
            Optional<StoredResource> pip = Siblings.idOf(props(f), "publicIPAddress").flatMap(tx.resources()::get);
            if (pip.isPresent() && !Skus.name(pip.get()).equalsIgnoreCase(sku)) {
                throw new ArmException(ErrorCode.LB_AND_PUBLIC_IP_SKUS_DIFFER, "Different basic sku and standard"
                        + " sku load balancer or public Ip resources are not allowed: " + sku + " sku load balancer "
                        + lbId + " and " + Skus.name(pip.get()) + " sku public IP " + pip.get().id() + " (frontend "
                        + f.id().name() + ").", f.id().toString());
            }
        }
        if (!outbound.isEmpty() && sku.equals(Skus.BASIC)) {
            throw new ArmException(ErrorCode.OUTBOUND_RULE_SKU, "Outbound rule " + outbound.get(0).id() + " cannot"
                    + " be used with load balancer " + lbId + " of sku Basic; outbound rules need sku Standard.",
                    outbound.get(0).id().toString());
        }
        for (StoredResource r : rules) {
            if (props(r).path("frontendPort").asInt() == 0) {
                checkHaPorts(r, sku, tx);
            }
        }
        for (StoredResource p : pools) {
            if (props(p).has("syncMode") && (sku.equals(Skus.GATEWAY) || Skus.tier(lb).equals(Skus.GLOBAL))) {
                throw FIELDS.invalid(p.id().toString(), "backend address pool " + p.id().name() + " has syncMode,"
                        + " which is not available on a " + sku + " " + Skus.tier(lb) + " load balancer.");
            }
        }
        RuleConflicts.check(rules, natRules, natPools, outbound);
    }

    /** HA ports belong to internal Standard load balancers (azure-docs load-balancer-ha-ports-overview.md). */
    private static void checkHaPorts(StoredResource rule, String sku, Tx tx) {
        boolean internal = Siblings.idOf(props(rule), "frontendIPConfiguration").flatMap(tx.resources()::get)
                .map(f -> props(f).has("subnet")).orElse(false);
        if (sku.equals(Skus.BASIC) || !internal) {
            throw FIELDS.invalid(rule.id().toString(), "HA-ports rule " + rule.id().name() + " (protocol All, port"
                    + " 0) needs an internal frontend on a Standard load balancer; this one is " + sku
                    + (internal ? "" : " with a public frontend") + ".");
        }
    }

    private static JsonNode props(StoredResource r) {
        return r.body().path("properties");
    }
}
