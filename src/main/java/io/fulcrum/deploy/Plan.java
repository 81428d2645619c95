package io.fulcrum.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.arm.resource.ResourceFamily;
import io.fulcrum.deploy.template.TemplateContext;
import io.fulcrum.deploy.template.TemplateResource;
import java.util.List;
import java.util.Set;

/**
 * A deployment that passed validation: every resource instance with the family that will write it, its id and
 * its dependencies, and the order that honours them. Nothing in it refers to a transaction, so the same plan can
 * describe a deployment that failed after its writes were rolled back.
 *
 * @param steps  by template position
 * @param order  the deployment order: each resource after everything it depends on, otherwise template order
 */
record Plan(Target target, TemplateContext context, String templateHash, ObjectNode parameters, List<Step> steps,
            List<Step> order) {

    /**
     * @param type      the canonical type ("Microsoft.Network/virtualNetworks/subnets")
     * @param dependsOn positions of the steps this one waits for (declared, parent and reference() dependencies)
     * @param location  the evaluated location, when validation could know it (for the providers list)
     */
    record Step(int index, TemplateResource source, ResourceFamily family, ResourceId id, String type,
                Set<Integer> dependsOn, String location) {

        /** "vnet/s1": the name as the template gives it, which is how deployments list a resource. */
        String name() {
            return source.name();
        }
    }
}
