package dev.trustlock.core.policy;

import dev.trustlock.core.attest.VerificationResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reports what the cryptographic verification concluded when it is not a pass: INVALID is
 * always an error (something was forged or tampered with); UNVERIFIABLE takes the severity the
 * policy chooses, since it may be a missing key rather than an attack. NO_PROVENANCE is not a
 * failure here: whether provenance is required is {@link RequiredEvidenceRule}'s question.
 */
public final class VerificationRule implements Rule {

    public static final String INVALID = "verification-invalid";
    public static final String UNVERIFIABLE = "verification-unverifiable";

    @Override
    public String id() {
        return "verification";
    }

    @Override
    public List<Finding> check(CheckTarget target, Policy policy) {
        if (target.verification().isEmpty()) {
            return List.of();
        }
        VerificationResult r = target.verification().get();
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("status", r.status().name());
        evidence.put("code", r.code().name());
        return switch (r.status()) {
            case INVALID -> List.of(Finding.of(INVALID, Severity.ERROR, target,
                    "signature or attestation verification failed: " + r.reason(), evidence));
            case UNVERIFIABLE -> List.of(Finding.of(UNVERIFIABLE, policy.unverifiable(), target,
                    "signatures and attestations could not be verified either way: " + r.reason(), evidence));
            case VERIFIED, NO_PROVENANCE -> List.of();
        };
    }
}
