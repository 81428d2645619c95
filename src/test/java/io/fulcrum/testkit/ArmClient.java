package io.fulcrum.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.setup.Installation;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A thin HTTPS client over the JDK HttpClient for tests that speak raw ARM. It signs in through the server's own
 * token endpoint (client credentials), as any client would.
 */
public final class ArmClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response with its body parsed (null when empty or not JSON). */
    public record Reply(int status, Map<String, List<String>> headers, String text, JsonNode json) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        public String errorCode() {
            return json == null ? null : json.path("error").path("code").asText(null);
        }
    }

    private final String baseUrl;
    private final HttpClient http;
    private final Installation.Credentials credentials;
    private String token;

    public ArmClient(String baseUrl, SSLContext ssl, Installation.Credentials credentials) {
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public HttpClient http() {
        return http;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A token from the server's ADFS-style token endpoint for the given principal. */
    public String tokenFor(String clientId, String secret) {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)
                + "&scope=" + enc(baseUrl + "//.default");
        Reply r = send("POST", "/adfs/oauth2/token", form, "application/x-www-form-urlencoded", null, Map.of());
        if (r.status() != 200) {
            throw new IllegalStateException("token request failed: " + r.status() + " " + r.text());
        }
        return r.json().path("access_token").asText();
    }

    public synchronized String token() {
        if (token == null) {
            token = tokenFor(credentials.clientId(), credentials.clientSecret());
        }
        return token;
    }

    public Reply get(String path) {
        return call("GET", path, null);
    }

    public Reply head(String path) {
        return call("HEAD", path, null);
    }

    public Reply put(String path, String json) {
        return call("PUT", path, json);
    }

    public Reply patch(String path, String json) {
        return call("PATCH", path, json);
    }

    public Reply post(String path, String json) {
        return call("POST", path, json);
    }

    public Reply delete(String path) {
        return call("DELETE", path, null);
    }

    public Reply call(String method, String path, String json) {
        return send(method, path, json, "application/json", token(), Map.of());
    }

    public Reply call(String method, String path, String json, Map<String, String> headers) {
        return send(method, path, json, "application/json", token(), headers);
    }

    /** Full control: a null bearer sends no Authorization header (unless the headers carry one). */
    public Reply send(String method, String path, String body, String contentType, String bearer,
                      Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("https://") ? path : baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (resp.body() != null && !resp.body().isBlank()) {
                try {
                    json = JSON.readTree(resp.body());
                } catch (IOException notJson) {
                    json = null;
                }
            }
            return new Reply(resp.statusCode(), resp.headers().map(), resp.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
