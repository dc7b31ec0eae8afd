package dev.trustlock.core.lockfile.bun;

import java.util.ArrayList;
import java.util.List;

/**
 * bun.lock keys are install paths, like node_modules without the "node_modules/" parts:
 * {@code foo}, {@code parent/foo}, {@code @s/parent/@t/foo}. A dependency resolves the way
 * Node's module lookup does: nearest enclosing directory first, hoisted copy last.
 */
final class BunInstallPaths {

    private BunInstallPaths() {
    }

    /** Package names in a path; a scope joins the name after it ({@code @s/p/foo -> [@s/p, foo]}). */
    static String[] segments(String installPath) {
        List<String> out = new ArrayList<>();
        if (installPath.isEmpty()) {
            return new String[0];
        }
        String[] parts = installPath.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("@") && i + 1 < parts.length) {
                out.add(parts[i] + "/" + parts[i + 1]);
                i++;
            } else {
                out.add(parts[i]);
            }
        }
        return out.toArray(String[]::new);
    }

    /**
     * Keys to try, in order, for dependency {@code dep} of the package installed at
     * {@code from} ("" for the root): {@code from/dep}, then each parent's {@code /dep}, then {@code dep}.
     */
    static List<String> candidates(String from, String dep) {
        String[] segs = segments(from);
        List<String> result = new ArrayList<>();
        for (int len = segs.length; len > 0; len--) {
            result.add(String.join("/", java.util.Arrays.copyOf(segs, len)) + "/" + dep);
        }
        result.add(dep);
        return result;
    }
}
