package io.fulcrum.arm.auth;

import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.store.Store;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Who may call, and on which subscriptions. Authentication checks the bearer token; authorization checks the
 * principal's role assignments in the store on every call, so a grant made by {@code fulcrum role assign} while the
 * server runs takes effect at once.
 */
public final class Access {

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * Tokens already verified, until they expire. A client sends the same token for an hour, and checking the
     * RS256 signature and parsing the claims was a fifth of a request's CPU. Bounded: cleared when it grows past
     * this size (a burst of distinct tokens then only costs re-verification).
     */
    private static final int MAX_VERIFIED = 10_000;

    private final TokenService tokens;
    private final Store store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Caller> verified = new ConcurrentHashMap<>();
    private volatile Set<String> audiences = Set.of();

    public Access(TokenService tokens, Store store, Clock clock) {
        this.tokens = tokens;
        this.store = store;
        this.clock = clock;
    }

    /** Set once the server knows its port: the base URLs a token's audience may name. */
    public void audiences(Set<String> normalizedAudiences) {
        this.audiences = Set.copyOf(normalizedAudiences);
    }

    public Set<String> audiences() {
        return audiences;
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ArmException(ErrorCode.AUTHENTICATION_FAILED,
                    "Authentication failed. The 'Authorization' header is missing.");
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw new ArmException(ErrorCode.AUTHENTICATION_FAILED,
                    "Authentication failed. The 'Authorization' header is provided in an invalid format;"
                            + " expected 'Bearer <access token>'.");
        }
        String token = parts[1];
        Caller cached = verified.get(token);
        if (cached != null && cached.expiresAt().isAfter(clock.instant())) {
            return cached;
        }
        Caller caller = tokens.verify(token, audiences);
        if (verified.size() >= MAX_VERIFIED) {
            verified.clear();
        }
        verified.put(token, caller);
        return caller;
    }

    /** For calls outside any subscription: the token's principal must still exist (it may have been removed). */
    public void requirePrincipal(Caller caller) {
        if (store.read(tx -> tx.principals().get(caller.clientId()).isEmpty())) {
            throw unknownPrincipal(caller);
        }
    }

    private static ArmException unknownPrincipal(Caller caller) {
        return new ArmException(ErrorCode.INVALID_AUTHENTICATION_TOKEN,
                "The access token names principal '" + caller.clientId() + "', which does not exist.");
    }

    /**
     * A malformed id is 400, an unknown subscription 404 and a known one the caller was not granted 403, as ARM
     * answers.
     */
    public void authorize(Caller caller, String subscriptionId, String action, String scope) {
        if (!GUID.matcher(subscriptionId).matches()) {
            throw new ArmException(ErrorCode.INVALID_SUBSCRIPTION_ID,
                    "The provided subscription identifier '" + subscriptionId + "' is malformed or invalid.");
        }
        // One read answers all three questions: principal, subscription, grant.
        boolean[] existsAndGranted = store.read(tx -> new boolean[]{
                tx.subscriptions().get(subscriptionId).isPresent(),
                tx.principals().grantedSubscriptions(caller.clientId())
                        .contains(subscriptionId.toLowerCase(Locale.ROOT)),
                tx.principals().get(caller.clientId()).isPresent()});
        if (!existsAndGranted[2]) {
            throw unknownPrincipal(caller);
        }
        if (!existsAndGranted[0]) {
            throw new ArmException(ErrorCode.SUBSCRIPTION_NOT_FOUND,
                    "The subscription '" + subscriptionId + "' could not be found.");
        }
        if (!existsAndGranted[1]) {
            throw new ArmException(ErrorCode.AUTHORIZATION_FAILED, "The client '" + caller.clientId()
                    + "' with object id '" + caller.objectId() + "' does not have authorization to perform action '"
                    + action + "' over scope '" + scope + "' or the scope is invalid.");
        }
    }

    public Set<String> grantedSubscriptions(Caller caller) {
        return store.read(tx -> tx.principals().grantedSubscriptions(caller.clientId()));
    }
}
