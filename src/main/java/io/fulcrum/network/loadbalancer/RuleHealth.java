package io.fulcrum.network.loadbalancer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.Tx;

/**
 * The answer of a load-balancing rule's health action ({@code LoadBalancerHealthPerRule}), from whoever knows the
 * members' live state: the data plane. The action has already found the rule in {@code tx}.
 */
@FunctionalInterface
public interface RuleHealth {

    ObjectNode report(ResourceId rule, Tx tx);
}
