package io.fulcrum.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option every command shares. */
final class DataDirOption {
    @Option(names = "--data-dir", defaultValue = "./fulcrum-data", paramLabel = "DIR",
            description = "Where the database, keys and certificates live (default: ${DEFAULT-VALUE}).")
    Path dataDir;
}
