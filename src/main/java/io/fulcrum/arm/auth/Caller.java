package io.fulcrum.arm.auth;

import java.time.Instant;

/**
 * The principal behind a verified token, and when that token expires. Subscriptions it may use are looked up per
 * request, never cached in it.
 */
public record Caller(String clientId, String objectId, Instant expiresAt) {
}
