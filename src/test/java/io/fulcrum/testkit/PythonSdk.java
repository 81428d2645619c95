package io.fulcrum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testkit.ExternalCommand.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Debian's Python SDK (python3-azure) run as a user would run it: a script from src/test/python, signed in as the
 * test server's default principal through the FULCRUM_* variables its fulcrum_env module reads. Skips (or fails
 * under CI=true) where the SDK is not installed.
 */
public final class PythonSdk {

    /** Debian's interpreter, not whatever python3 is first on PATH (a pyenv there lacks python3-azure). */
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPTS = Path.of(System.getProperty("user.dir"), "src", "test", "python");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private PythonSdk() {
    }

    /** Skips unless Debian's interpreter can import every one of {@code modules}. */
    public static void require(Path workDir, String... modules) {
        boolean present = Files.isExecutable(Path.of(PYTHON))
                && python(workDir).run(PYTHON, "-c", "import " + String.join(", ", modules)).exitCode() == 0;
        ExternalTool.require(present, "Debian's python3-azure (" + String.join(", ", modules) + ") for " + PYTHON,
                "apt-get install python3-azure");
    }

    /** Runs {@code script} against {@code fulcrum} with {@code env} besides the sign-in, and asserts it succeeded. */
    public static Result run(FulcrumExtension fulcrum, Path workDir, String script, Map<String, String> env) {
        ExternalCommand command = python(workDir)
                .env("FULCRUM_URL", fulcrum.baseUrl())
                .env("FULCRUM_CA", fulcrum.caFile().toString())
                .env("FULCRUM_TENANT", fulcrum.tenantId())
                .env("FULCRUM_CLIENT_ID", fulcrum.credentials().clientId())
                .env("FULCRUM_CLIENT_SECRET", fulcrum.credentials().clientSecret())
                .env("FULCRUM_SUBSCRIPTION", fulcrum.subscriptionId());
        env.forEach(command::env);
        Result run = command.run(PYTHON, SCRIPTS.resolve(script).toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run;
    }

    private static ExternalCommand python(Path workDir) {
        // Without REQUESTS_CA_BUNDLE the script must pass the CA itself (connection_verify), as a user would.
        return ExternalCommand.loopbackOnly(workDir, TIMEOUT).unset("REQUESTS_CA_BUNDLE").unset("CURL_CA_BUNDLE")
                .env("PYTHONDONTWRITEBYTECODE", "1");
    }
}
