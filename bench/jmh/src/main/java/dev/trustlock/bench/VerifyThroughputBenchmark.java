package dev.trustlock.bench;

import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.PackageRef;
import dev.trustlock.core.attest.RegistrySignatureVerifier;
import dev.trustlock.core.attest.RegistrySigning;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Offline verification throughput on one core: one operation = one package = its provenance
 * bundle + its publish bundle (2 Sigstore bundles) + one registry signature, on the recorded
 * public-good fixtures. Single-threaded, so ops/s is packages per second per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1"})
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
public class VerifyThroughputBenchmark {

    private static final String SIGSTORE_INTEGRITY =
            "sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==";
    private static final String SIGSTORE_SIG =
            "MEQCIBlpcHT68iWOpx8pJr3WUzD1EqQ7tb0CmY36ebbceR6IAiAVGRaxrFoyh0/5B7H1o4VFhfsHw9F8G+AxOZQq87q+lg==";
    private static final String REGISTRY_KEY = "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA";

    private AttestationVerifier attestations;
    private RegistrySignatureVerifier registry;
    private byte[] v01Body;
    private byte[] v03Body;
    private PackageRef sigstore;
    private PackageRef playwright;
    private List<DistSignature> sigs;
    private Instant published;

    @Setup(Level.Trial)
    public void load() throws Exception {
        Path dir = Path.of(System.getProperty("trustlock.fixtures", "../../../shared/fixtures")).resolve("real-world");
        TrustMaterial trust = TrustMaterial.load(dir.resolve("trust/sigstore-public-good.trusted_root.json"),
                dir.resolve("trust/npm-registry.keys.json"));
        attestations = new AttestationVerifier(trust);
        registry = new RegistrySignatureVerifier(trust);
        v01Body = Files.readAllBytes(dir.resolve("attestations/sigstore@1.0.0.json"));
        v03Body = Files.readAllBytes(dir.resolve("attestations/@playwright__cli@0.1.1.json"));
        sigstore = new PackageRef("sigstore", "1.0.0", SIGSTORE_INTEGRITY);
        playwright = new PackageRef("@playwright/cli", "0.1.1",
                "sha512-9k11ZfDwAfMVDDIuEVW1Wvs8SoDNXIY1dNQ+9C9/SS8ZmElkcxesu5eoL7vNa96ntibUGaq1TM2qQoqvdl/I9g==");
        sigs = List.of(new DistSignature(REGISTRY_KEY, SIGSTORE_SIG));
        published = Instant.parse("2023-02-09T18:00:00Z");
        // A benchmark of a failing path would measure nothing useful: check first.
        if (!packageV01().verified() || !attestations.verify(playwright, v03Body).verified()) {
            throw new IllegalStateException("fixtures do not verify; the benchmark would be meaningless");
        }
    }

    /** 2023-era package: bundle v0.1, intoto entries, SET only, legacy key; plus registry signature. */
    @Benchmark
    public VerificationResult packageV01() {
        SignatureCheck s = registry.verify(sigstore, sigs, Optional.of(published), RegistrySigning.SIGNS);
        if (!s.verified()) {
            throw new IllegalStateException(s.reason());
        }
        return attestations.verify(sigstore, v01Body);
    }

    /** 2026-era package: v0.2 publish + v0.3 provenance, dsse entries, inclusion proofs and checkpoints. */
    @Benchmark
    public VerificationResult packageV03() {
        SignatureCheck s = registry.verify(sigstore, sigs, Optional.of(published), RegistrySigning.SIGNS);
        if (!s.verified()) {
            throw new IllegalStateException(s.reason());
        }
        return attestations.verify(playwright, v03Body);
    }
}
