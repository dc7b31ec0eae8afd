package dev.trustlock.core.verify;

import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Suppressed;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What verify concluded about one registry package of the project.
 *
 * @param purl      the package URL ({@code pkg:npm/%40scope/name@1.2.3})
 * @param integrity the SRI the lockfile or SBOM recorded, if any (the value checked against attestations)
 * @param code      the deciding reason ({@link ReasonCode#REGISTRY_UNAVAILABLE} for registry failures); the
 *                  status follows from it (UNVERIFIABLE also when the registry gave no usable answer)
 * @param reason    one sentence for a person
 * @param identity  who published it per the provenance certificate; trust it only when VERIFIED
 * @param evidence  the evidence level this version has after verification (NONE when unknown)
 * @param findings  this package's policy findings, sorted
 * @param publisher who the registry says published it ({@code _npmUser}: "name <e-mail>"), metadata only
 * @param approver  the maintainer who approved a staged publish ({@code _npmUser.approver}), metadata only
 * @param suppressed findings a policy exception covered, with the exception: kept so reports show them
 */
public record PackageVerdict(String name, String version, String purl, Optional<String> integrity,
        ReasonCode code, String reason, Optional<PublishIdentity> identity, EvidenceLevel evidence,
        List<Finding> findings, Optional<String> publisher, Optional<String> approver, List<Suppressed> suppressed) {

    /** Report order: by name, then version string. */
    public static final Comparator<PackageVerdict> ORDER = Comparator.comparing(PackageVerdict::name)
            .thenComparing(PackageVerdict::version);

    public PackageVerdict {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(purl, "purl");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(evidence, "evidence");
        findings = List.copyOf(findings.stream().sorted().toList());
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(approver, "approver");
        suppressed = List.copyOf(suppressed.stream().sorted().toList());
    }

    /** A verdict without publisher metadata (the registry did not list the version). */
    public PackageVerdict(String name, String version, String purl, Optional<String> integrity, ReasonCode code,
            String reason, Optional<PublishIdentity> identity, EvidenceLevel evidence, List<Finding> findings) {
        this(name, version, purl, integrity, code, reason, identity, evidence, findings, Optional.empty(),
                Optional.empty(), List.of());
    }

    /** The same verdict with other findings (a fold that moved some to the run, a diff that kept the new ones). */
    public PackageVerdict withFindings(List<Finding> other) {
        return new PackageVerdict(name, version, purl, integrity, code, reason, identity, evidence, other, publisher,
                approver, suppressed);
    }

    /** The cryptographic outcome, as the deciding code implies. */
    public VerificationStatus status() {
        return code.status();
    }
}
