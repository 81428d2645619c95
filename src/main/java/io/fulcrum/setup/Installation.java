package io.fulcrum.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.fulcrum.arm.json.Json;
import io.fulcrum.store.DataDirTooNewException;
import io.fulcrum.store.PrincipalTable.Principal;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoreException;
import io.fulcrum.store.SubscriptionTable.Subscription;
import io.fulcrum.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A data dir, opened: the database, the signing key for tokens, the CA, the tenant and the default subscription
 * and principal. The first open creates all of it; later opens reuse it. Secrets (keys, the credentials file) are
 * readable by their owner only.
 */
public final class Installation implements AutoCloseable {

    public static final String DEFAULT_PRINCIPAL = "fulcrum-admin";
    public static final String DEFAULT_SUBSCRIPTION_NAME = "Fulcrum";
    static final String META_TENANT = "tenantId";
    static final String META_DEFAULT_SUBSCRIPTION = "defaultSubscriptionId";
    static final String META_DEFAULT_CLIENT = "defaultClientId";
    public static final String META_LAST_URL = "lastServedUrl";

    /** What a client needs to sign in as the default principal; also written to credentials.json. */
    public record Credentials(String tenantId, String subscriptionId, String clientId, String clientSecret) {
    }

    private final Path dir;
    private final Store store;
    private final String tenantId;
    private final String defaultClientId;
    private final RSAKey signingKey;

    private Installation(Path dir, Store store, String tenantId, String defaultClientId, RSAKey signingKey) {
        this.dir = dir;
        this.store = store;
        this.tenantId = tenantId;
        this.defaultClientId = defaultClientId;
        this.signingKey = signingKey;
    }

    public static Installation open(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new StartupException("cannot create data dir " + d + ": " + reason(e), e);
        }
        if (!Files.isReadable(d) || !Files.isWritable(d) || !Files.isExecutable(d)) {
            throw new StartupException("data dir " + d + " is not readable and writable by this user");
        }
        Store store;
        try {
            store = new SqliteStore(d.resolve("fulcrum.db"));
        } catch (DataDirTooNewException e) {
            throw new StartupException("data dir " + d + ": " + e.getMessage());
        } catch (StoreException e) {
            throw new StartupException("data dir " + d + ": " + e.getMessage(), e);
        }
        try {
            RSAKey key = signingKey(d.resolve("signing-key.json"));
            String[] ids = bootstrap(store, d);
            return new Installation(d, store, ids[0], ids[2], key);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Creates tenant, default subscription and principal once; returns {tenant, subscription, client}. */
    private static String[] bootstrap(Store store, Path d) {
        String[] ids = store.write(tx -> {
            var meta = tx.meta();
            if (meta.get(META_TENANT).isPresent()) {
                return new String[]{meta.get(META_TENANT).get(), meta.get(META_DEFAULT_SUBSCRIPTION).orElseThrow(),
                        meta.get(META_DEFAULT_CLIENT).orElseThrow(), null};
            }
            String tenant = UUID.randomUUID().toString();
            String subscription = UUID.randomUUID().toString();
            String client = UUID.randomUUID().toString();
            String secret = Secrets.newSecret();
            meta.put(META_TENANT, tenant);
            meta.put(META_DEFAULT_SUBSCRIPTION, subscription);
            meta.put(META_DEFAULT_CLIENT, client);
            tx.subscriptions().put(new Subscription(subscription, DEFAULT_SUBSCRIPTION_NAME, tenant, "Enabled"));
            tx.principals().put(new Principal(client, DEFAULT_PRINCIPAL, Secrets.hash(secret)));
            tx.principals().grant(client, subscription);
            return new String[]{tenant, subscription, client, secret};
        });
        if (ids[3] != null) {
            writeCredentials(d.resolve("credentials.json"), new Credentials(ids[0], ids[1], ids[2], ids[3]));
        }
        return ids;
    }

    private static RSAKey signingKey(Path file) {
        try {
            if (Files.exists(file)) {
                return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            }
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            writePrivate(file, key.toJSONString());
            return key;
        } catch (IOException | ParseException | JOSEException e) {
            throw new StartupException("cannot read or create the token signing key " + file + ": " + reason(e), e);
        }
    }

    private static void writeCredentials(Path file, Credentials c) {
        ObjectNode o = Json.object();
        o.put("tenantId", c.tenantId());
        o.put("subscriptionId", c.subscriptionId());
        o.put("clientId", c.clientId());
        o.put("clientSecret", c.clientSecret());
        try {
            writePrivate(file, o.toPrettyString() + "\n");
        } catch (IOException e) {
            throw new StartupException("cannot write " + file + ": " + reason(e), e);
        }
    }

    /** Creates the file readable by its owner only before any secret is written into it. */
    static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    public Credentials credentials() {
        Path file = dir.resolve("credentials.json");
        try {
            JsonNode n = Json.read(Files.readString(file, StandardCharsets.UTF_8));
            return new Credentials(n.path("tenantId").asText(), n.path("subscriptionId").asText(),
                    n.path("clientId").asText(), n.path("clientSecret").asText());
        } catch (IOException e) {
            throw new StartupException("cannot read " + file + ": " + reason(e), e);
        }
    }

    /** The server's TLS key store, (re)issuing the server certificate if it does not cover every host. */
    public KeyStore tlsKeyStore(Collection<String> hosts, char[] password) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String h : hosts) {
            wanted.add(Certificates.canonicalHost(h));
        }
        Path caPem = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        Path serverPem = dir.resolve("server.pem");
        Path serverKey = dir.resolve("server-key.pem");
        try {
            Certificates.Issued ca;
            if (Files.exists(caPem) && Files.exists(caKey)) {
                ca = new Certificates.Issued(Certificates.readCertificate(caPem), Certificates.readKey(caKey));
            } else {
                ca = Certificates.newCa("Fulcrum local CA " + tenantId.substring(0, 8));
                writePrivate(caKey, "");
                Certificates.writePem(caKey, ca.key());
                Certificates.writePem(caPem, ca.certificate());
                Files.deleteIfExists(serverPem);
            }
            Certificates.Issued server = null;
            if (Files.exists(serverPem) && Files.exists(serverKey)) {
                X509Certificate cert = Certificates.readCertificate(serverPem);
                if (Certificates.subjectAltNames(cert).containsAll(wanted)) {
                    server = new Certificates.Issued(cert, Certificates.readKey(serverKey));
                } else {
                    wanted.addAll(Certificates.subjectAltNames(cert));
                }
            }
            if (server == null) {
                server = Certificates.newServer(ca, wanted);
                writePrivate(serverKey, "");
                Certificates.writePem(serverKey, server.key());
                Certificates.writePem(serverPem, server.certificate(), ca.certificate());
            }
            return Certificates.keyStore(server, ca.certificate(), password);
        } catch (IOException e) {
            throw new StartupException("cannot read or create TLS certificates in " + dir + ": " + reason(e), e);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public Path dir() {
        return dir;
    }

    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    public Store store() {
        return store;
    }

    public String tenantId() {
        return tenantId;
    }

    public String defaultClientId() {
        return defaultClientId;
    }

    public RSAKey signingKey() {
        return signingKey;
    }

    @Override
    public void close() {
        store.close();
    }
}
