package dev.trustlock.cli;

import picocli.CommandLine;

/** Reports the version Maven stamped into the jar manifest. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.0.0-dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"trustlock " + version()};
    }
}
