package io.fulcrum.arm.auth;

/** The principal behind a verified token. Subscriptions it may use are looked up per request, never cached in it. */
public record Caller(String clientId, String objectId) {
}
