package dev.trustlock.cli;

import dev.trustlock.core.sbom.SbomOptions;
import dev.trustlock.core.sbom.SbomSerializer;

/**
 * A short CLI run is mostly the JVM loading and initialising classes, on one core. The SBOM
 * writer's half of that (CycloneDX model and serialisers) does not depend on the input, so a
 * daemon thread does it on the second core while the main thread parses options and reads the
 * lockfile. If the real work gets there first, class initialisation simply waits for the other
 * thread; nothing the user sees depends on this thread finishing or failing.
 */
final class StartupWarmup {

    private StartupWarmup() {
    }

    static void startFor(String[] args) {
        if (args.length == 0 || !"sbom".equals(args[0]) || Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        SbomOptions.OutputFormat format = SbomOptions.OutputFormat.JSON;
        for (String a : args) {
            if (a.equalsIgnoreCase("xml") || a.toLowerCase(java.util.Locale.ROOT).endsWith(".xml")) {
                format = SbomOptions.OutputFormat.XML;
            }
        }
        SbomOptions.OutputFormat chosen = format;
        Thread t = new Thread(() -> {
            try {
                SbomSerializer.warmUp(chosen);
            } catch (RuntimeException | LinkageError e) {
                // Only a head start; the real run reports any real problem itself.
            }
        }, "trustlock-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
