package io.fulcrum.arm;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.fulcrum.arm.auth.TokenService;
import io.fulcrum.setup.Secrets;
import io.fulcrum.store.PrincipalTable.Principal;
import io.fulcrum.store.SubscriptionTable.Subscription;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed, unauthorized and otherwise bad requests against the real server. Every case must be refused with a
 * 4xx (never a 500), ARM's error code (or the OAuth {@code error} on the sign-in endpoints), a message that names
 * what was wrong, and no change to the server's state. Writes aim at one fixed group, or at a new name, so a request
 * the server wrongly accepted would show up as a changed etag or an extra group in the snapshot.
 */
class BadInputTest {

    @RegisterExtension
    static final FulcrumExtension fulcrum = new FulcrumExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "?api-version=2021-04-01";
    private static final String SUBS_V = "?api-version=2022-12-01";
    private static final String FIXED = "fixed";
    /** Would change the fixed group's tags (and etag) if a refused request were applied after all. */
    private static final String VALID = "{\"location\":\"eastus\",\"tags\":{\"changed\":\"yes\"}}";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String BAD_CONTENT = "InvalidRequestContent";

    private static ArmClient admin;
    private static String noGrantClientId;
    private static String noGrantToken;

    /** One bad request and the answer it must get. {@code also} checks what is particular to the case. */
    record Case(String name, Supplier<Reply> send, int status, String code, boolean oauth, List<String> mentions,
                Consumer<Reply> also) {
        Case also(Consumer<Reply> check) {
            return new Case(name, send, status, code, oauth, mentions, check);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What a refused request must leave untouched. JsonNode equality is structural, etags included. */
    record Snapshot(JsonNode fixedGroup, JsonNode groups, JsonNode subscriptions) {
    }

    @BeforeAll
    static void setUp() {
        admin = fulcrum.arm();
        Reply fixed = admin.put(rg(FIXED) + V,
                "{\"location\":\"eastus\",\"tags\":{\"owner\":\"ops\",\"env\":\"test\"}}");
        assertThat(fixed.status()).isEqualTo(201);
        noGrantClientId = UUID.randomUUID().toString();
        String secret = Secrets.newSecret();
        fulcrum.installation().store().write(tx -> {
            tx.principals().put(new Principal(noGrantClientId, "no-grants", Secrets.hash(secret)));
            return null;
        });
        noGrantToken = admin.tokenFor(noGrantClientId, secret);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusedNamedAndHarmless(Case c) {
        Snapshot before = snapshot();
        Reply reply = c.send().get();
        Snapshot after = snapshot();

        assertThat(reply.status()).as("status of %s; body %s", c.name(), reply.text()).isEqualTo(c.status());
        assertThat(reply.status()).isBetween(400, 499);
        assertThat(reply.json()).as("a JSON error body: %s", reply.text()).isNotNull();
        String message;
        if (c.oauth()) {
            assertThat(reply.json().path("error").asText()).as(reply.text()).isEqualTo(c.code());
            message = reply.json().path("error_description").asText();
        } else {
            assertThat(reply.errorCode()).as(reply.text()).isEqualTo(c.code());
            message = reply.json().path("error").path("message").asText();
            if (c.status() == 401) {
                // RFC 6750: a refused bearer token is answered with a challenge clients can act on.
                assertThat(reply.header("WWW-Authenticate")).as("WWW-Authenticate").hasValueSatisfying(
                        h -> assertThat(h).startsWith("Bearer "));
            }
        }
        assertThat(message).as("message of %s", c.name()).isNotBlank();
        for (String mention : c.mentions()) {
            assertThat(message).as("message of %s", c.name()).contains(mention);
        }
        c.also().accept(reply);
        assertThat(after).as("state after %s", c.name()).isEqualTo(before);
    }

    /**
     * Grants are per principal: one granted only a second subscription lists only that one and is refused (403, not
     * 404, since the subscription exists) on the default subscription, for reads and writes alike.
     */
    @Test
    void principalSeesOnlyTheSubscriptionItWasGranted() {
        String second = UUID.randomUUID().toString();
        String clientId = UUID.randomUUID().toString();
        String secret = Secrets.newSecret();
        fulcrum.installation().store().write(tx -> {
            tx.subscriptions().put(new Subscription(second, "Second", fulcrum.tenantId(), "Enabled"));
            tx.principals().put(new Principal(clientId, "second-only", Secrets.hash(secret)));
            tx.principals().grant(clientId, second);
            return null;
        });
        String token = admin.tokenFor(clientId, secret);

        Reply listed = as(token, "GET", "/subscriptions" + SUBS_V);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("value").findValuesAsText("subscriptionId")).containsExactly(second);
        assertThat(listed.json().path("count").path("value").asInt()).isEqualTo(1);
        assertThat(as(token, "GET", "/subscriptions/" + second + SUBS_V).status()).isEqualTo(200);

        Snapshot before = snapshot();
        for (Reply refused : List.of(
                as(token, "GET", "/subscriptions/" + fulcrum.subscriptionId() + SUBS_V),
                as(token, "GET", groups() + V),
                as(token, "PUT", rg("intruder") + V, VALID),
                as(token, "DELETE", rg(FIXED) + V))) {
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("AuthorizationFailed");
            assertThat(refused.json().path("error").path("message").asText()).contains(clientId);
        }
        assertThat(snapshot()).isEqualTo(before);
        assertThat(admin.get("/subscriptions" + SUBS_V).json().path("value").findValuesAsText("subscriptionId"))
                .as("the admin was not granted the second subscription").doesNotContain(second);
    }

    /** JUnit calls this when the parameterized test runs, after the server started and setUp ran. */
    static Stream<Case> badRequests() {
        String sub = fulcrum.subscriptionId();
        String unknownSub = UUID.randomUUID().toString();
        String otherTenant = UUID.randomUUID().toString();
        String ghost = UUID.randomUUID().toString();
        String clientId = fulcrum.credentials().clientId();
        String longName = "g".repeat(91);
        String deep = "[".repeat(70) + "]".repeat(70);
        String pad = "x".repeat(4 * 1024 * 1024);
        String oversized = "{\"location\":\"eastus\",\"tags\":{\"a\":\"b\"},\"properties\":{\"pad\":\"" + pad + "\"}}";
        String staleEtag = "W/\"" + UUID.randomUUID() + "\"";
        String longTag = "t".repeat(513);
        List<Case> cases = new ArrayList<>();

        // Malformed JSON
        cases.add(arm("truncated JSON", 400, BAD_CONTENT, () -> put(rg(FIXED), "{\"location\":\"eastus\",\"tags\":{"),
                "malformed JSON at line 1"));
        cases.add(arm("trailing garbage after the object", 400, BAD_CONTENT,
                () -> put(rg(FIXED), VALID + " xyz"), "xyz"));
        cases.add(arm("a second JSON value after the object", 400, BAD_CONTENT,
                () -> put(rg(FIXED), VALID + " {}"), "more content follows the JSON object, at line 1"));
        cases.add(arm("body is an array", 400, BAD_CONTENT, () -> put(rg(FIXED), "[]"), "not array"));
        cases.add(arm("body is a string", 400, BAD_CONTENT, () -> put(rg(FIXED), "\"x\""), "not string"));
        cases.add(arm("body is a number", 400, BAD_CONTENT, () -> put(rg(FIXED), "42"), "not number"));
        cases.add(arm("body is null", 400, BAD_CONTENT, () -> patch(rg(FIXED), "null"), "not null"));
        cases.add(arm("duplicate key", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"location\":\"westus\"}"), "'location'"));
        cases.add(arm("duplicate tag name", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"tags\":{\"env\":\"a\",\"env\":\"b\"}}"), "'env'"));
        cases.add(arm("NaN", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"tags\":{\"n\":NaN}}"), "NaN"));
        cases.add(arm("single-quoted JSON", 400, BAD_CONTENT, () -> put(rg(FIXED), "{'location':'eastus'}"),
                "malformed JSON at line 1, column 2"));
        cases.add(arm("comment in JSON", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":\"eastus\" /* why not */}"), "comment"));
        cases.add(arm("invalid UTF-8", 400, BAD_CONTENT, () -> raw("PUT", rg(FIXED) + V,
                HttpRequest.BodyPublishers.ofByteArray(new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1',
                        '}'}), "application/json"), "UTF-8"));
        cases.add(arm("JSON nested deeper than 64 levels", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"properties\":" + deep + "}"), "nesting depth",
                "(64)"));
        cases.add(arm("number longer than 1000 digits", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"tags\":{\"n\":" + "9".repeat(1001) + "}}"),
                "Number value length (1001)", "(1000)"));
        cases.add(arm("byte order mark only", 400, BAD_CONTENT, () -> put(rg(FIXED), "\uFEFF"), "0xfeff"));
        cases.add(arm("empty body on PUT", 400, BAD_CONTENT, () -> put(rg(FIXED), ""), "empty"));
        cases.add(arm("blank body on PATCH", 400, BAD_CONTENT, () -> patch(rg(FIXED), " \n "), "empty"));

        // Wrong types
        cases.add(arm("location is an object", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":{\"name\":\"eastus\"}}"), "'location'", "a string"));
        cases.add(arm("location is an array", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":[\"eastus\"]}"), "'location'", "a string"));
        // A number is read as its text, as Azure's own (Newtonsoft) binder does; 42 is then simply no region.
        cases.add(arm("location is a number", 400, "LocationNotAvailableForResourceGroup",
                () -> put(rg(FIXED), "{\"location\":42}"), "'42'"));
        cases.add(arm("tags is a string", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"tags\":\"owner=ops\"}"), "'tags'"));
        cases.add(arm("tags is an array", 400, BAD_CONTENT,
                () -> patch(rg(FIXED), "{\"tags\":[\"owner\"]}"), "'tags'"));
        cases.add(arm("tag value is an object", 400, BAD_CONTENT,
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"tags\":{\"owner\":{\"x\":1}}}"), "'owner'",
                "object"));
        cases.add(arm("tag value is an array", 400, BAD_CONTENT,
                () -> patch(rg(FIXED), "{\"tags\":{\"owner\":[\"a\"]}}"), "'owner'", "array"));
        cases.add(arm("managedBy is an object", 400, BAD_CONTENT,
                () -> patch(rg(FIXED), "{\"managedBy\":{\"id\":\"x\"}}"), "'managedBy'"));

        // Location
        cases.add(arm("missing location", 400, "LocationRequired",
                () -> put(rg("no-location"), "{\"tags\":{\"a\":\"b\"}}"), "location"));
        cases.add(arm("null location", 400, "LocationRequired", () -> put(rg(FIXED), "{\"location\":null}"),
                "location"));
        cases.add(arm("unknown location", 400, "LocationNotAvailableForResourceGroup",
                () -> put(rg("on-mars"), "{\"location\":\"mars\"}"), "'mars'", "eastus"));
        cases.add(arm("location of an existing group changed", 409, "InvalidResourceGroupLocation",
                () -> put(rg(FIXED), "{\"location\":\"westus\"}"), "'westus'", "'eastus'"));

        // Size and media type
        cases.add(arm("body over 4 MB with Content-Length", 413, "RequestContentTooLarge",
                () -> put(rg(FIXED), oversized), "4 MB", oversized.length() + " bytes"));
        cases.add(arm("body over 4 MB, chunked", 413, "RequestContentTooLarge", () -> raw("PUT", rg(FIXED) + V,
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(oversized)),
                "application/json"), "4 MB"));
        cases.add(arm("text/plain body", 415, "UnsupportedMediaType",
                () -> admin.send("PUT", rg(FIXED) + V, VALID, "text/plain", admin.token(), Map.of()), "'text/plain'"));
        cases.add(arm("XML body", 415, "UnsupportedMediaType", () -> admin.send("PUT", rg(FIXED) + V,
                "<location>eastus</location>", "application/xml", admin.token(), Map.of()), "'application/xml'"));
        cases.add(arm("form body on an ARM call", 415, "UnsupportedMediaType",
                () -> admin.send("PUT", rg(FIXED) + V, "location=eastus", FORM, admin.token(), Map.of()),
                "'" + FORM + "'"));

        // Resource group names
        cases.add(arm("group name over 90 characters", 400, "InvalidResourceGroup",
                () -> put(rg(longName), VALID), longName, "91 characters"));
        cases.add(arm("group name with '!'", 400, "InvalidResourceGroup", () -> put(rg("bad!name"), VALID),
                "'bad!name'", "'!'"));
        cases.add(arm("group name with a space", 400, "InvalidResourceGroup", () -> put(rg("a%20b"), VALID),
                "'a b'", "' '"));
        // The path is routed decoded, so the encoded slash splits the name and no route takes the result.
        cases.add(arm("group name with an encoded slash", 404, "NotFound", () -> put(rg("a%2Fb"), VALID),
                "/resourcegroups/a/b'"));
        cases.add(arm("group name ending in a period", 400, "InvalidResourceGroup", () -> put(rg("ends."), VALID),
                "'ends.'", "period"));

        // Subscriptions
        cases.add(arm("subscription id not a GUID", 400, "InvalidSubscriptionId",
                () -> put("/subscriptions/not-a-guid/resourcegroups/x", VALID), "'not-a-guid'"));
        cases.add(arm("unknown subscription", 404, "SubscriptionNotFound",
                () -> put("/subscriptions/" + unknownSub + "/resourcegroups/x", VALID), "'" + unknownSub + "'"));

        // api-version
        cases.add(arm("missing api-version", 400, "MissingApiVersionParameter",
                () -> admin.put(rg(FIXED), VALID), "api-version"));
        cases.add(arm("empty api-version", 400, "MissingApiVersionParameter",
                () -> admin.put(rg(FIXED) + "?api-version=", VALID), "api-version"));
        cases.add(arm("unknown api-version", 400, "InvalidApiVersionParameter",
                () -> admin.put(rg(FIXED) + "?api-version=2099-01-01", VALID), "'2099-01-01'", "2021-04-01"));
        cases.add(arm("resources api-version on subscriptions", 400, "InvalidApiVersionParameter",
                () -> admin.get("/subscriptions" + V), "'2021-04-01'", "2022-12-01"));

        // Methods and paths
        cases.add(arm("POST on a resource group", 405, "MethodNotAllowed", () -> admin.post(rg(FIXED) + V, VALID),
                "POST").also(r -> assertThat(r.header("Allow")).hasValueSatisfying(
                        a -> assertThat(a).contains("PUT"))));
        cases.add(arm("PUT on /subscriptions", 405, "MethodNotAllowed",
                () -> admin.put("/subscriptions" + SUBS_V, "{}"), "PUT", "'/subscriptions'")
                .also(r -> assertThat(r.header("Allow")).contains("GET")));
        cases.add(arm("DELETE on a subscription", 405, "MethodNotAllowed",
                () -> admin.delete("/subscriptions/" + sub + SUBS_V), "DELETE"));
        cases.add(arm("PUT on the group collection", 405, "MethodNotAllowed", () -> put(groups() + "/", VALID),
                "PUT"));
        cases.add(arm("OPTIONS", 405, "MethodNotAllowed", () -> admin.call("OPTIONS", rg(FIXED) + V, null),
                "'OPTIONS'"));
        cases.add(arm("TRACE", 405, "MethodNotAllowed", () -> admin.call("TRACE", rg(FIXED) + V, null), "'TRACE'"));
        cases.add(arm("made-up method", 405, "MethodNotAllowed", () -> admin.call("FROBNICATE", rg(FIXED) + V, VALID),
                "'FROBNICATE'"));
        cases.add(arm("unknown top-level path", 404, "NotFound", () -> admin.get("/nothing-here" + V),
                "'/nothing-here'"));
        cases.add(arm("unknown path under a group", 404, "NotFound", () -> put(rg(FIXED) + "/bogus", VALID),
                "/bogus'"));
        cases.add(arm("unknown provider namespace", 400, "InvalidResourceNamespace",
                () -> admin.get("/subscriptions/" + sub + "/providers/Microsoft.Bogus" + V), "'Microsoft.Bogus'"));
        cases.add(arm("PUT of a resource in an unknown namespace", 400, "InvalidResourceNamespace",
                () -> put(rg(FIXED) + "/providers/Microsoft.Bogus/widgets/w1", VALID), "'Microsoft.Bogus'"));
        cases.add(arm("unknown type in a known namespace", 400, "InvalidResourceType",
                () -> put(rg(FIXED) + "/providers/Microsoft.Resources/gadgets/g1", VALID), "'gadgets'"));

        // Tags
        cases.add(arm("51 tags", 400, "InvalidTagCountLimit",
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"tags\":" + tags(51) + "}"), "51", "50"));
        cases.add(arm("51 tags by PATCH", 400, "InvalidTagCountLimit",
                () -> patch(rg(FIXED), "{\"tags\":" + tags(51) + "}"), "51", "50"));
        cases.add(arm("tag name with '<'", 400, "InvalidTagNameCharacters",
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"tags\":{\"a<b\":\"c\"}}"), "'a<b'"));
        cases.add(arm("empty tag name", 400, "InvalidTagNameCharacters",
                () -> patch(rg(FIXED), "{\"tags\":{\"\":\"c\"}}"), "empty"));
        cases.add(arm("tag name over 512 characters", 400, "InvalidTagNameLength",
                () -> put(rg(FIXED), "{\"location\":\"eastus\",\"tags\":{\"" + longTag + "\":\"v\"}}"), "513",
                "512"));
        cases.add(arm("tag value over 256 characters", 400, "InvalidTagValueLength",
                () -> patch(rg(FIXED), "{\"tags\":{\"owner\":\"" + "v".repeat(257) + "\"}}"), "'owner'", "257",
                "256"));

        // Query parameters
        cases.add(arm("$top not a number", 400, "InvalidQueryParameterValue",
                () -> admin.get(groups() + V + "&$top=abc"), "'abc'", "'$top'"));
        cases.add(arm("$top zero", 400, "InvalidQueryParameterValue", () -> admin.get(groups() + V + "&$top=0"),
                "'0'", "'$top'"));
        cases.add(arm("$top over 1000", 400, "InvalidQueryParameterValue",
                () -> admin.get(groups() + V + "&$top=1001"), "'1001'", "'$top'"));
        cases.add(arm("$skiptoken not base64", 400, "InvalidSkipToken",
                () -> admin.get(groups() + V + "&$skiptoken=!!!"), "'!!!'"));
        cases.add(arm("$skiptoken naming no row", 400, "InvalidSkipToken", () -> admin.get(groups() + V
                + "&$skiptoken=" + Base64.getUrlEncoder().encodeToString("foo".getBytes(StandardCharsets.UTF_8))),
                "$skiptoken"));
        cases.add(arm("$filter on an unknown field", 400, "InvalidFilterInQueryString",
                () -> admin.get(groups() + V + "&$filter=" + ArmClient.enc("color eq 'red'")), "'color'"));
        cases.add(arm("$filter with an unsupported operator", 400, "InvalidFilterInQueryString",
                () -> admin.get("/subscriptions/" + sub + "/resources" + V + "&$filter="
                        + ArmClient.enc("name ne 'x'")), "'name ne 'x''"));
        cases.add(arm("$filter clause with no value", 400, "InvalidFilterInQueryString",
                () -> admin.get(groups() + V + "&$filter=" + ArmClient.enc("tagName eq")), "'tagName eq'"));

        // Authentication and authorization
        cases.add(arm("no Authorization header", 401, "AuthenticationFailed",
                () -> admin.send("PUT", rg(FIXED) + V, VALID, "application/json", null, Map.of()), "'Authorization'"));
        cases.add(arm("no Authorization header, unknown subscription", 401, "AuthenticationFailed",
                () -> admin.send("GET", "/subscriptions/" + unknownSub + SUBS_V, null, null, null, Map.of()),
                "'Authorization'"));
        cases.add(arm("Basic scheme", 401, "AuthenticationFailed", () -> admin.send("PUT", rg(FIXED) + V, VALID,
                "application/json", null, Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":secret").getBytes(StandardCharsets.UTF_8)))), "'Bearer <access token>'"));
        cases.add(arm("Bearer without a token", 401, "AuthenticationFailed", () -> admin.send("PUT", rg(FIXED) + V,
                VALID, "application/json", null, Map.of("Authorization", "Bearer")), "'Bearer <access token>'"));
        cases.add(arm("garbage token", 401, "InvalidAuthenticationToken",
                () -> asPut("not.a.jwt", rg(FIXED), VALID), "not a signed JWT"));
        cases.add(arm("unsigned token (alg none)", 401, "InvalidAuthenticationToken",
                () -> asPut(unsigned(clientId), rg(FIXED), VALID), "not a signed JWT"));
        cases.add(arm("token signed by another key", 401, "InvalidAuthenticationToken",
                () -> asPut(issuer(foreignKey(), fulcrum.tenantId(), Clock.systemUTC()).mint(clientId, audience(),
                        fulcrum.baseUrl(), TokenService.LIFETIME), rg(FIXED), VALID), "invalid signature"));
        cases.add(arm("HS256 token keyed with the public key", 401, "InvalidAuthenticationToken",
                () -> asPut(hmacWithPublicKey(clientId), rg(FIXED), VALID), "invalid signature"));
        cases.add(arm("expired token", 401, "ExpiredAuthenticationToken",
                () -> asPut(ours(Instant.now().minus(Duration.ofHours(2))).mint(clientId, audience(),
                        fulcrum.baseUrl(), TokenService.LIFETIME), rg(FIXED), VALID), "expiry"));
        cases.add(arm("token not yet valid", 401, "InvalidAuthenticationToken",
                () -> asPut(ours(Instant.now().plus(Duration.ofHours(1))).mint(clientId, audience(),
                        fulcrum.baseUrl(), TokenService.LIFETIME), rg(FIXED), VALID), "not valid before"));
        cases.add(arm("token without expiry", 401, "InvalidAuthenticationToken",
                () -> asPut(withoutExpiry(clientId), rg(FIXED), VALID), "no expiry"));
        cases.add(arm("token for Azure's audience", 401, "InvalidAuthenticationTokenAudience",
                () -> asPut(ours(Instant.now()).mint(clientId, "https://management.azure.com/", fulcrum.baseUrl(),
                        TokenService.LIFETIME), rg(FIXED), VALID), "'https://management.azure.com/'"));
        cases.add(arm("token from another tenant", 401, "InvalidAuthenticationTokenTenant",
                () -> asPut(issuer(fulcrum.installation().signingKey(), otherTenant, Clock.systemUTC()).mint(
                        clientId, audience(), fulcrum.baseUrl(), TokenService.LIFETIME), rg(FIXED), VALID),
                "'" + otherTenant + "'"));
        cases.add(arm("token for a principal that does not exist", 401, "InvalidAuthenticationToken",
                () -> asPut(ours(Instant.now()).mint(ghost, audience(), fulcrum.baseUrl(), TokenService.LIFETIME),
                        rg(FIXED), VALID), "'" + ghost + "'"));
        cases.add(arm("principal without a grant writes", 403, "AuthorizationFailed",
                () -> asPut(noGrantToken, rg(FIXED), VALID), "'" + noGrantClientId + "'",
                "'Microsoft.Resources/subscriptions/resourceGroups/write'", "'/subscriptions/" + sub
                        + "/resourcegroups/" + FIXED + "'"));
        cases.add(arm("principal without a grant deletes", 403, "AuthorizationFailed",
                () -> as(noGrantToken, "DELETE", rg(FIXED) + V), "'" + noGrantClientId + "'",
                "'Microsoft.Resources/subscriptions/resourceGroups/delete'"));

        // Conditional requests
        cases.add(arm("PUT with a stale If-Match", 412, "PreconditionFailed",
                () -> admin.call("PUT", rg(FIXED) + V, VALID, Map.of("If-Match", staleEtag)), staleEtag));
        cases.add(arm("PATCH with a stale If-Match", 412, "PreconditionFailed",
                () -> admin.call("PATCH", rg(FIXED) + V, "{\"tags\":{}}", Map.of("If-Match", staleEtag)), staleEtag));
        cases.add(arm("DELETE with a stale If-Match", 412, "PreconditionFailed",
                () -> admin.call("DELETE", rg(FIXED) + V, null, Map.of("If-Match", staleEtag)), staleEtag));
        cases.add(arm("If-Match on a group that does not exist", 412, "PreconditionFailed",
                () -> admin.call("PUT", rg("not-yet") + V, VALID, Map.of("If-Match", staleEtag)), "does not exist"));
        cases.add(arm("If-None-Match * on an existing group", 412, "PreconditionFailed",
                () -> admin.call("PUT", rg(FIXED) + V, VALID, Map.of("If-None-Match", "*")), "If-None-Match"));

        // Sign-in endpoints answer in OAuth's shape
        String secret = fulcrum.credentials().clientSecret();
        cases.add(oauth("token: wrong secret (ADFS)", 401, "invalid_client",
                () -> token("/adfs/oauth2/token", grant(clientId, "wrong")), "AADSTS7000215", "'" + clientId + "'"));
        cases.add(oauth("token: wrong secret (v2, tenant)", 401, "invalid_client",
                () -> token("/" + fulcrum.tenantId() + "/oauth2/v2.0/token", grant(clientId, "wrong")),
                "AADSTS7000215", "'" + clientId + "'"));
        cases.add(oauth("token: wrong secret by Basic auth", 401, "invalid_client",
                () -> admin.send("POST", "/adfs/oauth2/token", "grant_type=client_credentials", FORM, null,
                        Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":wrong")
                                .getBytes(StandardCharsets.UTF_8)))), "AADSTS7000215"));
        cases.add(oauth("token: unknown client", 401, "invalid_client",
                () -> token("/adfs/oauth2/token", grant(ghost, secret)), "AADSTS700016", "'" + ghost + "'"));
        cases.add(oauth("token: no secret", 401, "invalid_client", () -> token("/adfs/oauth2/token",
                "grant_type=client_credentials&client_id=" + clientId), "'client_secret'"));
        cases.add(oauth("token: no client_id", 400, "invalid_request", () -> token("/adfs/oauth2/token",
                "grant_type=client_credentials&client_secret=" + ArmClient.enc(secret)), "'client_id'"));
        cases.add(oauth("token: missing grant_type", 400, "invalid_request", () -> token("/adfs/oauth2/token",
                "client_id=" + clientId + "&client_secret=" + ArmClient.enc(secret)), "'grant_type'"));
        cases.add(arm("token endpoint read with GET, no token", 405, "MethodNotAllowed",
                () -> admin.send("GET", "/adfs/oauth2/token", null, null, null, Map.of()), "'GET'"));
        cases.add(oauth("token: unsupported grant type", 400, "unsupported_grant_type",
                () -> token("/adfs/oauth2/token", "grant_type=password&username=u&password=p"), "'password'"));
        cases.add(oauth("token: unknown tenant (v2)", 400, "invalid_request",
                () -> token("/" + otherTenant + "/oauth2/v2.0/token", grant(clientId, secret)),
                "'" + otherTenant + "'"));
        cases.add(oauth("token: unknown tenant (v1)", 400, "invalid_request",
                () -> token("/" + otherTenant + "/oauth2/token", grant(clientId, secret)), "'" + otherTenant + "'"));
        cases.add(oauth("discovery: unknown tenant", 400, "invalid_tenant",
                () -> admin.send("GET", "/" + otherTenant + "/v2.0/.well-known/openid-configuration", null, null, null,
                        Map.of()), "'" + otherTenant + "'"));
        return cases.stream();
    }

    private static Case arm(String name, int status, String code, Supplier<Reply> send, String... mentions) {
        return new Case(name, send, status, code, false, List.of(mentions), r -> { });
    }

    private static Case oauth(String name, int status, String error, Supplier<Reply> send, String... mentions) {
        return new Case(name, send, status, error, true, List.of(mentions), r -> { });
    }

    private static Snapshot snapshot() {
        Reply fixed = admin.get(rg(FIXED) + V);
        Reply list = admin.get(groups() + V);
        Reply subs = admin.get("/subscriptions" + SUBS_V);
        assertThat(List.of(fixed.status(), list.status(), subs.status())).containsOnly(200);
        return new Snapshot(fixed.json(), list.json().path("value"), subs.json().path("value"));
    }

    private static String groups() {
        return "/subscriptions/" + fulcrum.subscriptionId() + "/resourcegroups";
    }

    private static String rg(String name) {
        return groups() + "/" + name;
    }

    private static Reply put(String path, String body) {
        return admin.put(path + V, body);
    }

    private static Reply patch(String path, String body) {
        return admin.patch(path + V, body);
    }

    private static Reply as(String bearer, String method, String path) {
        return admin.send(method, path, null, null, bearer, Map.of());
    }

    private static Reply as(String bearer, String method, String path, String body) {
        return admin.send(method, path, body, "application/json", bearer, Map.of());
    }

    private static Reply asPut(String bearer, String path, String body) {
        return as(bearer, "PUT", path + V, body);
    }

    private static Reply token(String path, String form) {
        return admin.send("POST", path, form, FORM, null, Map.of());
    }

    private static String grant(String clientId, String secret) {
        return "grant_type=client_credentials&client_id=" + ArmClient.enc(clientId) + "&client_secret="
                + ArmClient.enc(secret) + "&scope=" + ArmClient.enc(fulcrum.baseUrl() + "//.default");
    }

    /** For bodies ArmClient cannot send: raw bytes, or no Content-Length (chunked). */
    private static Reply raw(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fulcrum.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body)
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + admin.token())
                .build();
        try {
            HttpResponse<String> resp = admin.http().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = resp.body().isBlank() ? null : JSON.readTree(resp.body());
            return new Reply(resp.statusCode(), resp.headers().map(), resp.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tags(int count) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"v\"");
        }
        return b.append('}').toString();
    }

    private static String audience() {
        return fulcrum.baseUrl() + "/";
    }

    private static TokenService issuer(RSAKey key, String tenant, Clock clock) {
        return new TokenService(key, tenant, clock);
    }

    /** The server's own key and tenant, at another time: only the time makes such a token bad. */
    private static TokenService ours(Instant at) {
        return issuer(fulcrum.installation().signingKey(), fulcrum.tenantId(), Clock.fixed(at, ZoneOffset.UTC));
    }

    /** Same key id as the server's, so only the key material differs. */
    private static RSAKey foreignKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(fulcrum.installation().signingKey().getKeyID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims that would be accepted, had they been signed properly. */
    private static JWTClaimsSet.Builder claims(String clientId) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .audience(audience())
                .issuer(fulcrum.baseUrl() + "/" + fulcrum.tenantId() + "/")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TokenService.LIFETIME)))
                .claim("tid", fulcrum.tenantId())
                .claim("oid", clientId)
                .claim("appid", clientId);
    }

    private static String unsigned(String clientId) {
        return new PlainJWT(claims(clientId).build()).serialize();
    }

    /** The classic algorithm-confusion forgery: HMAC keyed with the (public) RSA verification key. */
    private static String hmacWithPublicKey(String clientId) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(clientId).build());
            jwt.sign(new MACSigner(fulcrum.installation().signingKey().toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String withoutExpiry(String clientId) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256),
                    claims(clientId).expirationTime(null).build());
            jwt.sign(new RSASSASigner(fulcrum.installation().signingKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
