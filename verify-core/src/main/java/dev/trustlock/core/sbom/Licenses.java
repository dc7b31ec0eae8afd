package dev.trustlock.core.sbom;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.util.LicenseResolver;

/**
 * Maps a package.json licence string to CycloneDX: a known SPDX id becomes {@code license.id}
 * (the schema only accepts real ids there), a compound like {@code (MIT OR Apache-2.0)} an
 * {@code expression}, anything else a free-text {@code license.name}.
 */
final class Licenses {

    private static final ConcurrentHashMap<String, Optional<LicenseChoice>> CACHE = new ConcurrentHashMap<>();

    private Licenses() {
    }

    static Optional<LicenseChoice> choice(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return CACHE.computeIfAbsent(raw.trim(), Licenses::resolve);
    }

    private static Optional<LicenseChoice> resolve(String s) {
        LicenseChoice choice = new LicenseChoice();
        if (s.contains(" OR ") || s.contains(" AND ") || s.contains(" WITH ")) {
            choice.setExpression(new Expression(s));
            return Optional.of(choice);
        }
        LicenseChoice resolved = null;
        try {
            resolved = LicenseResolver.resolve(s, false);
        } catch (RuntimeException e) {
            // The resolver's mapping is a heuristic; when it chokes we fall back to a name.
        }
        if (resolved != null && resolved.getLicenses() != null && !resolved.getLicenses().isEmpty()
                && resolved.getLicenses().get(0).getId() != null) {
            License l = new License();
            l.setId(resolved.getLicenses().get(0).getId());
            choice.addLicense(l);
            return Optional.of(choice);
        }
        License l = new License();
        l.setName(s);
        choice.addLicense(l);
        return Optional.of(choice);
    }
}
