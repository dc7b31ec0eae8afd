package dev.trustlock.core.registry;

import dev.trustlock.core.lockfile.LockfileException;

/**
 * A snapshot that contradicts itself, found while answering a question (a file whose digest or
 * content differs from what index.json says). Bad input, like a malformed lockfile: the run stops
 * with one line naming the file (exit 2) rather than reporting packages as merely unverifiable,
 * because a doctored snapshot is not a registry that failed to answer.
 */
public final class SnapshotException extends RuntimeException {

    private final LockfileException problem;

    public SnapshotException(LockfileException problem) {
        super(problem.getMessage(), problem);
        this.problem = problem;
    }

    /** The problem as an input error, naming the file. */
    public LockfileException problem() {
        return problem;
    }
}
