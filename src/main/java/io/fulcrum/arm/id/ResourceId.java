package io.fulcrum.arm.id;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An ARM resource id, parsed. Equality and hashing ignore case, as ARM does everywhere (cloud-provider-azure, our
 * heaviest real client, compares ids case-insensitively too); {@link #toString()} keeps the spelling it was built
 * with, which is the spelling of the request that created the resource.
 *
 * <p>Shapes: {@code /subscriptions/{s}/resourceGroups/{rg}} (a group) and
 * {@code /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{childType}/{childName}]...}.
 */
public final class ResourceId {

    /** One "type/name" step below the provider namespace. */
    public record Segment(String type, String name) {
    }

    private final String subscriptionId;
    private final String resourceGroup;
    private final String namespace;
    private final List<Segment> segments;
    private final String text;
    private final String key;

    private ResourceId(String subscriptionId, String resourceGroup, String namespace, List<Segment> segments) {
        this.subscriptionId = Objects.requireNonNull(subscriptionId);
        this.resourceGroup = resourceGroup;
        this.namespace = namespace;
        this.segments = List.copyOf(segments);
        StringBuilder b = new StringBuilder("/subscriptions/").append(subscriptionId);
        if (resourceGroup != null) {
            b.append("/resourceGroups/").append(resourceGroup);
        }
        if (namespace != null) {
            b.append("/providers/").append(namespace);
            for (Segment s : this.segments) {
                b.append('/').append(s.type()).append('/').append(s.name());
            }
        }
        this.text = b.toString();
        this.key = text.toLowerCase(Locale.ROOT);
    }

    public static ResourceId resourceGroup(String subscriptionId, String group) {
        return new ResourceId(subscriptionId, group, null, List.of());
    }

    public static ResourceId resource(String subscriptionId, String group, String namespace, String type, String name) {
        return new ResourceId(subscriptionId, group, namespace, List.of(new Segment(type, name)));
    }

    public ResourceId child(String type, String name) {
        if (namespace == null) {
            throw new IllegalStateException("a resource group has no child resources by path: " + text);
        }
        List<Segment> s = new ArrayList<>(segments);
        s.add(new Segment(type, name));
        return new ResourceId(subscriptionId, resourceGroup, namespace, s);
    }

    /**
     * Parses an id as clients send it: any case, "resourcegroups" or "resourceGroups", an optional trailing slash.
     * Returns empty when the text is not a resource-group or provider-resource id.
     */
    public static Optional<ResourceId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.startsWith("/")) {
            return Optional.empty();
        }
        String[] p = t.substring(1).split("/", -1);
        for (String part : p) {
            if (part.isEmpty()) {
                return Optional.empty();
            }
        }
        if (p.length < 4 || !p[0].equalsIgnoreCase("subscriptions") || !p[2].equalsIgnoreCase("resourceGroups")) {
            return Optional.empty();
        }
        if (p.length == 4) {
            return Optional.of(resourceGroup(p[1], p[3]));
        }
        if (!p[4].equalsIgnoreCase("providers") || p.length < 8 || (p.length - 6) % 2 != 0) {
            return Optional.empty();
        }
        List<Segment> segs = new ArrayList<>();
        for (int i = 6; i < p.length; i += 2) {
            segs.add(new Segment(p[i], p[i + 1]));
        }
        return Optional.of(new ResourceId(p[1], p[3], p[5], segs));
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public String resourceGroup() {
        return resourceGroup;
    }

    public String namespace() {
        return namespace;
    }

    public List<Segment> segments() {
        return segments;
    }

    public boolean isResourceGroup() {
        return namespace == null;
    }

    /** "Microsoft.Network/loadBalancers/backendAddressPools", or "Microsoft.Resources/resourceGroups". */
    public String type() {
        if (namespace == null) {
            return "Microsoft.Resources/resourceGroups";
        }
        StringBuilder b = new StringBuilder(namespace);
        for (Segment s : segments) {
            b.append('/').append(s.type());
        }
        return b.toString();
    }

    public String name() {
        return namespace == null ? resourceGroup : segments.get(segments.size() - 1).name();
    }

    /** The enclosing resource for a child resource, empty for top-level resources and groups. */
    public Optional<ResourceId> parent() {
        if (namespace == null || segments.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new ResourceId(subscriptionId, resourceGroup, namespace,
                segments.subList(0, segments.size() - 1)));
    }

    public ResourceId groupId() {
        return resourceGroup(subscriptionId, resourceGroup);
    }

    /** The case-folded form used as the store key and for comparisons. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceId other && other.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
