package dev.trustlock.core.lockfile.npm;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.LockfileReader;
import java.nio.file.Path;

/** Placeholder until the reader lands; fails closed with a clear message. */
public final class NpmLockfileReader implements LockfileReader {

    @Override
    public LockfileFormat format() {
        return LockfileFormat.NPM_PACKAGE_LOCK;
    }

    @Override
    public DependencyGraph read(Path lockfile) throws LockfileException {
        throw new LockfileException(lockfile, "reading " + format().description() + " is not implemented yet");
    }
}
