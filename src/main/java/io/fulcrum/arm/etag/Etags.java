package io.fulcrum.arm.etag;

import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import java.util.Optional;
import java.util.UUID;

/**
 * Etags and the conditional headers. A new etag is minted on every write. {@code If-Match} (a list of etags or
 * {@code *}) and {@code If-None-Match: *} are checked inside the write transaction, against the state that
 * transaction sees; writes are serialized, so of two writers carrying the same etag exactly one can win.
 */
public final class Etags {

    private Etags() {
    }

    public static String next() {
        return "W/\"" + UUID.randomUUID() + "\"";
    }

    /**
     * Throws 412 PreconditionFailed when the request's conditions do not hold.
     *
     * @param current the stored etag, or empty when the resource does not exist
     */
    public static void check(Request request, String resourceId, Optional<String> current) {
        Optional<String> ifMatch = request.header("If-Match");
        if (ifMatch.isPresent() && !ifMatch.get().isBlank()) {
            if (current.isEmpty()) {
                throw new ArmException(ErrorCode.PRECONDITION_FAILED, "The condition '" + ifMatch.get()
                        + "' in the If-Match header was not met: the resource '" + resourceId + "' does not exist.");
            }
            if (!matchesAny(ifMatch.get(), current.get())) {
                throw new ArmException(ErrorCode.PRECONDITION_FAILED, "The condition '" + ifMatch.get()
                        + "' in the If-Match header was not met: the resource '" + resourceId + "' has etag "
                        + current.get() + ".");
            }
        }
        Optional<String> ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch.isPresent() && !ifNoneMatch.get().isBlank() && current.isPresent()
                && matchesAny(ifNoneMatch.get(), current.get())) {
            throw new ArmException(ErrorCode.PRECONDITION_FAILED, "The condition '" + ifNoneMatch.get()
                    + "' in the If-None-Match header was not met: the resource '" + resourceId + "' exists.");
        }
    }

    private static boolean matchesAny(String header, String etag) {
        String want = strip(etag);
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.equals("*") || strip(p).equals(want)) {
                return true;
            }
        }
        return false;
    }

    /** Weak and strong spellings of one etag compare equal: clients echo either. */
    private static String strip(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/") || e.startsWith("w/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }
}
