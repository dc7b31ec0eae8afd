package dev.trustlock.core.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.license.Expression;

/**
 * Maps a package.json licence string to CycloneDX: a known SPDX id becomes {@code license.id}
 * (the schema only accepts real ids there), a compound like {@code (MIT OR Apache-2.0)} an
 * {@code expression}, anything else a free-text {@code license.name}.
 *
 * <p>The ids come from the {@code spdx.schema.json} that cyclonedx-core-java validates against,
 * so what we write as an id is exactly what the schema accepts. (cyclonedx-core-java's
 * LicenseResolver also guesses ids from free text, but costs ~100 ms of start-up per run.)
 */
final class Licenses {

    private static final ConcurrentHashMap<String, Optional<LicenseChoice>> CACHE = new ConcurrentHashMap<>();

    private Licenses() {
    }

    /** SPDX ids by lower-case spelling (SPDX ids match case-insensitively). */
    private static final class SpdxIds {
        static final Map<String, String> BY_LOWER = load();

        private static Map<String, String> load() {
            Map<String, String> ids = new HashMap<>();
            try (InputStream in = Licenses.class.getResourceAsStream("/spdx.schema.json")) {
                if (in != null) {
                    // a null schema (empty file) leaves the map empty
                    JsonNode schema;
                    try (com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.core.JsonFactory().createParser(in)) {
                        schema = dev.trustlock.core.io.JsonTrees.readSingleValue(parser);
                    }
                    for (JsonNode id : schema == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : schema.path("enum")) {
                        ids.put(id.asText().toLowerCase(Locale.ROOT), id.asText());
                    }
                }
            } catch (IOException e) {
                // Without the list every licence is written as a name: still valid, less precise.
            }
            return ids;
        }
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
        License l = new License();
        String id = SpdxIds.BY_LOWER.get(s.toLowerCase(Locale.ROOT));
        if (id != null) {
            l.setId(id);
        } else {
            l.setName(s);
        }
        choice.addLicense(l);
        return Optional.of(choice);
    }
}
