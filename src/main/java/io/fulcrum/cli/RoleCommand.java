package io.fulcrum.cli;

import io.fulcrum.setup.Installation;
import io.fulcrum.setup.StartupException;
import io.fulcrum.store.PrincipalTable.Principal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "role", description = "Manages role assignments.", subcommands = RoleCommand.Assign.class)
final class RoleCommand {

    @Command(name = "assign", description = "Lets a principal use a subscription.")
    static final class Assign implements Runnable {
        @Mixin
        DataDirOption data;

        @Option(names = "--principal", required = true, description = "Principal name or client id.")
        String principal;

        @Option(names = "--subscription", required = true, description = "Subscription id.")
        String subscription;

        @Override
        public void run() {
            try (Installation inst = Installation.open(data.dataDir)) {
                inst.store().write(tx -> {
                    Principal p = tx.principals().get(principal).or(() -> tx.principals().byName(principal))
                            .orElseThrow(() -> new StartupException("no principal named or with client id '"
                                    + principal + "'"));
                    if (tx.subscriptions().get(subscription).isEmpty()) {
                        throw new StartupException("no subscription '" + subscription + "'");
                    }
                    tx.principals().grant(p.clientId(), subscription);
                    return null;
                });
                System.out.println("granted " + principal + " on subscription " + subscription);
            }
        }
    }
}
