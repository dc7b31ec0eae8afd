package dev.trustlock.core.verify;

import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.RegistrySignatureVerifier;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.trust.TrustMaterial;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The cryptographic checks of one published version, all from its one parsed
 * {@link ReleaseRecord}: its attestations against the integrity the project installs, and its
 * registry signature over the registry's integrity. No check is skipped because unsigned
 * metadata is missing: without {@code time} the signature is placed by the log's signed time or
 * judged by today's keys, without {@code dist.integrity} it is checked against the lockfile's.
 */
final class ReleaseVerifier {

    /** Earlier releases verified to compare one with: a few tell the line's habit, and each costs a fetch. */
    static final int EARLIER_LIMIT = 3;

    private final RegistrySource registry;
    private final AttestationVerifier attestations;
    private final RegistrySignatureVerifier signatures;
    private final RegistrySigningLookup signing;
    /** name@version of earlier releases already verified in this run (attestations never change). */
    private final Map<String, VerificationResult> earlierVerified = new ConcurrentHashMap<>();
    private final Optional<VerifiedResults> verified;

    ReleaseVerifier(RegistrySource registry, TrustMaterial trust) {
        this(registry, trust, Optional.empty());
    }

    /** @param verified where verified attestation results are kept between runs */
    ReleaseVerifier(RegistrySource registry, TrustMaterial trust, Optional<VerifiedResults> verified) {
        this.verified = verified;
        this.registry = registry;
        this.attestations = new AttestationVerifier(trust);
        this.signatures = new RegistrySignatureVerifier(trust);
        this.signing = new RegistrySigningLookup(registry);
    }

    /**
     * @param integrity the integrity the attestations must name: the lockfile's, or the registry's
     *                  when the lockfile records none or only a sha1 that matched it
     */
    ReleaseCheck check(String name, ReleaseRecord release, String integrity) {
        VerificationResult provenance = attestations(name, release, integrity);
        Optional<Instant> signedAt = provenance.verified() ? provenance.loggedAt() : Optional.empty();
        Optional<String> signedIntegrity = release.integrity()
                .or(() -> IntegrityLink.sha512s(integrity).isEmpty() ? Optional.empty() : Optional.of(integrity));
        SignatureCheck signature = signedIntegrity.isEmpty()
                ? SignatureCheck.of(ReasonCode.INTEGRITY_UNUSABLE,
                        "the registry records no dist.integrity and the lockfile no sha512 to check its signature over",
                        Optional.empty())
                : signatures.verify(new PackageRef(name, release.version(), signedIntegrity.get()),
                        release.registrySignatures(), signedAt.or(release::publishedAt), signing.forPackage(name));
        return new ReleaseCheck(provenance, signature);
    }

    /**
     * The attestations of up to {@link #EARLIER_LIMIT} settled releases of {@code version}'s line
     * (see {@link PackageHistory#settledInLine}) that advertise provenance, most recently published
     * first, each verified against the registry's own integrity for it, stopping at the first
     * result {@code enough} accepts. By version.
     *
     * @param fetch starts fetching a release's attestations; the verification then reads them from
     *              this verifier's registry, which must answer from what was fetched
     * @param cpu   where verifications run when their fetch completes later
     */
    CompletableFuture<Map<String, VerificationResult>> earlier(String name, PackageHistory history, String version,
            Predicate<VerificationResult> enough, Function<ReleaseRecord, CompletableFuture<?>> fetch, Executor cpu) {
        return walk(name, earlierCandidates(history, version), 0, new LinkedHashMap<>(), enough, fetch, cpu);
    }

