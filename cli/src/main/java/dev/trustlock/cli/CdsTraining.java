package dev.trustlock.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build-time only: runs {@code trustlock sbom} over sample lockfiles, and {@code verify} of the
 * axios scenario from its snapshot, in one JVM started with
 * {@code -XX:ArchiveClassesAtExit}, so the class-data-sharing archive holds every class a real
 * run loads. JVM start-up dominates short runs; the archive roughly halves it.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        Path scratch = Files.createTempDirectory("trustlock-cds");
        try {
            int runs = 0;
            for (String root : args) {
                if (!Files.isDirectory(Path.of(root))) {
                    continue;
                }
                List<Path> lockfiles;
                try (Stream<Path> s = Files.walk(Path.of(root), 4)) {
                    lockfiles = s.filter(p -> dev.trustlock.core.lockfile.Lockfiles.KNOWN_NAMES
                            .contains(p.getFileName().toString()) && !p.toString().endsWith(".lockb")).sorted().toList();
                }
                for (Path lockfile : lockfiles) {
                    for (String format : new String[] {"json", "xml"}) {
                        Path out = scratch.resolve("sbom-" + runs++ + "." + format);
                        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
                        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
                        try {
                            Main.run("sbom", lockfile.toString(), "--format", format, "-o", out.toString());
                        } finally {
                            System.setOut(realOut);
                            System.setErr(realErr);
                        }
                    }
                }
            }
            // A verify run from a recorded snapshot too, so the archive also holds the classes of
            // verification (Sigstore, BouncyCastle, the rules): about 80 ms off every verify run.
            for (String root : args) {
                Path scenario = Path.of(root).resolve("../scenarios/axios-2026-03-31").normalize();
                Path snapshot = scenario.resolve("snapshot");
                if (!Files.isDirectory(snapshot)) {
                    continue;
                }
                for (String project : new String[] {"clean", "compromised"}) {
                    for (String format : new String[] {"text", "json", "sarif"}) {
                        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
                        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
                        try {
                            Main.run("verify", scenario.resolve(project).toString(), "--snapshot", snapshot.toString(),
                                    "--trusted-root", snapshot.resolve("trust/trusted_root.json").toString(),
                                    "--npm-keys", snapshot.resolve("trust/keys.json").toString(), "--no-policy",
                                    "--format", format, "-o", scratch.resolve("verify-" + runs++ + "." + format).toString());
                        } finally {
                            System.setOut(realOut);
                            System.setErr(realErr);
                        }
                    }
                }
            }
            if (runs == 0) {
                realOut.println("CDS training: no lockfiles found; the archive covers start-up only");
            }
        } finally {
            try (Stream<Path> s = Files.list(scratch)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(scratch);
        }
    }
}
