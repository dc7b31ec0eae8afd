package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** dist.signatures recorded by npm/cli, checked against the recorded npm keys. */
class RegistrySignatureVerifierTest {

    private static final String KEYID = "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA";
    /** Inside the key's npm:signatures window (1999-01-01 .. 2025-01-29). */
    private static final Instant PUBLISHED = Instant.parse("2023-02-09T18:00:00Z");

    private static RegistrySignatureVerifier verifier;
    private static JsonNode entries;

    @BeforeAll
    static void load() throws Exception {
        verifier = new RegistrySignatureVerifier(RealWorldFixtures.trust());
        entries = RealWorldFixtures.manifest().path("registry_signatures").path("entries");
        assertTrue(entries.size() >= 3);
    }

    /** "name@version:integrity" split the way npm joins it. */
    private static PackageRef parse(String signed) {
        int colon = signed.indexOf(":sha");
        String head = signed.substring(0, colon);
        int at = head.lastIndexOf('@');
        return new PackageRef(head.substring(0, at), head.substring(at + 1), signed.substring(colon + 1));
    }

    @Test
    void everyRecordedSignatureVerifies() {
        for (JsonNode e : entries) {
            SignatureCheck c = verifier.verify(parse(e.path("signed").asText()),
                    List.of(new DistSignature(KEYID, e.path("sig").asText())), Optional.of(PUBLISHED), RegistrySigning.SIGNS);
            assertEquals(VerificationStatus.VERIFIED, c.status(), e.path("signed").asText() + ": " + c.reason());
            assertEquals(Optional.of(KEYID), c.keyid());
        }
    }

    @Test
    void changingAnyOneByteOfTheSignedStringFails() {
        int checked = 0;
        for (JsonNode e : entries) {
            String signed = e.path("signed").asText();
            PackageRef pkg = parse(signed);
            int nameEnd = pkg.name().length();
            int versionEnd = nameEnd + 1 + pkg.version().length();
            for (int i = 0; i < signed.length(); i++) {
                if (i == nameEnd || i == versionEnd) {
                    continue; // the separators are not part of any field
                }
                char c = signed.charAt(i);
                String mutated = signed.substring(0, i) + (c == 'A' ? 'B' : 'A') + signed.substring(i + 1);
                // Split at the original field boundaries, so the mutated byte stays in its field.
                PackageRef m = new PackageRef(mutated.substring(0, nameEnd), mutated.substring(nameEnd + 1, versionEnd),
                        mutated.substring(versionEnd + 1));
                assertEquals(mutated, m.name() + "@" + m.version() + ":" + m.integrity());
                SignatureCheck r = verifier.verify(m, List.of(new DistSignature(KEYID, e.path("sig").asText())), Optional.of(PUBLISHED), RegistrySigning.SIGNS);
                assertEquals(ReasonCode.REGISTRY_SIGNATURE_INVALID, r.code(), "accepted mutation at " + i + ": " + mutated);
                assertEquals(VerificationStatus.INVALID, r.status());
                checked++;
            }
        }
        assertTrue(checked > 300);
    }

    @Test
    void changingOneByteOfTheSignatureFails() {
        for (JsonNode e : entries) {
            byte[] sig = Base64.getDecoder().decode(e.path("sig").asText());
            for (int i = 0; i < sig.length; i++) {
                byte[] bad = sig.clone();
                bad[i] ^= 0x01;
                SignatureCheck r = verifier.verify(parse(e.path("signed").asText()),
                        List.of(new DistSignature(KEYID, Base64.getEncoder().encodeToString(bad))), Optional.of(PUBLISHED), RegistrySigning.SIGNS);
                assertEquals(VerificationStatus.INVALID, r.status(), "accepted a signature changed at byte " + i);
            }
        }
    }

    @Test
    void keyMustBeKnownAndValidAtPublishTime() {
        JsonNode e = entries.get(0);
        PackageRef pkg = parse(e.path("signed").asText());
        String sig = e.path("sig").asText();
        SignatureCheck unknown = verifier.verify(pkg, List.of(new DistSignature("SHA256:nope", sig)), Optional.of(PUBLISHED), RegistrySigning.SIGNS);
        assertEquals(ReasonCode.REGISTRY_KEY_UNKNOWN, unknown.code());
        assertEquals(VerificationStatus.UNVERIFIABLE, unknown.status());
        SignatureCheck late = verifier.verify(pkg, List.of(new DistSignature(KEYID, sig)), Optional.of(Instant.parse("2025-03-01T00:00:00Z")), RegistrySigning.SIGNS);
        assertEquals(ReasonCode.REGISTRY_KEY_NOT_VALID_AT_TIME, late.code());
        assertEquals(VerificationStatus.INVALID, late.status());
        assertEquals(ReasonCode.REGISTRY_SIGNATURE_REQUIRED,
                verifier.verify(pkg, List.of(), Optional.of(PUBLISHED), RegistrySigning.SIGNS).code());
        assertEquals(ReasonCode.REGISTRY_UNSIGNED,
                verifier.verify(pkg, List.of(), Optional.of(PUBLISHED), RegistrySigning.UNSIGNED).code());
        assertEquals(ReasonCode.REGISTRY_SIGNATURE_MISSING,
                verifier.verify(pkg, List.of(), Optional.of(PUBLISHED), RegistrySigning.UNKNOWN).code());
        assertEquals(VerificationStatus.INVALID, verifier.verify(pkg,
                List.of(new DistSignature(KEYID, "not base64!")), Optional.of(PUBLISHED), RegistrySigning.SIGNS).status());
    }

    @Test
    void oneGoodSignatureAmongUnknownKeysVerifies() {
        JsonNode e = entries.get(0);
        SignatureCheck c = verifier.verify(parse(e.path("signed").asText()), List.of(
                new DistSignature("SHA256:future-key", "MEUCIQ=="), new DistSignature(KEYID, e.path("sig").asText())),
                Optional.of(PUBLISHED), RegistrySigning.SIGNS);
        assertEquals(VerificationStatus.VERIFIED, c.status());
    }
}
