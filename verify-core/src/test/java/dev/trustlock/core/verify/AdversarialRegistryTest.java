package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.LoopbackRegistryServer;
import dev.trustlock.core.registry.LoopbackRegistryServer.Fault;
import dev.trustlock.core.registry.NpmrcConfig;
import dev.trustlock.core.registry.RegistryClient;
import dev.trustlock.core.registry.RegistryClientOptions;
import dev.trustlock.core.registry.SnapshotWriter;
import dev.trustlock.core.testing.Fixtures;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A loopback registry serving mutated REAL responses (the recorded public-good attestations and
 * registry signatures of ../shared/fixtures/real-world), the way a compromised mirror could:
 * attestations swapped between packages and versions, signatures doubled, predicate types
 * renamed, certificate chains blown up, answers slowed or cut mid-body, trust material gone
 * stale. Each ends INVALID or UNVERIFIABLE with its own reason, in bounded time, over HTTP
 * through the real client.
 */
class AdversarialRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGSTORE = "sigstore";
    private static final String TUF = "tuf-js";
    private static final String PLAYWRIGHT = "@playwright/cli";
    private static final String NPM_SIGNATURE_KEY = "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA";

    private static Path realWorld;
    private static Path snapshot;
    private static Path project;
    private static TrustMaterial trust;
    private static Map<String, String> integrity;

    @BeforeAll
    static void recordTheRealResponses(@TempDir Path dir) throws Exception {
        realWorld = Fixtures.shared("real-world");
        JsonNode manifest = JSON.readTree(realWorld.resolve("MANIFEST.json").toFile());
        integrity = Map.of(
                SIGSTORE, manifestIntegrity(manifest, "attestations/sigstore@1.0.0.json"),
                TUF, manifestIntegrity(manifest, "attestations/tuf-js@1.0.0.json"),
                PLAYWRIGHT, manifestIntegrity(manifest, "attestations/@playwright__cli@0.1.1.json"));
        Map<String, String> signatures = new java.util.TreeMap<>();
        for (JsonNode s : manifest.path("registry_signatures").path("entries")) {
            signatures.put(s.path("signed").asText(), s.path("sig").asText());
        }
        snapshot = dir.resolve("snapshot");
        SnapshotWriter w = SnapshotWriter.create(snapshot, HostileRegistry.NPMJS, Map.of());
        ObjectNode lock = JSON.createObjectNode().put("name", "app").put("version", "1.0.0").put("lockfileVersion", 3);
        ObjectNode packages = lock.putObject("packages");
        ObjectNode deps = packages.putObject("").put("name", "app").put("version", "1.0.0").putObject("dependencies");
        for (String[] p : new String[][] {{SIGSTORE, "1.0.0", "sigstore@1.0.0"}, {TUF, "1.0.0", "tuf-js@1.0.0"},
                {PLAYWRIGHT, "0.1.1", "@playwright__cli@0.1.1"}}) {
            String sri = integrity.get(p[0]);
            String sig = signatures.getOrDefault(p[0] + "@" + p[1] + ":" + sri, "");
            w.addPackument(p[0], JSON.writeValueAsBytes(packument(p[0], p[1], sri, sig)));
            w.addAttestations(p[0], p[1], Files.readAllBytes(realWorld.resolve("attestations/" + p[2] + ".json")));
            packages.putObject("node_modules/" + p[0]).put("version", p[1]).put("integrity", sri)
                    .put("resolved", HostileRegistry.NPMJS + p[0] + "/-/x-" + p[1] + ".tgz");
            deps.put(p[0], p[1]);
        }
        w.addNoKeys(); // only two of the three recorded packages were registry-signed
        w.finish(Instant.parse("2026-01-01T00:00:00Z"));
        project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("package-lock.json"), JSON.writeValueAsString(lock));
        trust = TrustMaterial.load(realWorld.resolve("trust/sigstore-public-good.trusted_root.json"),
                realWorld.resolve("trust/npm-registry.keys.json"));
    }

    private static String manifestIntegrity(JsonNode manifest, String file) {
        for (JsonNode a : manifest.path("attestations")) {
            if (a.path("file").asText().equals(file)) {
                return a.path("integrity").asText();
            }
        }
        throw new AssertionError("no " + file + " in the manifest");
    }

    private static ObjectNode packument(String name, String version, String sri, String signature) {
        ObjectNode doc = JSON.createObjectNode().put("name", name);
        doc.putObject("dist-tags").put("latest", version);
        ObjectNode v = doc.putObject("versions").putObject(version).put("name", name).put("version", version);
        v.putObject("_npmUser").put("name", "GitHub Actions").put("email", "npm-oidc-no-reply@github.com");
        ObjectNode dist = v.putObject("dist").put("integrity", sri);
        if (!signature.isEmpty()) {
            dist.putArray("signatures").addObject().put("keyid", NPM_SIGNATURE_KEY).put("sig", signature);
        }
        dist.putObject("attestations").put("url", HostileRegistry.NPMJS + "-/npm/v1/attestations/" + name + "@" + version)
                .putObject("provenance").put("predicateType", "https://slsa.dev/provenance/v1");
        doc.putObject("time").put(version, "2025-01-01T00:00:00.000Z");
        return doc;
    }

    private static VerifyReport verify(LoopbackRegistryServer server, TrustMaterial with, Path cache) throws Exception {
        NpmrcConfig config = NpmrcConfig.load(Optional.empty(), Optional.empty(),
                Map.of("npm_config_registry", server.baseUrl().toString()));
        RegistryClientOptions options = RegistryClientOptions.defaults().withRequestTimeout(Duration.ofSeconds(1))
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20));
        RegistryClient client = new RegistryClient(config, Optional.of(new dev.trustlock.core.registry.RegistryCache(cache,
                dev.trustlock.core.io.CacheSeal.withSecret("tests"))), options);
        return new VerifyRun(client, with, Policy.EMPTY, LocalDate.of(2026, 1, 1), 4)
                .run(Lockfiles.read(project, Optional.empty()), "project", "t", Instant.EPOCH, RunProgress.NONE);
    }

    private static PackageVerdict verdict(VerifyReport r, String name) {
        return r.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static String attestationsPath(String name, String version) {
        return "/-/npm/v1/attestations/" + name.replace("/", "%2f") + "@" + version;
    }

    private static byte[] recorded(String file) throws Exception {
        return Files.readAllBytes(realWorld.resolve("attestations/" + file + ".json"));
    }

    /** A recorded response with one edit applied. */
    private static byte[] edited(String file, java.util.function.Consumer<ArrayNode> edit) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(recorded(file));
        edit.accept((ArrayNode) doc.get("attestations"));
        return JSON.writeValueAsBytes(doc);
    }

    @Test
    void unmutatedTheRealResponsesVerify(@TempDir Path cache) throws Exception {
        try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(snapshot)) {
            VerifyReport r = verify(server, trust, cache);
            for (PackageVerdict p : r.packages()) {
                assertEquals(VerificationStatus.VERIFIED, p.status(), p.name() + ": " + p.reason());
            }
        }
    }

    static Stream<Arguments> mutations() throws Exception {
        return Stream.of(
                Arguments.of("attestations of another package", SIGSTORE, ReasonCode.SUBJECT_NAME_MISMATCH,
                        (Function<LoopbackRegistryServer, Object>) s -> s.fault(attestationsPath(SIGSTORE, "1.0.0"),
                                new Fault.Body(uncheck(() -> recorded("tuf-js@1.0.0")))), Duration.ofSeconds(20)),
                Arguments.of("attestations of another version", SIGSTORE, ReasonCode.SUBJECT_VERSION_MISMATCH,
                        (Function<LoopbackRegistryServer, Object>) s -> s.fault(attestationsPath(SIGSTORE, "1.0.0"),
                                new Fault.Body(uncheck(() -> recorded("sigstore@2.3.1")))), Duration.ofSeconds(20)),
                Arguments.of("publish attestation renamed to an unknown predicate type", TUF,
                        ReasonCode.PUBLISH_ATTESTATION_MISSING,
                        (Function<LoopbackRegistryServer, Object>) s -> s.fault(attestationsPath(TUF, "1.0.0"),
                                new Fault.Body(uncheck(() -> edited("tuf-js@1.0.0", list -> list.forEach(a -> {
                                    if (a.path("predicateType").asText().contains("publish")) {
                                        ((ObjectNode) a).put("predicateType", "https://example.test/publish/v2");
                                    }
                                }))))), Duration.ofSeconds(20)),
                Arguments.of("provenance listed twice", PLAYWRIGHT, ReasonCode.ATTESTATION_DUPLICATED,
                        (Function<LoopbackRegistryServer, Object>) s -> s.fault(attestationsPath(PLAYWRIGHT, "0.1.1"),
                                new Fault.Body(uncheck(() -> edited("@playwright__cli@0.1.1",
                                        list -> list.add(list.get(1).deepCopy()))))), Duration.ofSeconds(20)),
                Arguments.of("a thousand certificates in the chain", SIGSTORE, ReasonCode.BUNDLE_MALFORMED,
                        (Function<LoopbackRegistryServer, Object>) s -> s.fault(attestationsPath(SIGSTORE, "1.0.0"),
                                new Fault.Body(uncheck(() -> edited("sigstore@1.0.0", list -> list.forEach(a -> {
                                    JsonNode chain = a.at("/bundle/verificationMaterial/x509CertificateChain/certificates");
                                    if (chain.isArray() && !chain.isEmpty()) {
                                        for (int i = 0; i < 1000; i++) {
                                            ((ArrayNode) chain).add(chain.get(0).deepCopy());
                                        }
                                    }
                                }))))), Duration.ofSeconds(20)),
                Arguments.of("a valid registry signature doubled by a forged one", SIGSTORE,
                        ReasonCode.REGISTRY_SIGNATURE_INVALID,
                        (Function<LoopbackRegistryServer, Object>) s -> s.fault("/" + SIGSTORE, new Fault.Body(uncheck(() -> {
                            ObjectNode p = (ObjectNode) JSON.readTree(Files.readAllBytes(snapshot.resolve(
                                    dev.trustlock.core.registry.SnapshotNames.packumentFile(SIGSTORE))));
                            ArrayNode sigs = (ArrayNode) p.at("/versions/1.0.0/dist/signatures");
                            ObjectNode forged = sigs.get(0).deepCopy();
                            byte[] der = Base64.getDecoder().decode(forged.get("sig").asText());
                            der[der.length - 1] ^= 1;
                            sigs.add(forged.put("sig", Base64.getEncoder().encodeToString(der)));
                            return JSON.writeValueAsBytes(p);
                        }))), Duration.ofSeconds(20)),
                Arguments.of("a slow attestations answer", TUF, ReasonCode.REGISTRY_UNAVAILABLE,
                        (Function<LoopbackRegistryServer, Object>) s -> s.fault(attestationsPath(TUF, "1.0.0"),
                                new Fault.Delay(Duration.ofSeconds(5))), Duration.ofSeconds(15)),
                Arguments.of("a body stalled halfway", PLAYWRIGHT, ReasonCode.REGISTRY_UNAVAILABLE,
                        (Function<LoopbackRegistryServer, Object>) s -> s.fault("/" + PLAYWRIGHT.replace("/", "%2f"),
                                new Fault.StallBody(Duration.ofSeconds(5))), Duration.ofSeconds(15)),
                Arguments.of("a connection reset mid-body", SIGSTORE, ReasonCode.REGISTRY_UNAVAILABLE,
                        (Function<LoopbackRegistryServer, Object>) s -> s.fault(attestationsPath(SIGSTORE, "1.0.0"),
                                new Fault.Truncated()), Duration.ofSeconds(15)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void eachMutationEndsInvalidOrUnverifiableWithItsOwnReasonInBoundedTime(String label, String target,
            ReasonCode expected, Function<LoopbackRegistryServer, Object> mutate, Duration bound, @TempDir Path cache)
            throws Exception {
        try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(snapshot)) {
            mutate.apply(server);
            VerifyReport r = assertTimeoutPreemptively(bound, () -> verify(server, trust, cache), label);
            PackageVerdict v = verdict(r, target);
            assertEquals(expected, v.code(), label + ": " + v.reason());
            assertTrue(v.status() == VerificationStatus.INVALID || v.status() == VerificationStatus.UNVERIFIABLE, label);
            // The untouched packages still verify: a fault stays where it was put.
            for (PackageVerdict other : r.packages()) {
                if (!other.name().equals(target)) {
                    assertEquals(VerificationStatus.VERIFIED, other.status(), label + ": " + other.name() + " " + other.reason());
                }
            }
        }
    }

    @Test
    void staleTrustMaterialLeavesRealPackagesUnverifiableNeverVerified(@TempDir Path tmp) throws Exception {
        // npm rotated its attestation key after this trust material was taken: the 2026 package's
        // publish attestation names a key it does not know.
        ObjectNode keys = (ObjectNode) JSON.readTree(realWorld.resolve("trust/npm-registry.keys.json").toFile());
        ArrayNode list = (ArrayNode) keys.get("keys");
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).path("keyUsage").asText().equals("npm:attestations")
                    && list.get(i).path("publicKey").path("validFor").path("end").isMissingNode()) {
                list.remove(i);
            }
        }
        Path stale = Files.write(tmp.resolve("stale-keys.json"), JSON.writeValueAsBytes(keys));
        TrustMaterial old = TrustMaterial.load(realWorld.resolve("trust/sigstore-public-good.trusted_root.json"), stale);
        try (LoopbackRegistryServer server = LoopbackRegistryServer.serve(snapshot)) {
            PackageVerdict p = verdict(verify(server, old, tmp.resolve("cache")), PLAYWRIGHT);
            assertEquals(ReasonCode.PUBLISH_KEY_UNKNOWN, p.code(), p.reason());
            assertEquals(VerificationStatus.UNVERIFIABLE, p.status());
        }
    }

    private interface Io<T> {
        T get() throws Exception;
    }

    private static <T> T uncheck(Io<T> io) {
        try {
            return io.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
