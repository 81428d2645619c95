package io.fulcrum.testkit;

import io.fulcrum.Fulcrum;
import io.fulcrum.network.publicip.PublicIpPool;
import io.fulcrum.setup.Installation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real server, in process, on an ephemeral port with a fresh data dir, once per test class:
 * <pre>{@code @RegisterExtension static final FulcrumExtension fulcrum = new FulcrumExtension();}</pre>
 * Public IPs come from the server's default pool unless the test names its own (a tiny one, to run it dry); a test
 * that needs other options (the data plane's underlay mappings) passes them all through {@link #withOptions}.
 */
public final class FulcrumExtension implements BeforeAllCallback, AfterAllCallback {

    private final Function<Path, Fulcrum.Options> options;
    private Path dataDir;
    private Fulcrum server;
    private ArmClient client;

    public FulcrumExtension() {
        this(PublicIpPool.DEFAULT);
    }

    public FulcrumExtension(PublicIpPool publicIpPool) {
        this(dir -> new Fulcrum.Options(dir, "127.0.0.1", 0, publicIpPool));
    }

    private FulcrumExtension(Function<Path, Fulcrum.Options> options) {
        this.options = options;
    }

    /** A server started with the test's own options, given the fresh data dir (listen on 127.0.0.1, port 0). */
    public static FulcrumExtension withOptions(Function<Path, Fulcrum.Options> options) {
        return new FulcrumExtension(options);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("fulcrum-test-");
        server = Fulcrum.start(options.apply(dataDir));
        client = new ArmClient(baseUrl(), Tls.trusting(caFile()), credentials());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        deleteTree(dataDir);
    }

    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public int port() {
        return server.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path caFile() {
        return server.installation().caFile();
    }

    public SSLContext sslContext() {
        return Tls.trusting(caFile());
    }

    public Installation.Credentials credentials() {
        return server.installation().credentials();
    }

    public String subscriptionId() {
        return credentials().subscriptionId();
    }

    public String tenantId() {
        return credentials().tenantId();
    }

    public Installation installation() {
        return server.installation();
    }

    /** A client signed in as the default principal. */
    public ArmClient arm() {
        return client;
    }
}
