package dev.trustlock.core.detect;

import dev.trustlock.core.policy.Severity;
import java.util.List;

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

    /** A registry publishes no signing keys: said once per registry, not once per package. */
    public static final String REGISTRY_UNSIGNED = "registry-unsigned";

    /** A registry's publish times contradict its versions: said once per registry. */
    public static final String REGISTRY_TIMES = "registry-times";

    /** Their catalogue entries. */
    static final List<RuleInfo> INFOS = List.of(
            new RuleInfo(REGISTRY_UNAVAILABLE, Severity.WARNING, "Registry gave no usable answer",
                    "The registry (or snapshot) could not be reached or answered with something unusable (timeout, "
                            + "server error, truncated or oversized body, redirect or attestation URL to another origin), "
                            + "so nothing about this package was checked. Re-run when the registry is reachable, or "
                            + "verify against a snapshot recorded with trustlock fetch. A trouble of the whole registry "
                            + "(it stopped answering, it serves no attestations although its packuments advertise them, "
                            + "the cache under --offline or the snapshot lacks the documents of several packages) is "
                            + "said once, about the project, naming the registry and how many packages it left "
                            + "unverifiable.",
                    "5.0"),
            new RuleInfo(INTEGRITY_MISMATCH, Severity.ERROR, "Lockfile integrity differs from the registry",
                    "The integrity the lockfile records for this version is not the one the registry publishes: the "
                            + "lockfile points at other bytes than the registry's release. Regenerate the lockfile from "
                            + "the registry and find out where the recorded tarball came from.",
                    "9.5"),
            new RuleInfo(NOT_FROM_REGISTRY, Severity.ERROR, "Not installed from a registry",
                    "The lockfile installs this package from git, a URL or a local path outside every configured "
                            + "registry, where no registry signature or provenance vouches for it (a lockfile edited in a "
                            + "pull request can point a name at any tarball). If the project really means it, list it "
                            + "under allowSources in the policy with a reason; otherwise regenerate the lockfile.",
                    "7.0"),
            new RuleInfo(REGISTRY_UNSIGNED, Severity.WARNING, "Registry publishes no signing keys",
                    "The registry these packages come from publishes no signing keys (GET /-/npm/v1/keys) and its "
                            + "packuments carry no signatures, so nothing but provenance can vouch for a version and the "
                            + "packages without provenance are UNVERIFIABLE. Said once per registry. Pass --npm-keys with "
                            + "the keys the registry signs with, or use a registry that signs (registry.npmjs.org does).",
                    "5.0"),
            new RuleInfo(REGISTRY_TIMES, Severity.WARNING, "Registry publish times contradict versions",
                    "The registry gives publish times (the packument's time field, which nothing signs) in which "
                            + "patch releases of one minor came out of order, x.y.3 before x.y.2, at least twice for a "
                            + "package: npm never records that, so the times were rewritten (a mirror that copies "
                            + "packuments, or one that lies). Those packages' times are not believed, and when a tenth "
                            + "of a registry's packages (two at least) are such, none of its times is: releases are "
                            + "compared in version order, a young dependency or a burst of releases cannot be seen, and "
                            + "a release is dated only by the transparency log's signed time of its provenance (with "
                            + "minimumReleaseAge, an undated release fails). Said once per registry. Use a registry "
                            + "whose packuments keep npm's times.",
                    "4.0"));

    private PipelineFindings() {
    }
}
