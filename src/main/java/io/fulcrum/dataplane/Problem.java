package io.fulcrum.dataplane;

/**
 * Something in the desired state that the data plane does not carry out, with the reason.
 *
 * @param resourceId the resource it belongs to (a rule, a NAT rule, a pool member id, a frontend), as the API shows it
 * @param subject    what exactly: "member 10.0.0.4", "frontend 127.0.0.7:80/TCP", "enableFloatingIP"
 * @param reason     why, in a sentence an operator can act on
 */
public record Problem(String resourceId, String subject, String reason) {
}
