package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.RegistrySignatureVerifier;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.history.EvidenceLevel;
import dev.trustlock.core.history.PackageHistory;
import dev.trustlock.core.history.ReleaseRecord;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.Edge;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.policy.CheckTarget;
import dev.trustlock.core.policy.Evaluation;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.PolicyChecks;
import dev.trustlock.core.policy.Severity;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.registry.RegistrySource;
import dev.trustlock.core.sbom.Purls;
import dev.trustlock.core.trust.TrustMaterial;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Verifies every registry package of a dependency graph: packument and attestations from a
 * {@link RegistrySource}, the attestations and registry signatures against the trust material,
 * then the policy rules over the package's publish history. Fail-closed: whenever the registry
 * gives no usable answer the package is UNVERIFIABLE, never VERIFIED.
 *
 * <p>Packages are checked per name (one packument for all versions of a name) on at most
 * {@code concurrency} threads; the report is sorted, so the result does not depend on timing.
 */
public final class VerifyRun {

    /** Rule id of findings about packages the registry could not tell us about. */
    public static final String REGISTRY_UNAVAILABLE = "registry-unavailable";
    /** Rule id when the lockfile's integrity differs from the registry's for the same version. */
    public static final String INTEGRITY_MISMATCH = "integrity-mismatch";
    /** Rule id of the note for packages that do not come from a registry (git, tarball, local). */
    public static final String NOT_FROM_REGISTRY = "not-from-registry";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistrySource registry;
    private final AttestationVerifier attestations;
    private final RegistrySignatureVerifier signatures;
    private final Policy policy;
    private final PolicyChecks checks;
    private final int concurrency;

