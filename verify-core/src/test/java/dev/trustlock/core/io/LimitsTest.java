package dev.trustlock.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.AttestationVerifier;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.testpki.SyntheticAttestations;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.LockfileFormat;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNames;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each limit of {@link Limits} that no other test exceeds, exceeded: the result is a clear
 * error naming the input, never a crash or a silent truncation. (Lockfile, packument and
 * document sizes, JSON depth, YAML aliases, bundle chains and signature counts are exceeded in
 * HostileLockfilesTest, SnapshotTest, VerifyLoopbackFaultsTest, RefusedInputsTest,
 * AdversarialRegistryTest and TamperMatrixTest.)
 */
class LimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aStringLongerThanTheLimitIsRefusedWithItsPosition() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("long"));
        Files.writeString(dir.resolve("package-lock.json"), "{\"lockfileVersion\": 3, \"name\": \""
                + "x".repeat(Limits.STRING_CHARS + 1) + "\", \"packages\": {}}");
        LockfileException e = assertThrows(LockfileException.class, () -> Lockfiles.read(dir, Optional.empty()));
        assertTrue(e.line() == 1 && e.getMessage().contains("length"), e.getMessage());
    }

    @Test
    void yamlNestedBeyondTheLimitIsRefusedWithItsPosition() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("deep"));
        StringBuilder y = new StringBuilder("lockfileVersion: '9.0'\npackages: ");
        y.append("[".repeat(Limits.YAML_DEPTH + 5)).append("]".repeat(Limits.YAML_DEPTH + 5)).append('\n');
        Files.writeString(dir.resolve("pnpm-lock.yaml"), y.toString());
        LockfileException e = assertThrows(LockfileException.class, () -> Lockfiles.read(dir, Optional.empty()));
        assertTrue(e.line() == 2 && e.column() > 0, e.getMessage());
    }

    @Test
    void moreDistinctPackagesThanTheLimitAreRefused() {
        DependencyGraph.Builder b = new DependencyGraph.Builder(LockfileFormat.NPM_PACKAGE_LOCK);
        b.root(new PackageNode(PackageKey.of("app", "1.0.0"), SourceType.ROOT, Optional.empty(), Optional.empty(),
                Optional.empty(), Collections.emptySortedSet(), Optional.of(""), false));
        for (int i = 0; i < Limits.PACKAGES; i++) {
            b.add(PackageNode.registry("p" + i, "1.0.0"));
        }
        LockfileException e = assertThrows(LockfileException.class,
                () -> PackageNames.check(tmp.resolve("package-lock.json"), b.build()));
        assertTrue(e.getMessage().contains(String.valueOf(Limits.PACKAGES)), e.getMessage());
    }

    @Test
    void bundlesBeyondTheLogEntryAndProofLimitsAreMalformed() throws Exception {
        TestPki pki = TestPki.shared();
        var files = pki.writeTrust(tmp.resolve("trust"));
        AttestationVerifier verifier = new AttestationVerifier(TrustMaterial.load(files.trustedRoot(), files.npmKeys()));
        SyntheticAttestations synth = new SyntheticAttestations(pki);
        var pkg = SyntheticAttestations.samplePackage();

        ObjectNode entries = synth.response(pkg, new SyntheticAttestations.Options());
        ArrayNode tlog = (ArrayNode) entries.at("/attestations/1/bundle/verificationMaterial/tlogEntries");
        for (int i = 0; i < Limits.TLOG_ENTRIES; i++) {
            tlog.add(tlog.get(0).deepCopy());
        }
        VerificationResult many = verifier.verify(pkg, JSON.writeValueAsBytes(entries));
        assertEquals(ReasonCode.BUNDLE_MALFORMED, many.code(), many.reason());

        ObjectNode proof = synth.response(pkg, new SyntheticAttestations.Options());
        ArrayNode hashes = (ArrayNode) proof.at("/attestations/1/bundle/verificationMaterial/tlogEntries/0/inclusionProof/hashes");
        for (int i = 0; i <= Limits.PROOF_HASHES; i++) {
            hashes.add(hashes.get(0).deepCopy());
        }
        VerificationResult long_ = verifier.verify(pkg, JSON.writeValueAsBytes(proof));
        assertEquals(ReasonCode.BUNDLE_MALFORMED, long_.code(), long_.reason());
    }
}
