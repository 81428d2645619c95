package io.fulcrum.cli;

import io.fulcrum.Fulcrum;
import io.fulcrum.setup.StartupException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code fulcrum} command line. */
@Command(name = "fulcrum", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A self-hostable, Azure-compatible load balancer: the ARM API on HTTPS.",
        subcommands = {ServeCommand.class, TokenCommand.class, SubscriptionCommand.class, PrincipalCommand.class,
                RoleCommand.class, VersionCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // Problems an operator can fix are one line and exit 1, never a stack trace.
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof StartupException) {
                commandLine.getErr().println("fulcrum: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"fulcrum " + Fulcrum.version()};
        }
    }
}
