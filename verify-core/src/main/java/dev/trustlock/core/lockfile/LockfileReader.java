package dev.trustlock.core.lockfile;

import java.nio.file.Path;

/**
 * Reads one lockfile format into a {@link DependencyGraph}. Implementations never execute
 * anything, never touch the network, and read files only through {@link SafeParsers} so that
 * hostile input is bounded in time and memory.
 */
public interface LockfileReader {

    LockfileFormat format();

    /**
     * @param lockfile the lockfile itself; a package.json beside it, when present, supplies the
     *                 root's name, version and (for formats that do not record them) direct
     *                 dependencies
     */
    DependencyGraph read(Path lockfile) throws LockfileException;
}
