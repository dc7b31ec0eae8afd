package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyAttestationsCommandTest {

    private static final String SIGSTORE_INTEGRITY =
            "sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==";
    private static final String GUNDAM_INTEGRITY =
            "sha512-jZ15cvZ2UWx1AUqgdOEa5gTZjwtk7Gclph4oOP89qxYhGPpxQz+zHhVQ0wvQ3snQhs4DK5RFe1g5AMUHrPOcQA==";

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TrustlockCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String real(String relative) {
        return Fixtures.shared("real-world/" + relative).toString();
    }

    private static String[] trustArgs() {
        return new String[] {"--trusted-root", real("trust/sigstore-public-good.trusted_root.json"),
            "--npm-keys", real("trust/npm-registry.keys.json")};
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void verifiedIsExitZeroWithIdentityInJson() throws Exception {
        Run r = run(concat(new String[] {"verify-attestations", real("attestations/sigstore@1.0.0.json"),
            "--package", "sigstore@1.0.0", "--integrity", SIGSTORE_INTEGRITY, "--format", "json"}, trustArgs()));
        assertEquals(ExitCodes.OK, r.exit(), r.err() + r.out());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("VERIFIED", j.path("status").asText());
        assertEquals("OK", j.path("code").asText());
        assertEquals("https://github.com/sigstore/sigstore-js/.github/workflows/publish.yml@refs/tags/v1.0.0",
                j.path("identity").path("san").asText());
        assertEquals("https://token.actions.githubusercontent.com", j.path("identity").path("issuer").asText());
        assertEquals("https://github.com/sigstore/sigstore-js", j.path("identity").path("sourceRepository").asText());
        assertEquals(".github/workflows/publish.yml", j.path("identity").path("workflow").asText());
        assertEquals("refs/tags/v1.0.0", j.path("identity").path("ref").asText());
        assertEquals(2, j.path("attestations").size());
        for (JsonNode a : j.path("attestations")) {
            assertEquals("VERIFIED", a.path("status").asText());
        }
    }

    @Test
    void bundledTrustIsTheDefaultAndTextOutputNamesThePublisher() {
        Run r = run("verify-attestations", real("attestations/sigstore@1.0.0.json"),
                "--package", "sigstore@1.0.0", "--integrity", SIGSTORE_INTEGRITY);
        assertEquals(ExitCodes.OK, r.exit(), r.err() + r.out());
        assertTrue(r.out().startsWith("sigstore@1.0.0: VERIFIED"), r.out());
        assertTrue(r.out().contains("publisher:  https://github.com/sigstore/sigstore-js/.github/workflows/publish.yml"));
    }

    @Test
    void tamperedIsExitOneNamingTheSignature() throws Exception {
        Run r = run(concat(new String[] {"verify-attestations",
            real("attestations/gundam-visor@1.0.1.TAMPERED-provenance-signature.json"),
            "--package", "gundam-visor@1.0.1", "--integrity", GUNDAM_INTEGRITY, "--format", "json"}, trustArgs()));
        assertEquals(ExitCodes.FAILED, r.exit(), r.err() + r.out());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("INVALID", j.path("status").asText());
        assertEquals("DSSE_SIGNATURE_INVALID", j.path("code").asText());
        assertTrue(j.path("reason").asText().contains("signature"));
    }

    @Test
    void wrongIntegrityOrNoProvenanceIsExitOne(@TempDir Path tmp) throws Exception {
        Run wrong = run(concat(new String[] {"verify-attestations", real("attestations/sigstore@1.0.0.json"),
            "--package", "sigstore@1.0.0", "--integrity", GUNDAM_INTEGRITY}, trustArgs()));
        assertEquals(ExitCodes.FAILED, wrong.exit(), wrong.out());
        assertTrue(wrong.out().contains("SUBJECT_DIGEST_MISMATCH"), wrong.out());
        Path empty = Files.writeString(tmp.resolve("none.json"), "{\"attestations\":[]}");
        Run none = run("verify-attestations", empty.toString(), "--package", "x@1.0.0", "--integrity", SIGSTORE_INTEGRITY);
        assertEquals(ExitCodes.FAILED, none.exit());
        assertTrue(none.out().contains("NO_PROVENANCE"), none.out());
    }

    @Test
    void missingTrustKeyIsExitThree(@TempDir Path tmp) throws Exception {
        // npm keys without the 2022-2025 key that signed sigstore@1.0.0's publish attestation.
        ObjectMapper om = new ObjectMapper();
        JsonNode keys = om.readTree(Files.readAllBytes(Path.of(real("trust/npm-registry.keys.json"))));
        var filtered = om.createObjectNode();
        var arr = filtered.putArray("keys");
        keys.path("keys").forEach(k -> {
            if (!k.path("keyId").asText().startsWith("SHA256:jl3b")) {
                arr.add(k);
            }
        });
        Path file = tmp.resolve("keys.json");
        Files.write(file, om.writeValueAsBytes(filtered));
        Run r = run("verify-attestations", real("attestations/sigstore@1.0.0.json"), "--package", "sigstore@1.0.0",
                "--integrity", SIGSTORE_INTEGRITY, "--npm-keys", file.toString());
        assertEquals(ExitCodes.UNVERIFIABLE, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("PUBLISH_KEY_UNKNOWN"), r.out());
    }

    @Test
    void badInputIsExitTwo(@TempDir Path tmp) throws Exception {
        String att = real("attestations/sigstore@1.0.0.json");
        assertEquals(ExitCodes.USAGE, run("verify-attestations", tmp.resolve("nope.json").toString(),
                "--package", "a@1", "--integrity", SIGSTORE_INTEGRITY).exit());
        Run badPkg = run("verify-attestations", att, "--package", "sigstore", "--integrity", SIGSTORE_INTEGRITY);
        assertEquals(ExitCodes.USAGE, badPkg.exit());
        assertTrue(badPkg.err().contains("--package must be NAME@VERSION"), badPkg.err());
        assertEquals(ExitCodes.USAGE, run("verify-attestations", att, "--package", "sigstore@1.0.0",
                "--integrity", "sha1-abc").exit());
        assertEquals(ExitCodes.USAGE, run("verify-attestations", att, "--package", "sigstore@1.0.0",
                "--integrity", SIGSTORE_INTEGRITY, "--format", "xml").exit());
        assertEquals(ExitCodes.USAGE, run("verify-attestations", att, "--integrity", SIGSTORE_INTEGRITY).exit());
        Path badRoot = Files.writeString(tmp.resolve("root.json"), "{}");
        Run r = run("verify-attestations", att, "--package", "sigstore@1.0.0", "--integrity", SIGSTORE_INTEGRITY,
                "--trusted-root", badRoot.toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().startsWith("trustlock: " + badRoot + ":1:1: media type"), r.err());
    }

    @Test
    void helpTeachesWithExamples() {
        Run r = run("verify-attestations", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Examples:"));
        assertTrue(r.out().contains("--integrity"));
    }
}
