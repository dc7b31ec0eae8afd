package dev.trustlock.core.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.trust.TrustMaterial;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the body of {@code GET /-/npm/v1/attestations/<name>@<version>} for one package:
 * the SLSA provenance bundle and (when present) the npm publish attestation, offline, against
 * the given trust material. Thread-safe. Never throws on bad input: everything ends in a
 * {@link VerificationResult}, and nothing is VERIFIED unless every check passed.
 */
public final class AttestationVerifier {

    /** OIDC issuers npm accepts for provenance: GitHub Actions and GitLab CI. */
    public static final Set<String> DEFAULT_ACCEPTED_ISSUERS =
            Set.of("https://token.actions.githubusercontent.com", "https://gitlab.com");

    private final BundleChecker checker;
    private final Set<String> acceptedIssuers;

    public AttestationVerifier(TrustMaterial trust) {
        this(trust, DEFAULT_ACCEPTED_ISSUERS);
    }

    /** With a different set of accepted OIDC issuers for the provenance certificate. */
    public AttestationVerifier(TrustMaterial trust, Set<String> acceptedIssuers) {
        this.checker = new BundleChecker(Objects.requireNonNull(trust, "trust"));
        this.acceptedIssuers = Set.copyOf(acceptedIssuers);
    }

    public VerificationResult verify(PackageRef pkg, byte[] attestationsResponseBody) {
        Objects.requireNonNull(pkg, "pkg");
        try {
            return verifyOrFail(pkg, attestationsResponseBody == null ? new byte[0] : attestationsResponseBody);
        } catch (Failure f) {
            return VerificationResult.of(f.code(), f.detail());
        } catch (RuntimeException e) {
            // Fail closed on anything unforeseen in hostile input rather than escape the contract.
            return VerificationResult.of(ReasonCode.RESPONSE_MALFORMED, "unexpected " + e.getClass().getSimpleName());
        }
    }

    private VerificationResult verifyOrFail(PackageRef pkg, byte[] body) throws Failure {
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return VerificationResult.of(ReasonCode.NO_ATTESTATIONS, "empty response");
        }
        JsonNode doc = Json.parse(body, ReasonCode.RESPONSE_MALFORMED, "response");
        JsonNode list = doc.get("attestations");
        if (list == null) {
            // The registry's 404 body: {"error":"Not found"} or {"message":"..."}.
            if (doc.has("error") || doc.has("message")) {
                return VerificationResult.of(ReasonCode.NO_ATTESTATIONS, "registry said not found");
            }
            throw new Failure(ReasonCode.RESPONSE_MALFORMED, "no \"attestations\" array");
        }
        if (!list.isArray()) {
            throw new Failure(ReasonCode.RESPONSE_MALFORMED, "\"attestations\" is not an array");
        }
        if (list.isEmpty()) {
            return VerificationResult.of(ReasonCode.NO_ATTESTATIONS, "empty attestations array");
        }

        List<AttestationResult> results = new ArrayList<>();
        Optional<PublishIdentity> identity = Optional.empty();
        boolean sawProvenance = false;
        AttestationResult firstInvalid = null;
        AttestationResult firstUnverifiable = null;
        for (JsonNode a : list) {
            String listed = a.path("predicateType").isTextual() ? a.get("predicateType").asText() : "";
            boolean provenance = Statement.isProvenance(listed);
            boolean publish = Statement.PUBLISH_V01.equals(listed);
            if (!provenance && !publish) {
                // Other predicates may be added by the registry; they neither help nor hurt.
                results.add(new AttestationResult(listed, VerificationStatus.UNVERIFIABLE,
                        ReasonCode.PREDICATE_TYPE_UNSUPPORTED, ReasonCode.PREDICATE_TYPE_UNSUPPORTED.describe(
                                "'" + BundleParser.clip(listed) + "' is not checked")));
                continue;
            }
            sawProvenance |= provenance;
            AttestationResult r;
            PublishIdentity.Builder id = null;
            try {
                ParsedBundle bundle = BundleParser.parse(a.get("bundle"));
                if (provenance && bundle.leaf().isPresent()) {
                    id = FulcioIdentity.read(bundle.leaf().get());
                }
                if (provenance && bundle.leaf().isEmpty()) {
                    throw new Failure(ReasonCode.BUNDLE_MALFORMED, "a provenance bundle must carry a Fulcio certificate");
                }
                if (publish && bundle.keyHint().isEmpty()) {
                    throw new Failure(ReasonCode.BUNDLE_MALFORMED, "a publish bundle must name the npm key (publicKey.hint)");
                }
                Statement st = checker.check(bundle, provenance ? acceptedIssuers : Set.of(), Optional.of(listed));
                if (id != null) {
                    // Signed by now: the build fields are worth reporting even if the subject is wrong.
                    st.addBuildFields(id);
                }
                if (publish) {
                    st.checkPublishPredicate(pkg);
                }
                st.checkSubject(pkg);
                r = AttestationResult.of(listed, ReasonCode.OK, "");
            } catch (Failure f) {
                r = AttestationResult.of(listed, f.code(), f.detail());
            } catch (RuntimeException e) {
                // Out-of-range values deep in a bundle (times, sizes) end here: fail closed, per bundle.
                r = AttestationResult.of(listed, ReasonCode.BUNDLE_MALFORMED, "unexpected " + e.getClass().getSimpleName());
            }
            if (id != null && identity.isEmpty()) {
                identity = Optional.of(id.build());
            }
            results.add(r);
            if (r.status() == VerificationStatus.INVALID && firstInvalid == null) {
                firstInvalid = r;
            } else if (r.status() != VerificationStatus.VERIFIED && r.status() != VerificationStatus.INVALID
                    && firstUnverifiable == null) {
                firstUnverifiable = r;
            }
        }
        AttestationResult decisive = firstInvalid != null ? firstInvalid : firstUnverifiable;
        if (decisive != null) {
            return new VerificationResult(decisive.status(), decisive.code(), label(decisive) + decisive.reason(),
                    identity, results);
        }
        if (!sawProvenance) {
            return new VerificationResult(VerificationStatus.NO_PROVENANCE, ReasonCode.PROVENANCE_MISSING,
                    ReasonCode.PROVENANCE_MISSING.sentence(), identity, results);
        }
        return new VerificationResult(VerificationStatus.VERIFIED, ReasonCode.OK, ReasonCode.OK.sentence(), identity,
                results);
    }

    private static String label(AttestationResult r) {
        return (Statement.PUBLISH_V01.equals(r.predicateType()) ? "publish attestation: " : "provenance attestation: ");
    }
}
