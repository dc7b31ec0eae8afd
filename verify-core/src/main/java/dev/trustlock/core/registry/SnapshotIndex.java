package dev.trustlock.core.registry;

import java.util.Comparator;
import java.util.Optional;

/** The shape of a snapshot's {@code index.json}, shared by {@link SnapshotWriter} and {@link SnapshotRegistry}. */
final class SnapshotIndex {

    static final String FILE = "index.json";
    static final String FORMAT = "trustlock-registry-snapshot";
    static final int VERSION = 1;
    static final String KEYS_FILE = "keys.json";

    enum Kind {
        KEYS("keys"), PACKUMENT("packument"), ATTESTATIONS("attestations");

        final String json;

        Kind(String json) {
            this.json = json;
        }

        static Optional<Kind> of(String s) {
            for (Kind k : values()) {
                if (k.json.equals(s)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One recorded answer. {@code found} false = the registry said 404 (no file). name and
     * version are "" where the kind has none.
     */
    record Entry(Kind kind, String name, String version, boolean found, Optional<String> file, Optional<String> sha256) {
        String key() {
            return key(kind, name, version);
        }

        static String key(Kind kind, String name, String version) {
            return kind.json + "\u0000" + name + "\u0000" + version;
        }
    }

    static final Comparator<Entry> ORDER = Comparator.comparing((Entry e) -> e.kind().ordinal())
            .thenComparing(Entry::name).thenComparing(Entry::version);

    private SnapshotIndex() {
    }
}
