package io.fulcrum.cli;

import io.fulcrum.Fulcrum;
import io.fulcrum.store.sqlite.SqliteStore;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Prints the version and the data-dir schema it reads.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("fulcrum " + Fulcrum.version() + " (schema " + SqliteStore.SCHEMA_VERSION + ", Java "
                + Runtime.version() + ")");
    }
}
