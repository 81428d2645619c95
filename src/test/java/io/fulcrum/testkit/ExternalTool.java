package io.fulcrum.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a tool from Debian (az, Debian's python3-azure) skip loudly when it is missing, except under
 * CI=true, where a missing tool is a failure: CI installs them, so their absence there is a broken run.
 */
public final class ExternalTool {

    private ExternalTool() {
    }

    public static void require(boolean present, String what, String installHint) {
        if (present) {
            return;
        }
        String message = "SKIPPED LOUDLY: " + what + " is not installed (" + installHint + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message.replace("SKIPPED LOUDLY", "FAILED under CI=true"));
        }
        System.err.println("*** " + message + " ***");
        Assumptions.abort(message);
    }

    public static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
