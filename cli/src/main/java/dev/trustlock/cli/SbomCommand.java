package dev.trustlock.cli;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Lockfiles;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder: reads the lockfile; the SBOM writer follows. */
@Command(name = "sbom", mixinStandardHelpOptions = true, description = "Write a CycloneDX SBOM for a lockfile.")
public final class SbomCommand implements Callable<Integer> {

    @Parameters(index = "0", defaultValue = ".", description = "Project directory or lockfile.")
    Path path;

    @Override
    public Integer call() throws Exception {
        DependencyGraph graph = Lockfiles.read(path, Optional.empty());
        System.out.println(graph.packages().size());
        return 0;
    }
}
