package io.fulcrum.testkit;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.ResourceManager;
import io.fulcrum.setup.Installation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Azure SDK for Java signed in to a test's server the way an application would (clients.md section 8): a real
 * ClientSecretCredential against Fulcrum's token endpoint, an environment whose endpoints all name the server, and
 * an HTTP client trusting only the server's CA.
 */
public final class JavaSdk {

    private JavaSdk() {
    }

    /** A network manager for {@code subscriptionId}, signed in as the default principal. */
    public static NetworkManager network(FulcrumExtension fulcrum, String subscriptionId,
                                         HttpPipelinePolicy... policies) {
        HttpClient http = http(fulcrum);
        NetworkManager.Configurable configurable = NetworkManager.configure().withHttpClient(http);
        for (HttpPipelinePolicy p : policies) {
            configurable = configurable.withPolicy(p);
        }
        return configurable.authenticate(credential(fulcrum, http), profile(fulcrum, subscriptionId));
    }

    /** A resource manager for {@code subscriptionId}, signed in as the default principal. */
    public static ResourceManager resources(FulcrumExtension fulcrum, String subscriptionId) {
        HttpClient http = http(fulcrum);
        return ResourceManager.configure().withHttpClient(http)
                .authenticate(credential(fulcrum, http), profile(fulcrum, subscriptionId))
                .withSubscription(subscriptionId);
    }

    /** The default principal's ClientSecretCredential, asking the server's own token endpoint. */
    public static TokenCredential credential(FulcrumExtension fulcrum) {
        return credential(fulcrum, http(fulcrum));
    }

    private static TokenCredential credential(FulcrumExtension fulcrum, HttpClient http) {
        Installation.Credentials c = fulcrum.credentials();
        return new ClientSecretCredentialBuilder().authorityHost(fulcrum.baseUrl()).tenantId(c.tenantId())
                .clientId(c.clientId()).clientSecret(c.clientSecret()).disableInstanceDiscovery().httpClient(http)
                .build();
    }

    private static HttpClient http(FulcrumExtension fulcrum) {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(Tls.trusting(fulcrum.caFile()))).build();
    }

    private static AzureProfile profile(FulcrumExtension fulcrum, String subscriptionId) {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        for (String k : List.of("resourceManagerEndpointUrl", "managementEndpointUrl", "activeDirectoryEndpointUrl",
                "activeDirectoryResourceId")) {
            endpoints.put(k, fulcrum.baseUrl() + "/");
        }
        return new AzureProfile(fulcrum.credentials().tenantId(), subscriptionId, new AzureEnvironment(endpoints));
    }
}
