package dev.trustlock.core.report;

import dev.trustlock.core.policy.PipelineFindings;
import dev.trustlock.core.policy.IdentityMismatchRule;
import dev.trustlock.core.policy.MissingGitHeadRule;
import dev.trustlock.core.policy.NewDependencyRule;
import dev.trustlock.core.policy.NewInstallScriptRule;
import dev.trustlock.core.policy.PolicyChecks;
import dev.trustlock.core.policy.PublisherChangeRule;
import dev.trustlock.core.policy.RequiredEvidenceRule;
import dev.trustlock.core.policy.TrustDowngradeRule;
import dev.trustlock.core.policy.VerificationRule;
import dev.trustlock.core.verify.VerifyRun;
import java.util.Map;
import java.util.TreeMap;

/**
 * A title and help text per finding rule id, for formats that describe their rules (SARIF's
 * {@code reportingDescriptor}). Ids the catalogue does not know (a rule added later) still get
 * a usable entry, so a new rule never breaks a report.
 */
final class RuleCatalog {

    /** What a rule is about and what to do about a finding of it. */
    record Entry(String id, String title, String help, String securitySeverity) {
    }

    /**
     * GitHub code scanning's {@code security-severity} (a CVSS-like 0.0-10.0 score) per rule: it
     * ranks alerts as critical / high / medium / low. Forged or mismatched material is critical,
     * the axios-style signals high, the could-not-check ones medium, bookkeeping low.
     */
    private static final Map<String, String> SECURITY_SEVERITY = Map.ofEntries(
            Map.entry(VerificationRule.INVALID, "9.5"),
            Map.entry(PipelineFindings.INTEGRITY_MISMATCH, "9.5"),
            Map.entry(IdentityMismatchRule.ID, "8.5"),
            Map.entry(TrustDowngradeRule.ID, "8.0"),
            Map.entry(NewInstallScriptRule.ID, "7.5"),
            Map.entry(PublisherChangeRule.ID, "7.0"),
            Map.entry(NewDependencyRule.ID, "6.0"),
            Map.entry(MissingGitHeadRule.ID, "5.5"),
            Map.entry(RequiredEvidenceRule.ID, "5.0"),
            Map.entry(VerificationRule.UNVERIFIABLE, "5.0"),
            Map.entry(PipelineFindings.REGISTRY_UNAVAILABLE, "5.0"),
            Map.entry(PolicyChecks.UNKNOWN_VERSION, "4.0"),
            Map.entry(NewInstallScriptRule.CHANGED, "4.0"),
            Map.entry(PolicyChecks.EXCEPTION_EXPIRED, "3.0"),
            Map.entry(PipelineFindings.NOT_FROM_REGISTRY, "7.0"));

    private static final Map<String, Entry> KNOWN = new TreeMap<>();

    static {
        add(VerificationRule.INVALID, "Signature or attestation verification failed",
                "A registry signature, Sigstore certificate, transparency-log proof or attested digest did not verify: "
                        + "the package's provenance is forged, tampered with or describes another tarball. "
                        + "Do not install this version; compare it with the registry and report it to its maintainers.");
        add(VerificationRule.UNVERIFIABLE, "Signatures and attestations could not be verified",
                "trustlock could not establish trust either way: the registry gave no usable answer, or a key, "
                        + "certificate authority or transparency log is not in the trusted material. Re-run with "
                        + "network access or a fresh snapshot, or refresh trust material with trustlock trust-update.");
        add(RequiredEvidenceRule.ID, "Evidence below what the policy requires",
                "The policy requires a minimum evidence level (registry signature, provenance or trusted publisher) "
                        + "for this package and this version has less. Ask the maintainers to publish with provenance, "
                        + "or record a policy exception with a reason and an expiry date.");
        add(IdentityMismatchRule.ID, "Provenance identity differs from the policy",
                "The provenance says the package was built from another repository, workflow, ref, OIDC issuer or "
                        + "runner environment than trustlock.yaml expects. Treat it as a possible account or "
                        + "pipeline takeover until the maintainers confirm the change, then update the policy.");
        add(TrustDowngradeRule.ID, "Trust downgrade within a release line",
                "This version has weaker publish evidence than an earlier release of the same line: it lacks the "
                        + "provenance that release had (trusted publisher > provenance > registry signature; provenance "
                        + "that does not verify counts as none). Legitimate releases rarely lose provenance; a publish "
                        + "from a stolen token typically does. Pin the last strong version until explained.");
        add(PublisherChangeRule.ID, "Publisher changed",
                "The npm account name or e-mail that published this version differs from the recent releases of "
                        + "the line. Check with the maintainers that the new publisher is expected.");
        add(MissingGitHeadRule.ID, "No gitHead although earlier releases had one",
                "Releases published from a git checkout record the commit (gitHead); this one does not while "
                        + "earlier releases did, which suggests a publish from outside the usual pipeline.");
        add(NewInstallScriptRule.ID, "New install script",
                "This version adds a preinstall, install or postinstall script that the previous release of the "
                        + "line did not have. Install scripts run with the installing user's rights; review it "
                        + "before installing, or install with --ignore-scripts.");
        add(NewInstallScriptRule.CHANGED, "Install script changed",
                "An install script differs from the previous release of the line. Review the new command.");
        add(NewDependencyRule.ID, "New dependency",
                "This version depends on a package the previous release of the line did not. Attackers add a "
                        + "dependency to deliver their payload; check that the new dependency is expected.");
        add(PipelineFindings.REGISTRY_UNAVAILABLE, "Registry gave no usable answer",
                "The registry (or snapshot) could not be reached or answered with something unusable (timeout, "
                        + "server error, truncated or oversized body, redirect or attestation URL to another origin), "
                        + "so nothing about this package was checked. Re-run when the registry is reachable, or "
                        + "verify against a snapshot recorded with trustlock fetch.");
        add(PipelineFindings.INTEGRITY_MISMATCH, "Lockfile integrity differs from the registry",
                "The integrity the lockfile records for this version is not the one the registry publishes: the "
                        + "lockfile points at other bytes than the registry's release. Regenerate the lockfile from "
                        + "the registry and find out where the recorded tarball came from.");
        add(PipelineFindings.NOT_FROM_REGISTRY, "Not installed from a registry",
                "The lockfile installs this package from git, a URL or a local path outside every configured "
                        + "registry, where no registry signature or provenance vouches for it (a lockfile edited in a "
                        + "pull request can point a name at any tarball). If the project really means it, list it "
                        + "under allowSources in the policy with a reason; otherwise regenerate the lockfile.");
        add(PolicyChecks.UNKNOWN_VERSION, "Version not listed by the registry",
                "The registry does not list this version, so its publish history cannot be checked. It may have "
                        + "been unpublished (often after a compromise) or come from another registry.");
        add(PolicyChecks.EXCEPTION_EXPIRED, "Policy exception expired",
                "A policy exception for this package has passed its expiry date, so the findings it covered are "
                        + "reported again. Renew it with a reason or fix the underlying finding.");
    }

    private RuleCatalog() {
    }

    private static void add(String id, String title, String help) {
        KNOWN.put(id, new Entry(id, title, help, SECURITY_SEVERITY.getOrDefault(id, "5.0")));
    }

    static Entry of(String ruleId) {
        Entry known = KNOWN.get(ruleId);
        return known != null ? known
                : new Entry(ruleId, "trustlock check " + ruleId,
                        "A trustlock verify finding of rule " + ruleId + "; the result message explains it.", "5.0");
    }
}
