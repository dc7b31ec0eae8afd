package dev.trustlock.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Path;

/**
 * The attestations response and bundle parser, against the axios scenario's test PKI, with
 * seeds taken from that scenario's snapshot. The verifier must never throw, and must never
 * accept anything but an attestation of axios 1.14.0 by its own release workflow: a VERIFIED
 * result for a mutated body is only allowed where the mutation left every signed byte as it
 * was, so the certified identity is the release's.
 */
class AttestationsFuzzTest {

    private static final PackageRef AXIOS = new PackageRef("axios", "1.14.0",
            "sha512-eI+pvFUCgutOt4WNR4L/Gknw0j35FzwXrcl9DY3/jyIGRPjhcBAnBIAzyKD5zBMMJAq5o+N09wvlTp6YGaVlSQ==");
    private static final String SAN = "https://github.com/axios/axios/.github/workflows/publish.yml@refs/tags/v1.14.0";
    private static final AttestationVerifier VERIFIER = verifier();

    private static AttestationVerifier verifier() {
        Path trust = Fixtures.testdata("scenarios/axios-2026-03-31/snapshot/trust");
        try {
            return new AttestationVerifier(TrustMaterial.load(trust.resolve("trusted_root.json"), trust.resolve("keys.json")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void attestations(byte[] data) {
        VerificationResult r = VERIFIER.verify(AXIOS, data);
        if (r.verified()) {
            String san = r.identity().flatMap(i -> i.san()).orElse("");
            if (!san.equals(SAN)) {
                throw new AssertionError("FALSE ACCEPT: verified an attestation signed as " + san);
            }
        }
    }
}
