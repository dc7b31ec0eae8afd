package dev.trustlock.cli;

import picocli.CommandLine;

/** Reports the version Maven stamped into the jar manifest. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"trustlock " + (v == null ? "development build" : v)};
    }
}
