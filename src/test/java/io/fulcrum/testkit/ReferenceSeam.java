package io.fulcrum.testkit;

import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.RefTable.Ref;
import java.util.Arrays;

/**
 * Writes the reference index directly, as a NIC ip configuration or a load-balancer frontend does when it is
 * stored: the stand-in, in a family's tests, for referencing families that are not the test's subject.
 */
public final class ReferenceSeam {

    private ReferenceSeam() {
    }

    /** Makes {@code from} reference {@code to} in each of {@code kinds} (none: {@code from} references nothing). */
    public static void set(FulcrumExtension fulcrum, String from, String to, String... kinds) {
        ResourceId source = ResourceId.parse(from).orElseThrow();
        ResourceId target = ResourceId.parse(to).orElseThrow();
        fulcrum.installation().store().write(tx -> {
            tx.refs().replaceFrom(source, Arrays.stream(kinds).map(k -> new Ref(source, target, k)).toList());
            return null;
        });
    }
}
