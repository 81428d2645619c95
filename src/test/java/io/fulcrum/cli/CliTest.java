package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.setup.Installation;
import io.fulcrum.store.sqlite.SqliteStore;
import io.fulcrum.testkit.ArmClient.Reply;
import io.fulcrum.testkit.ArmClient;
import io.fulcrum.testkit.FulcrumExtension;
import io.fulcrum.testkit.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code fulcrum} command line. The admin commands run in this JVM through {@link Main#run} against the data
 * dir of a server running as a separate process, as an operator runs them beside a live server; start-up failures
 * run as processes of their own, so the exit code and everything that reaches stderr are real.
 */
@Timeout(300)
class CliTest {

    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dataDir;
    private static ServerProcess server;
    private static ArmClient arm;
    private static Installation.Credentials credentials;
    private static final List<Path> scratch = new ArrayList<>();

    /** One in-process run of the command line. */
    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startServer() throws Exception {
        dataDir = Files.createTempDirectory("fulcrum-cli-");
        server = ServerProcess.serve(dataDir);
        arm = server.arm();
        credentials = server.credentials();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        FulcrumExtension.deleteTree(dataDir);
        for (Path p : scratch) {
            FulcrumExtension.deleteTree(p);
        }
    }

    private static synchronized Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static List<String> subscriptionIds(String token) {
        Reply r = arm.send("GET", "/subscriptions?api-version=2022-12-01", null, null, token, Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().path("value").findValuesAsText("subscriptionId");
    }

    private static Path scratchDir() throws Exception {
        Path p = Files.createTempDirectory("fulcrum-cli-scratch-");
        scratch.add(p);
        return p;
    }

    @Test
    void versionNamesTheSchema() {
        Run r = cli("version");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).matches("fulcrum \\S+ \\(schema " + SqliteStore.SCHEMA_VERSION + ", Java .+\\)");
    }

    @Test
    void subscriptionCreatedBesideARunningServerIsVisibleToTheDefaultPrincipal() {
        Run r = cli("subscription", "create", "--name", "Team X", "--data-dir", dataDir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String id = r.out().strip();
        assertThat(id).matches(GUID);

        assertThat(subscriptionIds(arm.token())).contains(id, credentials.subscriptionId());
        Reply sub = arm.get("/subscriptions/" + id + "?api-version=2022-12-01");
        assertThat(sub.status()).isEqualTo(200);
        assertThat(sub.json().path("displayName").asText()).isEqualTo("Team X");
        Reply group = arm.put("/subscriptions/" + id + "/resourcegroups/in-x?api-version=2021-04-01",
                "{\"location\":\"eastus\"}");
        assertThat(group.status()).as(group.text()).isEqualTo(201);
    }

    @Test
    void principalWithOneRoleAssignmentSeesOnlyThatSubscription() throws Exception {
        String subscription = cli("subscription", "create", "--name", "Scoped", "--data-dir", dataDir.toString())
                .out().strip();
        Run created = cli("principal", "create", "--name", "ci-bot", "--data-dir", dataDir.toString());
        assertThat(created.code()).as(created.err()).isZero();
        JsonNode p = JSON.readTree(created.out());
        String clientId = p.path("clientId").asText();
        String secret = p.path("clientSecret").asText();
        assertThat(clientId).matches(GUID);
        assertThat(secret).isNotBlank();
        assertThat(p.path("tenantId").asText()).isEqualTo(credentials.tenantId());

        // A new principal can sign in but has been granted nothing yet.
        assertThat(subscriptionIds(arm.tokenFor(clientId, secret))).isEmpty();

        Run assigned = cli("role", "assign", "--principal", "ci-bot", "--subscription", subscription, "--data-dir",
                dataDir.toString());
        assertThat(assigned.code()).as(assigned.err()).isZero();

        String token = arm.tokenFor(clientId, secret);
        assertThat(subscriptionIds(token)).containsExactly(subscription);
        Reply own = arm.send("PUT", "/subscriptions/" + subscription + "/resourcegroups/bots?api-version=2021-04-01",
                "{\"location\":\"eastus\"}", "application/json", token, Map.of());
        assertThat(own.status()).as(own.text()).isEqualTo(201);
        Reply other = arm.send("GET", "/subscriptions/" + credentials.subscriptionId()
                + "/resourcegroups?api-version=2021-04-01", null, null, token, Map.of());
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.errorCode()).isEqualTo("AuthorizationFailed");

        Run again = cli("principal", "create", "--name", "ci-bot", "--data-dir", dataDir.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("fulcrum: a principal named 'ci-bot' already exists");
        assertThat(again.out()).isEmpty();
    }

    @Test
    void roleAssignForAnUnknownPrincipalIsOneLine() {
        Run r = cli("role", "assign", "--principal", "nobody", "--subscription",
                "00000000-0000-0000-0000-000000000000", "--data-dir", dataDir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("fulcrum: no principal named or with client id 'nobody'");
    }

    @Test
    void tokenCommandPrintsAJwtTheServerAccepts() {
        Run r = cli("token", "--data-dir", dataDir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String token = r.out().strip();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(subscriptionIds(token)).contains(credentials.subscriptionId());
    }

    @Test
    void portInUseIsOneLineAndExit1() throws Exception {
        ServerProcess.Exit r = ServerProcess.run(120, "serve", "--data-dir", dataDir.toString(), "--port",
                Integer.toString(server.port()));
        assertOneLineStartupError(r, "cannot listen on 127.0.0.1:" + server.port());
        // The server that holds the port and the data dir is unharmed.
        assertThat(subscriptionIds(arm.token())).contains(credentials.subscriptionId());
    }

    @Test
    void dataDirThatIsAFileIsOneLineAndExit1() throws Exception {
        Path file = scratchDir().resolve("not-a-dir");
        Files.writeString(file, "x");
        ServerProcess.Exit r = ServerProcess.run(120, "serve", "--data-dir", file.toString(), "--port", "0");
        assertOneLineStartupError(r, "cannot create data dir " + file);
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void databaseFromANewerVersionIsRefusedUntouched() throws Exception {
        Path dir = scratchDir();
        String url = "jdbc:sqlite:" + dir.resolve("fulcrum.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE from_the_future (x TEXT)");
            s.executeUpdate("PRAGMA user_version = 99");
        }
        ServerProcess.Exit r = ServerProcess.run(120, "serve", "--data-dir", dir.toString(), "--port", "0");
        assertOneLineStartupError(r, "newer Fulcrum (schema 99)");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(99);
            }
            try (ResultSet rs = s.executeQuery("SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'")) {
                assertThat(rs.getString(1)).isEqualTo("from_the_future");
            }
        }
        assertThat(Files.exists(dir.resolve("credentials.json"))).isFalse();
    }

    private static void assertOneLineStartupError(ServerProcess.Exit r, String mentions) {
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("fulcrum: ").contains(mentions);
        assertThat(r.out()).as("stdout").isEmpty();
    }
}
