package dev.trustlock.core.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.packageurl.PackageURL;
import dev.trustlock.core.lockfile.Lockfiles;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hand-written purl path equals packageurl-java's canonical form on every package we have. */
class PurlsTest {

    @Test
    void sameAsPackageUrlJavaOnEveryFixturePackage() throws Exception {
        List<Path> lockfiles = new ArrayList<>();
        for (Path root : List.of(Fixtures.testdata("lockfiles"), Fixtures.shared("lockfiles-real"))) {
            try (Stream<Path> s = Files.walk(root, 3)) {
                s.filter(p -> Lockfiles.KNOWN_NAMES.contains(p.getFileName().toString())).forEach(lockfiles::add);
            }
        }
        int checked = 0;
        for (Path lockfile : lockfiles) {
            for (PackageNode n : Lockfiles.read(lockfile, Optional.empty()).nodes().values()) {
                if (n.source() == SourceType.GIT || n.source() == SourceType.REMOTE_TARBALL) {
                    continue; // qualified purls are made by packageurl-java itself
                }
                String name = n.name();
                String namespace = null;
                if (name.startsWith("@") && name.indexOf('/') > 0) {
                    namespace = name.substring(0, name.indexOf('/'));
                    name = name.substring(name.indexOf('/') + 1);
                }
                String reference = new PackageURL("npm", namespace, name, n.version(), null, null).canonicalize();
                assertEquals(reference, Purls.of(n), lockfile + " " + n.key());
                checked++;
            }
        }
        assertTrue(checked > 3000, "checked " + checked);
    }

    @Test
    void encodesLikeThePurlSpec() {
        assertEquals("1.0.0-beta.1%2Bbuild.5", Purls.encode("1.0.0-beta.1+build.5"));
        assertEquals("git%2Bssh%3A%2F%2Fgit%40github.com", Purls.encode("git+ssh://git@github.com"));
        assertEquals("%C3%BCnicode%201", Purls.encode("ünicode 1"));
        assertEquals("a.b_c-d~e", Purls.encode("a.b_c-d~e"));
    }
}
