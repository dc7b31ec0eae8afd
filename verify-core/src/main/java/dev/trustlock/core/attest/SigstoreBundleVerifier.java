package dev.trustlock.core.attest;

import dev.trustlock.core.trust.TrustMaterial;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies one standalone Sigstore bundle holding a DSSE in-toto attestation (a
 * {@code *.sigstore.json} file), with the same checks as {@link AttestationVerifier} but no
 * npm response around it: any predicate type, and by default any OIDC issuer (the caller
 * decides what identity it trusts from the result). Thread-safe; never throws on bad input.
 */
public final class SigstoreBundleVerifier {

    private final BundleChecker checker;
    private final Set<String> acceptedIssuers;

    public SigstoreBundleVerifier(TrustMaterial trust) {
        this(trust, Set.of());
    }

    /** acceptedIssuers empty means any issuer. */
    public SigstoreBundleVerifier(TrustMaterial trust, Set<String> acceptedIssuers) {
        this.checker = new BundleChecker(Objects.requireNonNull(trust, "trust"));
        this.acceptedIssuers = Set.copyOf(acceptedIssuers);
    }

    /** With expectedSubject, the statement must also name that npm package and its sha512. */
    public BundleVerification verify(byte[] bundleJson, Optional<PackageRef> expectedSubject) {
        Optional<PublishIdentity> identity = Optional.empty();
        try {
            ParsedBundle bundle = BundleParser.parse(Json.parse(bundleJson, ReasonCode.BUNDLE_MALFORMED, "bundle"));
            PublishIdentity.Builder id = bundle.leaf().map(FulcioIdentity::read).orElse(null);
            identity = Optional.ofNullable(id).map(PublishIdentity.Builder::build);
            Statement st = checker.check(bundle, acceptedIssuers, Optional.empty());
            if (expectedSubject.isPresent()) {
                st.checkSubject(expectedSubject.get());
            }
            if (id != null) {
                st.addBuildFields(id);
                identity = Optional.of(id.build());
            }
            return new BundleVerification(ReasonCode.OK, ReasonCode.OK.sentence(), identity,
                    Optional.of(st.predicateType()));
        } catch (Failure f) {
            return new BundleVerification(f.code(), f.code().describe(f.detail()), identity, Optional.empty());
        } catch (RuntimeException e) {
            return new BundleVerification(ReasonCode.BUNDLE_MALFORMED,
                    ReasonCode.BUNDLE_MALFORMED.describe("unexpected " + e.getClass().getSimpleName()), identity,
                    Optional.empty());
        }
    }
}
