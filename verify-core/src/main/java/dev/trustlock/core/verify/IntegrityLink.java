package dev.trustlock.core.verify;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a lockfile's integrity and the registry's record name the same tarball. Compared by
 * the strongest algorithm both record: sha512 when both have it, else sha1 (the registry keeps
 * it as {@code dist.shasum}, hex). Empty when they share no algorithm and nothing can be said.
 */
final class IntegrityLink {

    private IntegrityLink() {
    }

    static Optional<Boolean> sameTarball(String lockfile, String registryIntegrity, Optional<String> registryShasum) {
        Set<String> lock512 = sha512s(lockfile);
        Set<String> reg512 = sha512s(registryIntegrity);
        if (!lock512.isEmpty() && !reg512.isEmpty()) {
            return Optional.of(lock512.stream().anyMatch(reg512::contains));
        }
        Set<String> lock1 = values(lockfile, "sha1-");
        Set<String> reg1 = values(registryIntegrity, "sha1-");
        registryShasum.flatMap(IntegrityLink::hexToSri1).ifPresent(reg1::add);
        if (!lock1.isEmpty() && !reg1.isEmpty()) {
            return Optional.of(lock1.stream().anyMatch(reg1::contains));
        }
        return Optional.empty();
    }

    static Set<String> sha512s(String sri) {
        return values(sri, "sha512-");
    }

    private static Set<String> values(String sri, String prefix) {
        Set<String> out = new TreeSet<>();
        for (String part : sri.trim().split("\\s+")) {
            if (part.startsWith(prefix)) {
                int q = part.indexOf('?');
                out.add(q < 0 ? part : part.substring(0, q));
            }
        }
        return out;
    }

    private static Optional<String> hexToSri1(String hex) {
        try {
            byte[] digest = HexFormat.of().parseHex(hex.trim().toLowerCase(java.util.Locale.ROOT));
            return digest.length == 20 ? Optional.of("sha1-" + Base64.getEncoder().encodeToString(digest))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
