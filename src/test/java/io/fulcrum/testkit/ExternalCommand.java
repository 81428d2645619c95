package io.fulcrum.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client (az, Debian's Python) as a child process with a timeout, for tests that drive the server the
 * way a user would. Output goes to files rather than pipes, so a chatty child cannot block on a full pipe.
 */
public final class ExternalCommand {

    /** What the child did; {@link #describe()} is meant for assertion messages. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public String describe() {
            // Test reports are kept and shared; a secret given on the command line is not printed.
            List<String> shown = new ArrayList<>(command);
            for (int i = 1; i < shown.size(); i++) {
                if (SECRET_OPTIONS.contains(shown.get(i - 1))) {
                    shown.set(i, "***");
                }
            }
            return String.join(" ", shown) + "\n-- exit " + exitCode + "\n-- stdout:\n" + stdout + "\n-- stderr:\n"
                    + stderr;
        }
    }

    private static final Set<String> SECRET_OPTIONS = Set.of("--client-secret", "-p", "--password");

    private final Map<String, String> env = new HashMap<>();
    private final Set<String> unset = new HashSet<>();
    private final Path workDir;
    private final Duration timeout;

    /**
     * A runner whose children can reach 127.0.0.1 only: every other host goes through a proxy on the discard
     * port, which refuses the connection, so a client that tries login.microsoftonline.com (or any other remote
     * host) fails loudly instead of leaving the machine.
     */
    public static ExternalCommand loopbackOnly(Path workDir, Duration timeout) {
        ExternalCommand c = new ExternalCommand(workDir, timeout);
        for (String name : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")) {
            c.env.put(name, "http://127.0.0.1:9");
        }
        for (String name : List.of("NO_PROXY", "no_proxy")) {
            // All of 127/8: data-plane frontends (public IPs from the loopback pool) are on 127.x addresses.
            c.env.put(name, "127.0.0.1,localhost,127.0.0.0/8,::1");
        }
        return c;
    }

    private ExternalCommand(Path workDir, Duration timeout) {
        this.workDir = workDir;
        this.timeout = timeout;
    }

    public ExternalCommand env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Keeps a variable of the test's own environment away from the child. */
    public ExternalCommand unset(String name) {
        unset.add(name);
        return this;
    }

    public Result run(List<String> command) {
        try {
            Path out = Files.createTempFile(workDir, "stdout-", ".txt");
            Path err = Files.createTempFile(workDir, "stderr-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeAll(unset);
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Result r = new Result(List.copyOf(command), finished ? p.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            if (!finished) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + r.describe());
            }
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Result run(String... command) {
        return run(List.of(command));
    }
}
