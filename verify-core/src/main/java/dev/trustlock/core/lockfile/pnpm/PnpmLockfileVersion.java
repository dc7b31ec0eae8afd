package dev.trustlock.core.lockfile.pnpm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.LockfileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code lockfileVersion} of a pnpm-lock.yaml and the dependency-path syntax it implies.
 * pnpm changed how it spells a package's key twice: 5.x {@code /name/1.0.0_peer@1}, 6.x
 * {@code /name@1.0.0(peer@1)}, 9.x {@code name@1.0.0(peer@1)} with a separate snapshots map.
 *
 * @param raw   the version as written, for messages
 * @param major the generation: 5, 6, 7, 8 or 9 (7.0 was pnpm 9's pre-release spelling of 9.0)
 */
public record PnpmLockfileVersion(String raw, int major) {

    private static final Pattern VERSION = Pattern.compile("^(\\d+)(?:\\.\\d+)?(?:-[A-Za-z0-9.]+)?$");

    /** Key syntax {@code /name/version} (5.x, including 5.4-inlineSpecifiers). */
    public boolean slashVersions() {
        return major == 5;
    }

    /** Keys without the leading slash and a separate {@code snapshots} section (7.0 and later). */
    public boolean snapshotsFormat() {
        return major >= 7;
    }

    static PnpmLockfileVersion of(Path file, JsonNode root) throws LockfileException {
        JsonNode v = root.get("lockfileVersion");
        if (v == null || v.isNull() || !(v.isTextual() || v.isNumber())) {
            throw new LockfileException(file, "no lockfileVersion: not a pnpm-lock.yaml trustlock can read");
        }
        String raw = v.isTextual() ? v.asText().trim() : v.asText();
        Matcher m = VERSION.matcher(raw);
        if (!m.matches()) {
            throw LockfileException.at(file, "lockfileVersion", "unsupported pnpm lockfileVersion '" + raw
                    + "' (trustlock reads 5.x, 6.x and 9.x)");
        }
        int major;
        try {
            major = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            major = -1;
        }
        if (major < 5 || major > 9) {
            throw LockfileException.at(file, "lockfileVersion", "unsupported pnpm lockfileVersion '" + raw
                    + "' (trustlock reads 5.x, 6.x and 9.x)");
        }
        return new PnpmLockfileVersion(raw, major);
    }
}
