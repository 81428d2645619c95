package io.fulcrum.store;

import io.fulcrum.arm.id.ResourceId;
import java.util.List;

/**
 * The reference index. Each stored resource's outgoing references are replaced whenever it is written, so the
 * index always mirrors the documents; back-references are queries on it.
 */
public interface RefTable {

    /** One reference: {@code from} names {@code to}, in the role {@code kind} (e.g. "backendAddressPool"). */
    record Ref(ResourceId from, ResourceId to, String kind) {
    }

    /** Replaces every reference {@code from} makes. */
    void replaceFrom(ResourceId from, List<Ref> refs);

    /**
     * The references {@code from} makes (exactly that id). The targets are known by their case-folded keys only,
     * so each {@code to} is spelled in lower case.
     */
    List<Ref> from(ResourceId from);

    /** References made to {@code to} (exactly that id), any kind when {@code kind} is null. */
    List<Ref> to(ResourceId to, String kind);

    /** A referrer and one member of its stored {@code properties}, as text (null when absent). */
    record Holding(ResourceId from, String value) {
    }

    /**
     * The referrers of {@code to} in role {@code kind}, in id order, each with the member {@code property} of its
     * stored properties: one query instead of reading every referrer's whole document, for callers that need one
     * value of each (a subnet's address allocation reads every ip configuration's privateIPAddress).
     */
    List<Holding> toWithProperty(ResourceId to, String kind, String property);

    /** References made to {@code root} or anything nested under it, from resources outside that tree. */
    List<Ref> intoTreeFromOutside(ResourceId root);

    /** Forgets the references made by {@code root} and everything nested under it. */
    void deleteFromTree(ResourceId root);
}
