package dev.trustlock.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The string rules that decide subjects, integrity and workflow paths, on hand-written cases. */
class SubjectAndIdentityParsingTest {

    private static final byte[] DIGEST = new byte[64];

    static {
        for (int i = 0; i < 64; i++) {
            DIGEST[i] = (byte) (i * 7 + 1);
        }
    }

    private static final String SRI = "sha512-" + Base64.getEncoder().encodeToString(DIGEST);
    private static final String HEX = HexFormat.of().formatHex(DIGEST);

    private static Statement statement(String subjectName, String hex) throws Failure {
        String json = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + subjectName
                + "\",\"digest\":{\"sha512\":\"" + hex + "\"}}],\"predicateType\":\"" + Statement.PROVENANCE_V1
                + "\",\"predicate\":{}}";
        return Statement.parse(Statement.PAYLOAD_TYPE, json.getBytes(StandardCharsets.UTF_8));
    }

    private static ReasonCode code(String subjectName, String hex, PackageRef pkg) {
        try {
            statement(subjectName, hex).checkSubject(pkg);
            return ReasonCode.OK;
        } catch (Failure f) {
            return f.code();
        }
    }

    @Test
    void scopedNamesArePercentEncodedInThePurl() {
        PackageRef scoped = new PackageRef("@scope/pkg", "1.2.3", SRI);
        assertEquals(ReasonCode.OK, code("pkg:npm/%40scope/pkg@1.2.3", HEX, scoped));
        assertEquals(ReasonCode.OK, code("pkg:npm/%40scope/pkg@1.2.3", HEX.toUpperCase(), scoped));
        assertEquals(ReasonCode.SUBJECT_NAME_MISMATCH, code("pkg:npm/%40scope/other@1.2.3", HEX, scoped));
        assertEquals(ReasonCode.SUBJECT_NAME_MISMATCH, code("pkg:pypi/%40scope/pkg@1.2.3", HEX, scoped));
        assertEquals(ReasonCode.SUBJECT_VERSION_MISMATCH, code("pkg:npm/%40scope/pkg@1.2.4", HEX, scoped));
        assertEquals(ReasonCode.SUBJECT_VERSION_MISMATCH, code("pkg:npm/%40scope/pkg", HEX, scoped));
        // Prerelease/build metadata: '+' in a version must not turn into a space.
        PackageRef build = new PackageRef("a", "1.0.0+build.1", SRI);
        assertEquals(ReasonCode.OK, code("pkg:npm/a@1.0.0+build.1", HEX, build));
    }

    @Test
    void digestMustEqualTheSha512OfTheIntegrity() {
        PackageRef pkg = new PackageRef("a", "1.0.0", SRI);
        String other = HEX.substring(0, 127) + (HEX.endsWith("0") ? "1" : "0");
        assertEquals(ReasonCode.SUBJECT_DIGEST_MISMATCH, code("pkg:npm/a@1.0.0", other, pkg));
        // Several SRI values: the sha512 among them counts.
        PackageRef multi = new PackageRef("a", "1.0.0", "sha1-AAAA " + SRI);
        assertEquals(ReasonCode.OK, code("pkg:npm/a@1.0.0", HEX, multi));
        assertEquals(ReasonCode.INTEGRITY_UNUSABLE, code("pkg:npm/a@1.0.0", HEX, new PackageRef("a", "1.0.0", "sha1-AAAA")));
        assertEquals(List.of(HEX), Statement.sha512Hex("  " + SRI + "  "));
    }

    @Test
    void statementShapeIsChecked() {
        assertEquals(ReasonCode.PAYLOAD_TYPE_UNSUPPORTED, assertThrows(Failure.class,
                () -> Statement.parse("text/plain", "{}".getBytes(StandardCharsets.UTF_8))).code());
        assertEquals(ReasonCode.STATEMENT_MALFORMED, assertThrows(Failure.class,
                () -> Statement.parse(Statement.PAYLOAD_TYPE, "{\"_type\":\"x\"}".getBytes(StandardCharsets.UTF_8))).code());
        assertEquals(ReasonCode.STATEMENT_MALFORMED, assertThrows(Failure.class, () -> Statement.parse(Statement.PAYLOAD_TYPE,
                "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[],\"predicateType\":\"p\"}"
                        .getBytes(StandardCharsets.UTF_8))).code());
    }

    @Test
    void workflowPathAndRefFromIdentityUris() {
        assertEquals(Optional.of(".github/workflows/publish.yml"), FulcioIdentity.workflowPath(
                "https://github.com/o/r/.github/workflows/publish.yml@refs/tags/v1.0.0"));
        assertEquals(Optional.of("refs/tags/v1.0.0"), FulcioIdentity.refOf(
                "https://github.com/o/r/.github/workflows/publish.yml@refs/tags/v1.0.0"));
        assertEquals(Optional.of(".gitlab-ci.yml"), FulcioIdentity.workflowPath(
                "https://gitlab.com/group/sub/project//.gitlab-ci.yml@refs/heads/main"));
        assertEquals(Optional.of("ci/release.yml"), FulcioIdentity.workflowPath(
                "https://git.example.com/o/r/ci/release.yml@refs/heads/main"));
        assertEquals(Optional.empty(), FulcioIdentity.workflowPath("someone@example.com"));
    }

    @Test
    void paeUsesByteLengths() {
        // "é" is two bytes in UTF-8: the length field must say 2, not 1.
        byte[] pae = Crypto.pae("t", "é".getBytes(StandardCharsets.UTF_8));
        assertEquals("DSSEv1 1 t 2 é", new String(pae, StandardCharsets.UTF_8));
    }
}
