package io.fulcrum.arm.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.arm.api.Method;
import io.fulcrum.arm.api.Request;
import io.fulcrum.arm.api.Response;
import io.fulcrum.arm.api.Route;
import io.fulcrum.arm.api.Router;
import io.fulcrum.arm.json.Json;
import io.fulcrum.setup.Secrets;
import io.fulcrum.store.PrincipalTable.Principal;
import io.fulcrum.store.Store;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Entra ID / ADFS look-alike that real clients sign in through (shared/reference/clients.md sections 2, 3, 8,
 * 9): OIDC discovery for the ADFS authority ({@code <base>/adfs}, which makes MSAL skip instance discovery, the call
 * that would leave the machine) and the AAD v2 authority ({@code <base>/{tenant}}), plus their token endpoints for
 * the client-credentials grant.
 */
public final class SignInEndpoints {

    private static final Set<String> TENANT_ALIASES = Set.of("adfs", "organizations", "common");

    private final Store store;
    private final TokenService tokens;

    public SignInEndpoints(Store store, TokenService tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    public void register(Router router) {
        router.add(anonymous("/adfs/.well-known/openid-configuration", Method.GET, r -> discovery(r, "adfs")));
        router.add(anonymous("/adfs/{domain}/.well-known/openid-configuration", Method.GET,
                r -> discovery(r, "adfs")));
        router.add(anonymous("/{tenant}/v2.0/.well-known/openid-configuration", Method.GET,
                r -> discovery(r, r.param("tenant"))));
        router.add(anonymous("/{tenant}/.well-known/openid-configuration", Method.GET,
                r -> discovery(r, r.param("tenant"))));
        router.add(anonymous("/adfs/oauth2/token", Method.POST, r -> token(r, "adfs")));
        router.add(anonymous("/{tenant}/oauth2/v2.0/token", Method.POST, r -> token(r, r.param("tenant"))));
        router.add(anonymous("/{tenant}/oauth2/token", Method.POST, r -> token(r, r.param("tenant"))));
        router.add(anonymous("/{tenant}/discovery/keys", Method.GET, r -> Response.ok(
                Json.MAPPER.valueToTree(tokens.publicJwks()))));
        router.add(anonymous("/{tenant}/discovery/v2.0/keys", Method.GET, r -> Response.ok(
                Json.MAPPER.valueToTree(tokens.publicJwks()))));
    }

    private static Route anonymous(String pattern, Method method, io.fulcrum.arm.api.Handler handler) {
        return new Route(pattern, Set.of(method), null, true, handler);
    }

    private Response discovery(Request r, String authority) {
        if (!knownTenant(authority)) {
            return oauthError(400, "invalid_tenant", "AADSTS90002: Tenant '" + authority + "' not found.");
        }
        String base = r.baseUrl();
        String t = tokens.tenantId();
        String tokenEndpoint = authority.equals("adfs") ? base + "/adfs/oauth2/token"
                : base + "/" + t + "/oauth2/v2.0/token";
        String authorize = authority.equals("adfs") ? base + "/adfs/oauth2/authorize"
                : base + "/" + t + "/oauth2/v2.0/authorize";
        ObjectNode o = Json.object();
        // az takes the tenant id as issuer.split("/")[3], so the issuer always names the real tenant.
        o.put("issuer", base + "/" + t + "/");
        o.put("authorization_endpoint", authorize);
        o.put("token_endpoint", tokenEndpoint);
        o.put("jwks_uri", base + "/" + t + "/discovery/v2.0/keys");
        o.put("device_authorization_endpoint", base + "/" + t + "/oauth2/v2.0/devicecode");
        o.put("tenant_region_scope", "NA");
        strings(o.putArray("response_types_supported"), "code", "token");
        strings(o.putArray("grant_types_supported"), "client_credentials");
        strings(o.putArray("token_endpoint_auth_methods_supported"), "client_secret_post", "client_secret_basic");
        strings(o.putArray("scopes_supported"), "openid", "profile", "offline_access");
        strings(o.putArray("id_token_signing_alg_values_supported"), "RS256");
        strings(o.putArray("subject_types_supported"), "pairwise");
        return Response.ok(o);
    }

    private Response token(Request r, String authority) {
        if (!knownTenant(authority)) {
            return oauthError(400, "invalid_request", "AADSTS90002: Tenant '" + authority + "' not found.");
        }
        Map<String, String> form = form(new String(r.rawBody(), StandardCharsets.UTF_8));
        String grant = form.get("grant_type");
        if (grant == null) {
            return oauthError(400, "invalid_request", "AADSTS900144: The request body must contain the following"
                    + " parameter: 'grant_type'.");
        }
        if (!grant.equals("client_credentials")) {
            return oauthError(400, "unsupported_grant_type", "AADSTS70003: The grant type '" + grant
                    + "' is not supported; only 'client_credentials' is.");
        }
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        Optional<String[]> basic = basicAuth(r.header("Authorization").orElse(null));
        if (basic.isPresent()) {
            clientId = basic.get()[0];
            secret = basic.get()[1];
        }
        if (clientId == null || clientId.isBlank()) {
            return oauthError(400, "invalid_request", "AADSTS900144: The request body must contain the following"
                    + " parameter: 'client_id'.");
        }
        if (secret == null || secret.isEmpty()) {
            return oauthError(401, "invalid_client", "AADSTS7000216: 'client_assertion' or 'client_secret' is"
                    + " required for the 'client_credentials' grant type.");
        }
        String id = clientId;
        Optional<Principal> principal = store.read(tx -> tx.principals().get(id));
        if (principal.isEmpty()) {
            return oauthError(401, "invalid_client", "AADSTS700016: Application with identifier '" + clientId
                    + "' was not found in the directory '" + tokens.tenantId() + "'.");
        }
        if (!Secrets.matches(secret, principal.get().secretHash())) {
            return oauthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided for"
                    + " application '" + clientId + "'. Ensure the secret being sent in the request is the client"
                    + " secret value.");
        }
        String audience = audience(form, r.baseUrl());
        long lifetime = TokenService.LIFETIME.toSeconds() - 1;
        ObjectNode o = Json.object();
        o.put("token_type", "Bearer");
        o.put("expires_in", lifetime);
        o.put("ext_expires_in", lifetime);
        o.put("expires_on", java.time.Instant.now().getEpochSecond() + lifetime);
        o.put("resource", audience);
        o.put("access_token", tokens.mint(principal.get().clientId(), audience, r.baseUrl(), TokenService.LIFETIME));
        return Response.ok(o).header("Cache-Control", "no-store");
    }

