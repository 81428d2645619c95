package io.fulcrum.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The az wrapper that makes Debian's az 2.45 usable for {@code az network} and {@code az vmss}
 * (shared/reference/clients.md section 4). A copy lives in this repository's {@code tools/} so that a clean clone
 * (CI) has it; the workspace's {@code ../shared/tools/az-local} is the fallback.
 */
public final class AzLocal {

    private AzLocal() {
    }

    public static Path path() {
        Path base = Path.of(System.getProperty("user.dir"));
        Path inRepo = base.resolve("tools").resolve("az-local");
        return Files.isExecutable(inRepo) ? inRepo : base.resolve("..").resolve("shared").resolve("tools")
                .resolve("az-local").normalize();
    }
}
