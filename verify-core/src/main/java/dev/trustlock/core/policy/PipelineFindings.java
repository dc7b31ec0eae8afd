package dev.trustlock.core.policy;

/**
 * Ids of the findings the verify pipeline itself reports, beside the rules': what it could not
 * fetch, and what the lockfile says that the registry contradicts. Listed here, with the rules,
 * so that an exception can name any finding.
 */
public final class PipelineFindings {

    /** The registry could not tell us about a package. */
    public static final String REGISTRY_UNAVAILABLE = "registry-unavailable";
    /** The lockfile's integrity differs from the registry's for the same version. */
    public static final String INTEGRITY_MISMATCH = "integrity-mismatch";
    /** The lockfile installs a package from outside every configured registry. */
    public static final String NOT_FROM_REGISTRY = "not-from-registry";

    private PipelineFindings() {
    }
}
