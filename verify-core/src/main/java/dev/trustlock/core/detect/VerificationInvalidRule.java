package dev.trustlock.core.detect;

import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.util.List;
import java.util.Map;

/**
 * Something was forged or tampered with: a signature, certificate, log proof or attested digest
 * did not verify, or an attestation the registry always adds is missing. Always an error.
 */
public final class VerificationInvalidRule implements Rule {

    public static final String ID = "verification-invalid";
    public static final RuleInfo INFO = new RuleInfo(ID, Severity.ERROR, "Signature or attestation verification failed",
            "A registry signature, Sigstore certificate, transparency-log proof or attested digest did not verify, "
                    + "or provenance came without the publish attestation the registry always adds: the package's "
                    + "provenance is forged, tampered with or describes another tarball. Do not install this version; "
                    + "compare it with the registry and report it to its maintainers.",
            "9.5");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> check(CheckTarget target, Policy policy) {
        return target.verification().filter(r -> r.status() == VerificationStatus.INVALID)
                .map(r -> List.of(Findings.of(ID, Severity.ERROR, target,
                        "signature or attestation verification failed: " + r.reason(), evidence(r))))
                .orElse(List.of());
    }

    static Map<String, String> evidence(VerificationResult r) {
        return Map.of("status", r.status().name(), "code", r.code().name());
    }
}
