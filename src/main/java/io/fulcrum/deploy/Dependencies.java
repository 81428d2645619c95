package io.fulcrum.deploy;

import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.deploy.Plan.Step;
import io.fulcrum.deploy.template.TemplateError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Finds what a dependsOn entry names and orders a deployment. An entry may be a resource id, a "type/name" pair
 * ("Microsoft.Network/virtualNetworks/vnet2", as az writes it), a resource name or a copy loop's name, all
 * compared without regard to case. Resources are deployed one at a time: each after everything it depends on,
 * otherwise in template order, so a deployment always runs the same way.
 */
final class Dependencies {

    private Dependencies() {
    }

    /**
     * The steps an entry names; empty when it names nothing in the template.
     *
     * @param target whose subscription and group complete a "type/name" entry into an id
     */
    static List<Step> named(String entry, List<Step> steps, Target target) {
        List<Step> out = new ArrayList<>();
        ResourceId id = asId(entry, target);
        for (Step s : steps) {
            boolean byId = id != null && s.id().equals(id);
            boolean byName = s.name().equalsIgnoreCase(entry);
            boolean byLoop = s.source().copyName() != null && s.source().copyName().equalsIgnoreCase(entry);
            if (byId || byName || byLoop) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether an entry names an instance whose condition was false (ARM then drops the dependency). */
    static boolean namesSkipped(String entry, Set<String> skipped, Target target) {
        String e = entry.toLowerCase(Locale.ROOT);
        ResourceId id = asId(entry, target);
        for (String s : skipped) {
            if (s.equals(e) || s.endsWith("/" + e) || (id != null && s.equals(typeAndName(id)))) {
                return true;
            }
        }
        return false;
    }

    /** An entry read as a resource id ("/subscriptions/..." or "Namespace/type/name[/type/name]"), or null. */
    private static ResourceId asId(String entry, Target target) {
        if (entry.startsWith("/")) {
            return ResourceId.parse(entry).orElse(null);
        }
        String[] p = entry.split("/", -1);
        if (p.length < 3 || p.length % 2 == 0) {
            return null;
        }
        ResourceId id = ResourceId.resource(target.subscriptionId(), target.groupName(), p[0], p[1], p[2]);
        for (int i = 3; i < p.length; i += 2) {
            id = id.child(p[i], p[i + 1]);
        }
        return id;
    }

    /** "microsoft.network/virtualnetworks/subnets/vnet/s1": how skipped instances are remembered. */
    private static String typeAndName(ResourceId id) {
        StringBuilder names = new StringBuilder();
        for (ResourceId.Segment s : id.segments()) {
            names.append('/').append(s.name());
        }
        return (id.type() + names).toLowerCase(Locale.ROOT);
    }

    /** The deployment order, or InvalidTemplate naming a cycle. */
    static List<Step> order(List<Step> steps) {
        int n = steps.size();
        int[] waiting = new int[n];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (Step s : steps) {
            waiting[s.index()] = s.dependsOn().size();
            for (int d : s.dependsOn()) {
                dependents.get(d).add(s.index());
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<Step> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(steps.get(i));
            for (int d : dependents.get(i)) {
                if (--waiting[d] == 0) {
                    ready.add(d);
                }
            }
        }
        if (order.size() < n) {
            throw cycle(steps, waiting);
        }
        return order;
    }

    /** Walks dependencies among the steps left waiting until one repeats: that path is a cycle. */
    private static RuntimeException cycle(List<Step> steps, int[] waiting) {
        int start = 0;
        while (waiting[start] == 0) {
            start++;
        }
        List<Integer> path = new ArrayList<>();
        int at = start;
        while (!path.contains(at)) {
            path.add(at);
            at = firstWaiting(steps.get(at).dependsOn(), waiting);
        }
        List<String> names = new ArrayList<>();
        for (int i : path.subList(path.indexOf(at), path.size())) {
            names.add(steps.get(i).id().toString());
        }
        names.add(steps.get(at).id().toString());
        return TemplateError.validation(TemplateError.of("Circular dependency detected on resource: '"
                + steps.get(at).id() + "'. The cycle is " + String.join(" -> ", names)));
    }

    private static int firstWaiting(Collection<Integer> deps, int[] waiting) {
        for (int d : deps) {
            if (waiting[d] > 0) {
                return d;
            }
        }
        throw new IllegalStateException("a step left waiting has no waiting dependency");
    }
}