    public VerifyRun(RegistrySource registry, TrustMaterial trust, Policy policy, LocalDate today, int concurrency) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.attestations = new AttestationVerifier(trust);
        this.signatures = new RegistrySignatureVerifier(trust);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.checks = new PolicyChecks(policy, today);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = concurrency;
    }

    /** Verifies {@code graph}; {@code progress} receives the number of package names done so far. */
    public VerifyReport run(DependencyGraph graph, String source, String tool, Instant generatedAt,
            IntConsumer progress) {
        Set<PackageKey> direct = directDependencies(graph);
        SortedMap<String, List<PackageNode>> byName = new TreeMap<>();
        List<Finding> runFindings = new ArrayList<>();
        for (PackageNode n : graph.packages()) {
            if (n.source() == SourceType.REGISTRY) {
                byName.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n);
            } else {
                runFindings.add(new Finding(NOT_FROM_REGISTRY, Severity.NOTE, n.name(), n.version(),
                        "not installed from a registry (" + n.source().name().toLowerCase(java.util.Locale.ROOT)
                                + "), so there is no registry provenance to check",
                        new TreeMap<>(Map.of("resolved", n.resolved().orElse("")))));
            }
        }
        List<PackageVerdict> verdicts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, byName.size())), r -> {
            Thread t = new Thread(r, "trustlock-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<PackageVerdict>>> futures = new ArrayList<>();
            for (List<PackageNode> nodes : byName.values()) {
                futures.add(pool.submit(() -> verifyName(nodes, direct)));
            }
            int done = 0;
            for (Future<List<PackageVerdict>> f : futures) {
                verdicts.addAll(f.get());
                progress.accept(++done);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verification interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("verification failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return VerifyReport.of(tool, generatedAt, source, verdicts, runFindings);
    }

    /** Targets of edges leaving the root or a workspace: the project's own dependencies. */
    static Set<PackageKey> directDependencies(DependencyGraph graph) {
        Set<PackageKey> starts = new HashSet<>();
        starts.add(graph.root());
        graph.workspaces().forEach(w -> starts.add(w.key()));
        Set<PackageKey> direct = new HashSet<>();
        for (Edge e : graph.edges()) {
            if (starts.contains(e.from())) {
                direct.add(e.to());
            }
        }
        return direct;
    }

    private List<PackageVerdict> verifyName(List<PackageNode> nodes, Set<PackageKey> direct) {
        String name = nodes.get(0).name();
        RegistryResult result = registry.packument(name);
        PackageHistory history = null;
        String failure = null;
        JsonNode packument = null;
        if (result instanceof RegistryResult.Found found) {
            try {
                packument = JSON.readTree(found.body());
                history = PackageHistory.fromPackument(packument);
            } catch (IOException | IllegalArgumentException e) {
                failure = "the packument of " + name + " is not usable: " + oneLine(e.getMessage());
            }
        } else if (result instanceof RegistryResult.NotFound) {
            failure = "the registry has no package " + name;
        } else if (result instanceof RegistryResult.Failed failed) {
            failure = "packument of " + name + ": " + failed.reason().name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + failed.detail();
        }
        List<PackageVerdict> out = new ArrayList<>();
        for (PackageNode node : nodes) {
            out.add(failure != null
                    ? unavailable(node, failure)
                    : verifyVersion(node, history, packument.path("versions").path(node.version()),
                            packument.path("time").path(node.version()), direct.contains(node.key())));
        }
        return out;
    }

    private PackageVerdict verifyVersion(PackageNode node, PackageHistory history, JsonNode manifest, JsonNode time,
            boolean direct) {
        Optional<ReleaseRecord> release = history.release(node.version());
        List<Finding> extra = new ArrayList<>();
        VerificationResult result;
        if (release.isEmpty()) {
            result = of(ReasonCode.VERSION_NOT_IN_REGISTRY, node.name() + "@" + node.version());
        } else {
            Optional<String> registryIntegrity = release.get().integrity();
            Optional<String> integrity = node.integrity().or(() -> registryIntegrity);
            if (node.integrity().isPresent() && registryIntegrity.isPresent()) {
                String lock = node.integrity().get();
                Optional<Boolean> same = IntegrityLink.sameTarball(lock, registryIntegrity.get(),
                        text(manifest.path("dist").get("shasum")));
                if (same.isPresent() && !same.get()) {
                    TreeMap<String, String> ev = new TreeMap<>();
                    ev.put("lockfile", lock);
                    ev.put("registry", registryIntegrity.get());
                    extra.add(new Finding(INTEGRITY_MISMATCH, Severity.ERROR, node.name(), node.version(),
                            "the lockfile's integrity differs from the registry's for the same version", ev));
                } else if (same.isPresent() && IntegrityLink.sha512s(lock).isEmpty()) {
                    // An old lockfile records only sha1: once that matches the registry's record, the
                    // registry's sha512 (which its signature covers) names the same tarball.
                    integrity = registryIntegrity;
                }
            }
            result = verifyRelease(node, release.get(), integrity, registryIntegrity, manifest, time);
        }
        Evaluation evaluation = checks.check(CheckTarget.of(node.version(), history, Optional.of(result), direct));
        List<Finding> findings = new ArrayList<>(evaluation.findings());
        findings.addAll(extra);
        EvidenceLevel evidence = history.withVerification(node.version(), result).release(node.version())
                .map(ReleaseRecord::evidence).orElse(EvidenceLevel.NONE);
        return verdict(node, result, evidence, findings);
    }

    private VerificationResult verifyRelease(PackageNode node, ReleaseRecord release, Optional<String> integrity,
            Optional<String> registryIntegrity, JsonNode manifest, JsonNode time) {
        if (integrity.isEmpty()) {
            return of(ReasonCode.INTEGRITY_UNUSABLE, "neither the lockfile nor the registry records one");
        }
        Optional<SignatureCheck> signature = registrySignature(node, registryIntegrity, manifest, time);
        VerificationResult provenance;
        if (release.provenanceAdvertised() || release.attestationsUrl().isPresent()) {
            RegistryResult body = registry.attestations(node.name(), node.version(), release.attestationsUrl());
            if (body instanceof RegistryResult.Found found) {
                provenance = attestations.verify(new PackageRef(node.name(), node.version(), integrity.get()),
                        found.body());
            } else if (body instanceof RegistryResult.Failed failed) {
                provenance = of(ReasonCode.REGISTRY_UNAVAILABLE, "attestations: "
                        + failed.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + failed.detail());
            } else {
                // Advertised but absent: the packument promises what the registry cannot show.
                provenance = of(ReasonCode.REGISTRY_UNAVAILABLE,
                        "the packument advertises attestations the registry does not serve");
            }
        } else {
            provenance = of(ReasonCode.NO_ATTESTATIONS, node.name() + "@" + node.version());
        }
        return combine(provenance, signature);
    }

    /**
     * A forged registry signature outweighs anything else; without provenance, the registry
     * signature is the only evidence, so failing to check it leaves the package unverifiable.
     */
    static VerificationResult combine(VerificationResult provenance, Optional<SignatureCheck> signature) {
        if (signature.isEmpty() || signature.get().verified()) {
            return provenance;
        }
        SignatureCheck s = signature.get();
        if (s.status() == VerificationStatus.INVALID && provenance.status() != VerificationStatus.INVALID) {
            return new VerificationResult(VerificationStatus.INVALID, s.code(), s.reason(), provenance.identity(),
                    provenance.attestations());
        }
        if (provenance.status() == VerificationStatus.NO_PROVENANCE) {
            return new VerificationResult(s.status(), s.code(), s.reason(), provenance.identity(),
                    provenance.attestations());
        }
        return provenance;
    }

    /** The registry signs name@version:dist.integrity, so the registry's integrity is what is checked. */
    private Optional<SignatureCheck> registrySignature(PackageNode node, Optional<String> registryIntegrity,
            JsonNode manifest, JsonNode time) {
        Optional<Instant> publishedAt = instant(time);
        if (registryIntegrity.isEmpty() || publishedAt.isEmpty()) {
            return Optional.empty();
        }
        List<DistSignature> sigs = new ArrayList<>();
        for (JsonNode s : manifest.path("dist").path("signatures")) {
            String keyid = s.path("keyid").asText("");
            String sig = s.path("sig").asText("");
            if (!keyid.isEmpty() && !sig.isEmpty()) {
                sigs.add(new DistSignature(keyid, sig));
            }
        }
        return Optional.of(signatures.verify(new PackageRef(node.name(), node.version(), registryIntegrity.get()),
                sigs, publishedAt.get()));
    }

    private PackageVerdict unavailable(PackageNode node, String detail) {
        VerificationResult result = of(ReasonCode.REGISTRY_UNAVAILABLE, detail);
        TreeMap<String, String> ev = new TreeMap<>();
        ev.put("code", result.code().name());
        ev.put("detail", detail);
        Finding f = new Finding(REGISTRY_UNAVAILABLE, policy.unverifiable(), node.name(), node.version(),
                "could not verify: " + detail, ev);
        return verdict(node, result, EvidenceLevel.NONE, List.of(f));
    }

    private static PackageVerdict verdict(PackageNode node, VerificationResult r, EvidenceLevel evidence,
            List<Finding> findings) {
        return new PackageVerdict(node.name(), node.version(), Purls.of(node), node.integrity(), r.status(), r.code(),
                r.reason(), r.identity(), evidence, findings);
    }

    private static VerificationResult of(ReasonCode code, String detail) {
        return new VerificationResult(code.status(), code, code.describe(detail), Optional.empty(), List.of());
    }

    private static Optional<Instant> instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

}
