package dev.trustlock.core.sbom;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the SBOM should contain and how it is written.
 *
 * @param spec      CycloneDX specification version
 * @param format    JSON or XML
 * @param omit      kinds of packages left out, as npm's {@code --omit}
 * @param timestamp metadata timestamp; empty leaves it out (fully reproducible output)
 */
public record SbomOptions(SpecVersion spec, OutputFormat format, Set<Omit> omit, Optional<Instant> timestamp) {

    public enum SpecVersion {
        V1_5("1.5", org.cyclonedx.Version.VERSION_15),
        V1_6("1.6", org.cyclonedx.Version.VERSION_16),
        /**
         * cyclonedx-core-java 12.2.0 (the newest here) stops at 1.6. 1.7 only adds to 1.6 and
         * removes nothing trustlock writes, so a 1.7 document is the 1.6 one under the 1.7 version
         * and namespace; tests validate it against the official 1.7 schemas.
         */
        V1_7("1.7", org.cyclonedx.Version.VERSION_16);

        private final String label;
        private final org.cyclonedx.Version cyclonedx;

        SpecVersion(String label, org.cyclonedx.Version cyclonedx) {
            this.label = label;
            this.cyclonedx = cyclonedx;
        }

        public String label() {
            return label;
        }

        /** The version cyclonedx-core-java generates the document in (see {@link #V1_7}). */
        public org.cyclonedx.Version cyclonedx() {
            return cyclonedx;
        }

        public static SpecVersion parse(String s) {
            for (SpecVersion v : values()) {
                if (v.label.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unsupported CycloneDX version '" + s + "' (use 1.7, 1.6 or 1.5)");
        }
    }

    public enum OutputFormat { JSON, XML }

    /** Package classes that {@code --omit} can leave out. */
    public enum Omit {
        /** Reachable only through devDependencies. */
        DEV,
        /** Installed only because of an optional dependency somewhere on every path. */
        OPTIONAL,
        /** Installed only to satisfy peer dependencies. */
        PEER
    }

    public SbomOptions {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(format, "format");
        omit = omit.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(omit));
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public static SbomOptions defaults() {
        return new SbomOptions(SpecVersion.V1_6, OutputFormat.JSON, Set.of(), Optional.empty());
    }
}
