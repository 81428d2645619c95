package io.fulcrum.testkit;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.network.NetworkManager;
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
        String base = fulcrum.baseUrl();
        Installation.Credentials c = fulcrum.credentials();
        HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(Tls.trusting(fulcrum.caFile()))).build();
        TokenCredential credential = new ClientSecretCredentialBuilder().authorityHost(base).tenantId(c.tenantId())
                .clientId(c.clientId()).clientSecret(c.clientSecret()).disableInstanceDiscovery().httpClient(http)
                .build();
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        for (String k : List.of("resourceManagerEndpointUrl", "managementEndpointUrl", "activeDirectoryEndpointUrl",
                "activeDirectoryResourceId")) {
            endpoints.put(k, base + "/");
        }
        AzureProfile profile = new AzureProfile(c.tenantId(), subscriptionId, new AzureEnvironment(endpoints));
        NetworkManager.Configurable configurable = NetworkManager.configure().withHttpClient(http);
        for (HttpPipelinePolicy p : policies) {
            configurable = configurable.withPolicy(p);
        }
        return configurable.authenticate(credential, profile);
    }
}
