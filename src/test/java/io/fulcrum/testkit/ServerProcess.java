package io.fulcrum.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.setup.Installation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fulcrum} as a separate JVM on the test class path, as an operator runs it: for what only a real process
 * shows (kill -9, exit codes, what reaches stderr, two processes on one data dir).
 */
public final class ServerProcess implements AutoCloseable {

    /** Generous: the JVM starts cold, and test machines are often busy. */
    private static final long STARTUP_TIMEOUT_SECONDS = 90;
    private static final Pattern SERVES = Pattern.compile("serves ARM on (https://127\\.0\\.0\\.1:\\d+)");

    /** A finished {@code fulcrum} run. */
    public record Exit(int code, String out, String err) {
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private final Process process;
    private final Path dataDir;
    private final String baseUrl;
    private final Path stderr;

    private ServerProcess(Process process, Path dataDir, String baseUrl, Path stderr) {
        this.process = process;
        this.dataDir = dataDir;
        this.baseUrl = baseUrl;
        this.stderr = stderr;
    }

    public static List<String> command(String... args) {
        // C1 only: these JVMs live for seconds, and on a busy machine the full JIT slows their start down.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.fulcrum.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code fulcrum serve} on a free port and returns once its first stdout line names the URL. */
    public static ServerProcess serve(Path dataDir) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("fulcrum-serve-", ".err");
        Process p = new ProcessBuilder(command("serve", "--data-dir", dataDir.toString(), "--port", "0"))
                .redirectError(stderr.toFile()).start();
        // Only the welcome goes to stdout and it fits the pipe buffer, so the rest need not be drained.
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // A blocked pipe read ignores interrupts, so the wait is bounded here rather than by a test timeout.
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String first;
        try {
            first = firstLine.get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            first = null;
        }
        Matcher m = first == null ? null : SERVES.matcher(first);
        if (m == null || !m.find()) {
            p.destroyForcibly().waitFor();
            String err = Files.readString(stderr);
            Files.deleteIfExists(stderr);
            throw new IllegalStateException("fulcrum serve did not start within " + STARTUP_TIMEOUT_SECONDS
                    + " s; first stdout line: " + first + "; stderr: " + err);
        }
        return new ServerProcess(p, dataDir, m.group(1), stderr);
    }

    /** Runs a command that is expected to end, killing it if it has not within the timeout. */
    public static Exit run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("fulcrum-run-", ".out");
        Path err = Files.createTempFile("fulcrum-run-", ".err");
        try {
            Process p = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("fulcrum " + String.join(" ", args) + " still ran after " + timeoutSeconds
                        + " s; stderr: " + Files.readString(err));
            }
            return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** kill -9: no shutdown hook runs, nothing is flushed or closed. Returns the exit status. */
    public int kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        return process.waitFor();
    }

    public int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    }

    public Installation.Credentials credentials() throws IOException {
        JsonNode n = new ObjectMapper().readTree(dataDir.resolve("credentials.json").toFile());
        return new Installation.Credentials(n.path("tenantId").asText(), n.path("subscriptionId").asText(),
                n.path("clientId").asText(), n.path("clientSecret").asText());
    }

    /** A client that signs in as the default principal; a new port means a new audience, so one per process. */
    public ArmClient arm() throws IOException {
        return new ArmClient(baseUrl, Tls.trusting(dataDir.resolve("ca.pem")), credentials());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        Files.deleteIfExists(stderr);
    }
}