    private boolean knownTenant(String tenant) {
        return TENANT_ALIASES.contains(tenant.toLowerCase(Locale.ROOT)) || tenant.equalsIgnoreCase(tokens.tenantId());
    }

    /**
     * The resource the token is for: v1 sends {@code resource}, v2 a {@code scope} such as
     * "https://127.0.0.1:8443//.default openid profile" (az's double slash comes from a resource id ending in '/').
     */
    static String audience(Map<String, String> form, String baseUrl) {
        String resource = form.get("resource");
        if (resource == null) {
            String scope = form.getOrDefault("scope", "");
            for (String s : scope.split("\\s+")) {
                if (s.endsWith("/.default")) {
                    resource = s.substring(0, s.length() - "/.default".length());
                    break;
                }
            }
        }
        if (resource == null || resource.isBlank()) {
            resource = baseUrl;
        }
        while (resource.endsWith("/")) {
            resource = resource.substring(0, resource.length() - 1);
        }
        return resource + "/";
    }

    private static Optional<String[]> basicAuth(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new String[]{URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8),
                        URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // A malformed pair is dropped; the checks above then name the parameter that is missing.
            }
        }
        return out;
    }

    private static Response oauthError(int status, String error, String description) {
        ObjectNode o = Json.object();
        o.put("error", error);
        o.put("error_description", description);
        o.putArray("error_codes");
        o.put("timestamp", java.time.Instant.now().toString());
        return Response.status(status, o);
    }

    private static void strings(ArrayNode a, String... values) {
        for (String v : values) {
            a.add(v);
        }
    }
}
