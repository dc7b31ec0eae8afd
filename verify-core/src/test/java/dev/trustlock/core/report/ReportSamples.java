package dev.trustlock.core.report;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * A report with one package of every kind a renderer must handle: an axios-1.14.1-style
 * compromise (downgrade error plus warnings), a new install script, a verified trusted publish
 * with identity, a forged attestation (INVALID with its finding), a registry outage
 * (UNVERIFIABLE with no finding of its own, and with the run's registry-unavailable finding), a scoped name, markup and control characters in
 * messages, and a run-level finding about the project itself.
 */
final class ReportSamples {

    static final Instant AT = Instant.parse("2026-03-31T12:00:00Z");
    static final String SOURCE = "projects/shop app/package-lock.json";
    static final String SHA512 = "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]);

    private ReportSamples() {
    }

    static VerifyReport mixed() {
        return mixed(0);
    }

    /** The same report, with its inputs given in an order depending on {@code seed} (0 = as written). */
    static VerifyReport mixed(long seed) {
        List<PackageVerdict> packages = new ArrayList<>(verdicts());
        List<Finding> run = new ArrayList<>(runFindings());
        if (seed != 0) {
            Collections.shuffle(packages, new Random(seed));
            Collections.shuffle(run, new Random(seed));
        }
        return VerifyReport.of("trustlock 0.1.0", AT, SOURCE, packages, run);
    }

    static List<Finding> runFindings() {
        return List.of(finding("lockfile-partial", Severity.WARNING, "shop-app", "1.0.0",
                "2 dependencies of the lockfile are not installed", Map.of("missing", "2")));
    }

    static List<PackageVerdict> verdicts() {
        PublishIdentity identity = PublishIdentity.builder()
                .issuer("https://token.actions.githubusercontent.com")
                .san("https://github.com/acme/widgets/.github/workflows/publish.yml@refs/tags/v2.0.0")
                .sourceRepositoryUri("https://github.com/acme/widgets")
                .sourceRepositoryDigest("0123456789abcdef0123456789abcdef01234567")
                .workflow(".github/workflows/publish.yml")
                .ref("refs/tags/v2.0.0")
                .runnerEnvironment("github-hosted")
                .build();
        PublishIdentity forgedIdentity = PublishIdentity.builder()
                .san("https://github.com/evil/fork/.github/workflows/x.yml@refs/heads/main").build();
        return List.of(
                verdict("axios", "1.14.1", VerificationStatus.NO_PROVENANCE, ReasonCode.NO_ATTESTATIONS,
                        EvidenceLevel.REGISTRY_SIGNATURE_ONLY, Optional.empty(),
                        finding("trust-downgrade", Severity.ERROR, "axios", "1.14.1",
                                "published with registry-signature evidence after 1.14.0 had trusted-publisher evidence in release line 1",
                                Map.of("lastStrongVersion", "1.14.0", "line", "1")),
                        finding("publisher-change", Severity.WARNING, "axios", "1.14.1",
                                "publisher name and e-mail differ from the recent releases of line 1 (1.13.0, 1.14.0)",
                                Map.of("publisher", "jasonsaayman")),
                        finding("git-head-missing", Severity.WARNING, "axios", "1.14.1",
                                "no gitHead recorded although 1.14.0 of line 1 had one", Map.of()),
                        finding("new-dependency", Severity.WARNING, "axios", "1.14.1",
                                "adds dependency plain-crypto-js@^4.2.1 that 1.14.0 did not have",
                                Map.of("dependency", "plain-crypto-js", "range", "^4.2.1"))),
                verdict("plain-crypto-js", "4.2.1", VerificationStatus.NO_PROVENANCE, ReasonCode.NO_ATTESTATIONS,
                        EvidenceLevel.REGISTRY_SIGNATURE_ONLY, Optional.empty(),
                        finding("new-install-script", Severity.WARNING, "plain-crypto-js", "4.2.1",
                                "adds a postinstall script that 4.2.0 did not have: node setup.js && echo \"<done>\" & exit",
                                Map.of("script", "postinstall"))),
                verdict("@acme/widgets", "2.0.0", VerificationStatus.VERIFIED, ReasonCode.OK,
                        EvidenceLevel.TRUSTED_PUBLISHER, Optional.of(identity)),
                verdict("forged", "1.0.0", VerificationStatus.INVALID, ReasonCode.SUBJECT_DIGEST_MISMATCH,
                        EvidenceLevel.NONE, Optional.of(forgedIdentity),
                        finding("verification-invalid", Severity.ERROR, "forged", "1.0.0",
                                "signature or attestation verification failed: digest \u0001mismatch\u001b[31m",
                                Map.of("code", "SUBJECT_DIGEST_MISMATCH", "status", "INVALID"))),
                verdict("offline-pkg", "3.1.0", VerificationStatus.UNVERIFIABLE, ReasonCode.REGISTRY_UNAVAILABLE,
                        EvidenceLevel.NONE, Optional.empty()),
                verdict("flaky-registry", "0.9.0", VerificationStatus.UNVERIFIABLE, ReasonCode.REGISTRY_UNAVAILABLE,
                        EvidenceLevel.NONE, Optional.empty(),
                        finding("registry-unavailable", Severity.WARNING, "flaky-registry", "0.9.0",
                                "could not verify: HTTP 503 after 3 attempts", Map.of("code", "REGISTRY_UNAVAILABLE"))),
                verdict("left-pad", "1.3.0", VerificationStatus.NO_PROVENANCE, ReasonCode.NO_ATTESTATIONS,
                        EvidenceLevel.REGISTRY_SIGNATURE_ONLY, Optional.empty()));
    }

    static PackageVerdict verdict(String name, String version, VerificationStatus status, ReasonCode code,
            EvidenceLevel evidence, Optional<PublishIdentity> identity, Finding... findings) {
        if (code.status() != status) {
            throw new IllegalArgumentException(code + " is " + code.status() + ", not " + status);
        }
        return new PackageVerdict(name, version, ReportIndex.npmPurl(name, version), Optional.of(SHA512), code,
                code.sentence(), identity, evidence, List.of(findings));
    }

    static Finding finding(String rule, Severity severity, String name, String version, String message,
            Map<String, String> evidence) {
        return new Finding(rule, severity, name, version, message, new TreeMap<>(evidence));
    }
}
