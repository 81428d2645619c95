package io.fulcrum.arm.auth;

import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.store.Store;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may call, and on which subscriptions. Authentication checks the bearer token; authorization checks the
 * principal's role assignments in the store on every call, so a grant made by {@code fulcrum role assign} while the
 * server runs takes effect at once.
 */
public final class Access {

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final TokenService tokens;
    private final Store store;
    private volatile Set<String> audiences = Set.of();

    public Access(TokenService tokens, Store store) {
        this.tokens = tokens;
        this.store = store;
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
        Caller caller = tokens.verify(parts[1], audiences);
        boolean known = store.read(tx -> tx.principals().get(caller.clientId()).isPresent());
        if (!known) {
            throw new ArmException(ErrorCode.INVALID_AUTHENTICATION_TOKEN,
                    "The access token names principal '" + caller.clientId() + "', which does not exist.");
        }
        return caller;
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
        boolean[] existsAndGranted = store.read(tx -> new boolean[]{
                tx.subscriptions().get(subscriptionId).isPresent(),
                tx.principals().grantedSubscriptions(caller.clientId())
                        .contains(subscriptionId.toLowerCase(Locale.ROOT))});
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