    /**
     * One candidate after the other, as a chain of futures: each one's attestations are fetched by
     * {@code fetch} (ahead of time for the first, without holding a thread for the others) and
     * verified on {@code cpu}, and only if the result is not {@code enough} is the next one asked for.
     */
    private CompletableFuture<Map<String, VerificationResult>> walk(String name, List<ReleaseRecord> candidates, int i,
            Map<String, VerificationResult> out, Predicate<VerificationResult> enough,
            Function<ReleaseRecord, CompletableFuture<?>> fetch, Executor cpu) {
        if (i == candidates.size()) {
            return CompletableFuture.completedFuture(out);
        }
        ReleaseRecord r = candidates.get(i);
        String key = name + "@" + r.version();
        VerificationResult known = earlierVerified.get(key);
        CompletableFuture<VerificationResult> result;
        if (known != null) {
            result = CompletableFuture.completedFuture(known);
        } else {
            CompletableFuture<?> fetched = fetch.apply(r);
            Function<Object, VerificationResult> verify = body -> earlierVerified.computeIfAbsent(key,
                    k -> attestations(name, r, r.integrity().get(), false));
            // Already there (fetched ahead): verify on this thread rather than queue behind others.
            result = fetched.isDone() ? fetched.thenApply(verify) : fetched.thenApplyAsync(verify, cpu);
        }
        return result.thenCompose(v -> {
            out.put(r.version(), v);
            return enough.test(v) ? CompletableFuture.completedFuture(out)
                    : walk(name, candidates, i + 1, out, enough, fetch, cpu);
        });
    }

    /**
     * The releases {@link #earlier} may verify, in the order it does: settled releases of the
     * line that advertise attestations and record an integrity, most recent first, at most
     * {@link #EARLIER_LIMIT}. The first is the one it verifies whenever it verifies any.
     */
    static List<ReleaseRecord> earlierCandidates(PackageHistory history, String version) {
        List<ReleaseRecord> line = history.settledInLine(version);
        List<ReleaseRecord> out = new ArrayList<>();
        for (int i = line.size() - 1; i >= 0 && out.size() < EARLIER_LIMIT; i--) {
            ReleaseRecord r = line.get(i);
            if (advertisesAttestations(r) && r.integrity().isPresent()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether the registry says it has attestations for this release: only then are they asked for. */
    static boolean advertisesAttestations(ReleaseRecord release) {
        return release.provenanceAdvertised() || release.attestationsUrl().isPresent();
    }

    private VerificationResult attestations(String name, ReleaseRecord release, String integrity) {
        return attestations(name, release, integrity, true);
    }

    /** @param whole all attestations, as a verdict needs; else only the provenance, as a baseline needs */
    private VerificationResult attestations(String name, ReleaseRecord release, String integrity, boolean whole) {
        if (!advertisesAttestations(release)) {
            return VerificationResult.of(ReasonCode.NO_ATTESTATIONS, name + "@" + release.version());
        }
        RegistryResult body = registry.attestations(name, release.version(), release.attestationsUrl());
        if (body instanceof RegistryResult.Found found) {
            PackageRef ref = new PackageRef(name, release.version(), integrity);
            VerifiedResults.Kind kind = whole ? VerifiedResults.Kind.WHOLE : VerifiedResults.Kind.PROVENANCE;
            Optional<VerificationResult> kept = verified.flatMap(v -> v.get(kind, name, release.version(), integrity,
                    found.body()));
            if (kept.isPresent()) {
                return kept.get();
            }
            VerificationResult result = whole ? attestations.verify(ref, found.body())
                    : attestations.verifyProvenance(ref, found.body());
            verified.ifPresent(v -> v.put(kind, name, release.version(), integrity, found.body(), result));
            return result;
        }
        if (body instanceof RegistryResult.Failed failed) {
            return VerificationResult.of(ReasonCode.REGISTRY_UNAVAILABLE, "attestations: "
                    + failed.reason().name().toLowerCase(Locale.ROOT) + ": " + failed.detail());
        }
        // Advertised but absent: the packument promises what the registry cannot show.
        return VerificationResult.of(ReasonCode.ATTESTATIONS_NOT_SERVED, name + "@" + release.version());
    }
}
