package dev.trustlock.cli;

import dev.trustlock.core.io.NativeCrypto;
import picocli.CommandLine;

/** Reports the version Maven stamped into the jar manifest, and which crypto this machine uses. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.0.0-dev" : v;
    }

    @Override
    public String[] getVersion() {
        // An auditor comparing two machines' runs wants to know whether both checked signatures
        // with the same code; the answers are the same, only the speed differs.
        String crypto = NativeCrypto.provider()
                .map(p -> "crypto: BoringSSL through " + p.getName() + " (native)")
                .orElse("crypto: BouncyCastle and the JDK (the native library did not load, or"
                        + " -Dtrustlock.nativeCrypto=false)");
        return new String[] {"trustlock " + version(), crypto};
    }
}
