package dev.trustlock.core.policy;

/** How bad a finding is; ordered most severe first so that sorted output leads with errors. */
public enum Severity {
    ERROR,
    WARNING,
    NOTE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<Severity> fromId(String id) {
        for (Severity s : values()) {
            if (s.id().equals(id)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
