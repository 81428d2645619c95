package io.fulcrum.network.loadbalancer;

import io.fulcrum.arm.NotFound;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.network.NetworkVersions;
import io.fulcrum.store.Store;
import java.util.Set;

/**
 * {@code POST .../loadBalancers/{lb}/loadBalancingRules/{rule}/health} (loadBalancer.json {@code
 * LoadBalancerLoadBalancingRules_Health}; example LoadBalancerHealth.json): the rule's members, up and down.
 * Synchronous, 200: the answer is live state, which there is no reason to hand out later through an operation.
 * A rule the load balancer does not have is the Network RP's own 404, code {@code NotFound}.
 */
final class RuleHealthAction {

    private static final String PATH = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
            + "/providers/Microsoft.Network/loadBalancers/{loadBalancerName}/loadBalancingRules/{ruleName}/health";

    private final RuleHealth health;

    RuleHealthAction(RuleHealth health) {
        this.health = health;
    }

    void register(Router router, Store store) {
        router.add(new Route(PATH, Set.of(Method.POST), NetworkVersions.ALL, false, r -> answer(r, store),
                LoadBalancers.TYPE.qualified()));
    }

    private Response answer(Request r, Store store) {
        ResourceId lb = LoadBalancers.fromPath(r);
        ResourceId rule = lb.child("loadBalancingRules", r.param("ruleName"));
        return store.read(tx -> {
            NotFound.unlessFound(lb, tx);
            ResourceId found = tx.resources().get(rule).map(s -> s.id()).orElseThrow(() -> new ArmException(
                    ErrorCode.PATH_NOT_FOUND, "Resource " + rule + " not found."));
            return Response.ok(health.report(found, tx));
        });
    }
}
