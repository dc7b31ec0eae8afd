package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycloneDxGraphReaderTest {

    @TempDir
    Path tmp;

    @Test
    void npmComponentsBecomeNodesWithTheirSha512AsIntegrityAndEdgesFromDependencies() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-512").digest("tarball".getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(digest);
        Path sbom = tmp.resolve("bom.json");
        Files.writeString(sbom, """
                {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
                 "metadata":{"component":{"type":"application","bom-ref":"app","name":"my-app","version":"2.0.0"}},
                 "components":[
                  {"type":"library","bom-ref":"b1","name":"core","group":"@babel","version":"7.0.0",
                   "purl":"pkg:npm/%40babel/core@7.0.0","hashes":[{"alg":"SHA-512","content":"HEX"}]},
                  {"type":"library","bom-ref":"g1","name":"gitdep","version":"1.0.0",
                   "purl":"pkg:npm/gitdep@1.0.0?vcs_url=git%2Bhttps://github.com/o/r.git%23abc"},
                  {"type":"library","bom-ref":"m1","name":"maven-thing","version":"1",
                   "purl":"pkg:maven/org.x/y@1"}],
                 "dependencies":[{"ref":"app","dependsOn":["b1","g1"]},{"ref":"b1","dependsOn":["g1"]}]}
                """.replace("HEX", hex));
        DependencyGraph g = new CycloneDxGraphReader().read(sbom);
        assertEquals(PackageKey.of("my-app", "2.0.0"), g.root());
        assertEquals(2, g.packages().size(), g.packages().toString());
        PackageNode babel = g.node(PackageKey.of("@babel/core", "7.0.0")).orElseThrow();
        assertEquals(SourceType.REGISTRY, babel.source());
        assertEquals(Optional.of("sha512-" + Base64.getEncoder().encodeToString(digest)), babel.integrity());
        PackageNode git = g.node(PackageKey.of("gitdep", "1.0.0")).orElseThrow();
        assertEquals(SourceType.GIT, git.source());
        assertTrue(git.resolved().orElseThrow().startsWith("git+https://github.com/o/r.git"));
        assertEquals(java.util.Set.of(babel.key(), git.key()), VerifyRun.directDependencies(g));
        assertEquals(1, g.edgesFrom(babel.key()).size());
    }

    @Test
    void aJsonFileThatIsNotCycloneDxIsAnInputError() throws Exception {
        Path notBom = tmp.resolve("x.json");
        Files.writeString(notBom, "{\"bomFormat\":\"SPDX\"}");
        LockfileException e = assertThrows(LockfileException.class, () -> new CycloneDxGraphReader().read(notBom));
        assertTrue(e.getMessage().contains("CycloneDX"), e.getMessage());
        Path noVersion = tmp.resolve("y.json");
        Files.writeString(noVersion, "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"purl\":\"pkg:npm/a\"}]}");
        assertThrows(LockfileException.class, () -> new CycloneDxGraphReader().read(noVersion));
    }

    @Test
    void nestedComponentsCountAndAnUnnamedRootTakesItsDirectorysName() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("shop-frontend"));
        Path sbom = dir.resolve("bom.json");
        Files.writeString(sbom, """
                {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
                 "components":[{"type":"library","name":"outer","version":"1.0.0","purl":"pkg:npm/outer@1.0.0",
                   "components":[{"type":"library","name":"inner","version":"2.0.0","purl":"pkg:npm/inner@2.0.0"}]}]}
                """);
        CycloneDxGraphReader reader = new CycloneDxGraphReader();
        DependencyGraph g = reader.read(sbom);
        assertEquals(PackageKey.of("shop-frontend", "0.0.0"), g.root());
        assertEquals(java.util.List.of("inner", "outer"), g.packages().stream().map(PackageNode::name).toList());
        assertEquals(dev.trustlock.core.lockfile.LockfileFormat.CYCLONEDX, reader.format());
    }

    @Test
    void aMalformedPurlIsRefusedNamingIt() throws Exception {
        Path sbom = tmp.resolve("bad-purl.json");
        Files.writeString(sbom, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":"
                + "[{\"type\":\"library\",\"name\":\"a\",\"purl\":\"pkg:npm/" + "x".repeat(100) + "@@@\"}]}");
        LockfileException e = assertThrows(LockfileException.class, () -> new CycloneDxGraphReader().read(sbom));
        assertTrue(e.getMessage().contains("..."), "a long purl is clipped: " + e.getMessage());
    }
}
