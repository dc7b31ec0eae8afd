package dev.trustlock.core.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.trust.TrustMaterial;
import java.time.Instant;
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
        return verify(pkg, attestationsResponseBody, true);
    }

    /**
     * Only the provenance attestation, to learn which build an earlier release certifies: the
     * identity rules compare a release with the builds of its line's earlier releases, and for
     * that the provenance (Fulcio certificate, log entry, signature, subject) is the evidence; the
     * registry's publish attestation of an old release adds nothing to it and would double the
     * cost of looking back; its log entry is checked by the signed entry timestamp, as a v0.1
     * bundle's is (see {@link BundleChecker#check(ParsedBundle, Set, Optional, boolean)}). A
     * result here is never a package's verdict.
     */
    public VerificationResult verifyProvenance(PackageRef pkg, byte[] attestationsResponseBody) {
        return verify(pkg, attestationsResponseBody, false);
    }

    private VerificationResult verify(PackageRef pkg, byte[] attestationsResponseBody, boolean publishRequired) {
        Objects.requireNonNull(pkg, "pkg");
        try {
            return verifyOrFail(pkg, attestationsResponseBody == null ? new byte[0] : attestationsResponseBody,
                    publishRequired);
        } catch (Failure f) {
            return VerificationResult.of(f.code(), f.detail());
        } catch (RuntimeException e) {
            // Fail closed on anything unforeseen in hostile input rather than escape the contract.
            return VerificationResult.of(ReasonCode.RESPONSE_MALFORMED, "unexpected " + e.getClass().getSimpleName());
        }
    }

    private VerificationResult verifyOrFail(PackageRef pkg, byte[] body, boolean publishRequired) throws Failure {
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
        Optional<Instant> publishLogged = Optional.empty();
        int provenanceCount = 0;
        int publishCount = 0;
        for (JsonNode a : list) {
            String listed = a.path("predicateType").isTextual() ? a.get("predicateType").asText() : "";
            boolean provenance = Statement.isProvenance(listed);
            boolean publish = Statement.PUBLISH_V01.equals(listed);
            if (!provenance && !publish) {
                // The registry may add predicates later; unchecked, they neither help nor hurt, so
                // adding one cannot turn a verified package into an unverifiable one.
                results.add(AttestationResult.of(listed, ReasonCode.PREDICATE_TYPE_IGNORED,
                        "'" + BundleParser.clip(listed) + "'"));
                continue;
            }
            provenanceCount += provenance ? 1 : 0;
            publishCount += publish ? 1 : 0;
            if (publish && !publishRequired) {
                continue;
            }
            AttestationResult r;
            PublishIdentity.Builder id = null;
            try {
                ParsedBundle bundle = BundleParser.parse(a.get("bundle"));
                if (provenance && bundle.leaf().isEmpty()) {
                    throw new Failure(ReasonCode.BUNDLE_MALFORMED, "a provenance bundle must carry a Fulcio certificate");
                }
                if (publish && bundle.keyHint().isEmpty()) {
                    throw new Failure(ReasonCode.BUNDLE_MALFORMED, "a publish bundle must name the npm key (publicKey.hint)");
                }
                if (provenance) {
                    id = FulcioIdentity.read(bundle.leaf().get());
                }
                Statement st = checker.check(bundle, provenance ? acceptedIssuers : Set.of(), Optional.of(listed),
                        !publishRequired);
                if (provenance) {
                    // Signed by now, but by the build: what it claims must match what Fulcio certified.
                    ProvenanceClaims.read(st).checkAgainst(id.build());
                    st.addBuildFields(id);
                }
                if (publish) {
                    st.checkPublishPredicate(pkg);
                    publishLogged = Optional.of(bundle.loggedAt());
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
        }
        return decide(results, identity, provenanceCount, publishRequired ? publishCount : 1, publishLogged);
    }

    /**
     * The one place the attestations of a package are judged: a forgery anywhere is INVALID, and
     * so is a doubled attestation or provenance without the publish attestation the registry
     * always adds (what slsa-verifier also refuses); then anything this version cannot check is
     * UNVERIFIABLE; provenance must be present to be VERIFIED.
     */
    private static VerificationResult decide(List<AttestationResult> results, Optional<PublishIdentity> identity,
            int provenanceCount, int publishCount, Optional<Instant> publishLogged) {
        Optional<AttestationResult> invalid = results.stream()
                .filter(r -> r.status() == VerificationStatus.INVALID).findFirst();
        if (invalid.isPresent()) {
            return result(invalid.get().code(), label(invalid.get()) + invalid.get().reason(), identity, results);
        }
        if (provenanceCount > 1 || publishCount > 1) {
            return result(ReasonCode.ATTESTATION_DUPLICATED, ReasonCode.ATTESTATION_DUPLICATED.describe(
                    provenanceCount + " provenance and " + publishCount + " publish attestations"), identity, results);
        }
        if (provenanceCount == 1 && publishCount == 0) {
            return result(ReasonCode.PUBLISH_ATTESTATION_MISSING, ReasonCode.PUBLISH_ATTESTATION_MISSING.describe(
                    "no " + Statement.PUBLISH_V01 + " attestation"), identity, results);
        }
        Optional<AttestationResult> unverifiable = results.stream()
                .filter(r -> r.status() == VerificationStatus.UNVERIFIABLE).findFirst();
        if (unverifiable.isPresent()) {
            return result(unverifiable.get().code(), label(unverifiable.get()) + unverifiable.get().reason(), identity,
                    results);
        }
        if (provenanceCount == 0) {
            return result(ReasonCode.PROVENANCE_MISSING, ReasonCode.PROVENANCE_MISSING.sentence(), identity, results);
        }
        return new VerificationResult(ReasonCode.OK, ReasonCode.OK.sentence(), identity, results, publishLogged);
    }

    private static VerificationResult result(ReasonCode code, String reason, Optional<PublishIdentity> identity,
            List<AttestationResult> results) {
        return new VerificationResult(code, reason, identity, results, Optional.empty());
    }

    private static String label(AttestationResult r) {
        return (Statement.PUBLISH_V01.equals(r.predicateType()) ? "publish attestation: " : "provenance attestation: ");
    }
}
