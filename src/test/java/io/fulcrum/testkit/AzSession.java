package io.fulcrum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.arm.json.Json;
import io.fulcrum.testkit.ExternalCommand.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The real az, signed in to a test server in a private config dir: through tools/az-local when the checkout has it
 * (Debian's az 2.45 needs its shim for {@code az network}), else plain az with the cloud registered by hand. Skips
 * (or fails under CI=true) where az is not installed.
 */
public final class AzSession {

    private static final Duration AZ_TIMEOUT = Duration.ofSeconds(180);

    private final FulcrumExtension fulcrum;
    private final Path workDir;
    private final Path configDir;
    /** One line per az call, "seconds  az args -> exit code": az costs seconds a call, worth seeing per class. */
    private final List<String> timings = Collections.synchronizedList(new ArrayList<>());

    private AzSession(FulcrumExtension fulcrum, Path workDir, Path configDir) {
        this.fulcrum = fulcrum;
        this.workDir = workDir;
        this.configDir = configDir;
    }

    /**
     * Signs in as the server's default principal. {@code workDir} is az's working dir and holds the config dir,
     * {@code .az-local}: az-local's default, so a script run in {@code workDir} finds the session by itself.
     */
    public static AzSession signIn(FulcrumExtension fulcrum, Path workDir) throws IOException {
        AzSession az = signedOut(fulcrum, workDir, ".az-local");
        Result login = az.login(fulcrum.credentials().clientId(), fulcrum.credentials().clientSecret());
        assertThat(login.exitCode()).as(login.describe()).isZero();
        return az;
    }

    /**
     * A session in its own config dir {@code workDir/configDirName} that has not signed in yet, for a test that
     * judges the sign-in itself ({@link #login}).
     */
    public static AzSession signedOut(FulcrumExtension fulcrum, Path workDir, String configDirName)
            throws IOException {
        ExternalTool.require(ExternalTool.onPath("az"), "az (Debian azure-cli)", "apt-get install azure-cli");
        return new AzSession(fulcrum, workDir, Files.createDirectories(workDir.resolve(configDirName)));
    }

    /**
     * Registers the server as a cloud in this session's config dir and signs in there as {@code clientId}; what
     * the sign-in answered is the caller's to judge. Without az-local all four AD endpoints are registered, so az
     * needs no metadata call, and an authority ending in /adfs keeps MSAL from asking login.microsoftonline.com for
     * instance discovery (clients.md 2.1, 2.2).
     */
    public Result login(String clientId, String clientSecret) {
        Path azLocal = AzLocal.path();
        String base = fulcrum.baseUrl();
        if (Files.isExecutable(azLocal)) {
            return command().run(azLocal.toString(), "setup", "--url", base, "--ca", fulcrum.caFile().toString(),
                    "--client-id", clientId, "--client-secret", clientSecret, "--tenant", fulcrum.tenantId(),
                    "--config-dir", configDir.toString(), "--cloud", "Fulcrum");
        }
        ok("cloud", "register", "-n", "Fulcrum", "--endpoint-resource-manager", base + "/",
                "--endpoint-active-directory", base + "/adfs", "--endpoint-active-directory-resource-id", base + "/",
                "--endpoint-active-directory-graph-resource-id", base + "/", "-o", "none");
        ok("cloud", "set", "-n", "Fulcrum", "-o", "none");
        return run("login", "--service-principal", "-u", clientId, "--password=" + clientSecret, "--tenant",
                fulcrum.tenantId(), "-o", "none");
    }

    /** The config dir az keeps this session in (its azureProfile.json, its MSAL cache). */
    public Path configDir() {
        return configDir;
    }

    /** What every az call of this session took, in order, for a test class to print once it is done. */
    public List<String> timings() {
        return List.copyOf(timings);
    }

    /** The words that run az against this session, e.g. for a shell function {@code az() { <prefix> "$@"; }}. */
    public List<String> prefix() {
        Path azLocal = AzLocal.path();
        return Files.isExecutable(azLocal)
                ? List.of(azLocal.toString(), "--config-dir", configDir.toString(), "--")
                : List.of("az");
    }

    /** Runs az with {@code args}. */
    public Result run(String... args) {
        List<String> cmd = new ArrayList<>(prefix());
        cmd.addAll(List.of(args));
        long start = System.nanoTime();
        Result r = command().run(cmd);
        timings.add(String.format(Locale.ROOT, "%5.1f  az %s -> exit %d", (System.nanoTime() - start) / 1e9,
                String.join(" ", args), r.exitCode()));
        return r;
    }

    /** Runs az and asserts it succeeded. */
    public Result ok(String... args) {
        Result r = run(args);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    /** Runs az with {@code -o json}, asserts it succeeded and returns what it printed. */
    public JsonNode json(String... args) {
        List<String> withOutput = new ArrayList<>(List.of(args));
        withOutput.addAll(List.of("-o", "json"));
        Result r = ok(withOutput.toArray(String[]::new));
        JsonNode json = Json.read(r.stdout());
        assertThat(json).as("az printed nothing: " + r.describe()).isNotNull();
        return json;
    }

    /** A loopback-only runner with az's environment: this session's config dir, the server's CA, no telemetry. */
    public ExternalCommand command() {
        return ExternalCommand.loopbackOnly(workDir, AZ_TIMEOUT)
                .env("AZURE_CONFIG_DIR", configDir.toString())
                .env("REQUESTS_CA_BUNDLE", fulcrum.caFile().toString())
                .env("AZURE_CORE_COLLECT_TELEMETRY", "no")
                .env("AZURE_CORE_SURVEY_MESSAGE", "no")
                .env("AZURE_CORE_NO_COLOR", "1")
                .env("AZURE_CORE_ONLY_SHOW_ERRORS", "1");
    }
}
