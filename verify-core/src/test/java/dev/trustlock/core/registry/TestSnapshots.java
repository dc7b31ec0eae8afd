package dev.trustlock.core.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** A small registry snapshot, as recorded from registry.npmjs.org, for tests to serve and read. */
final class TestSnapshots {

    static final URI NPMJS = URI.create("https://registry.npmjs.org/");
    static final Instant CREATED = Instant.parse("2026-03-31T00:00:00Z");

    static final String DEMO_PACKUMENT = """
            {"_id":"demo-pkg","name":"demo-pkg","dist-tags":{"latest":"1.0.0"},
             "versions":{
              "0.9.0":{"name":"demo-pkg","version":"0.9.0","_npmUser":{"name":"alice","email":"alice@example.com"},
                "dist":{"integrity":"sha512-AAAA","tarball":"https://registry.npmjs.org/demo-pkg/-/demo-pkg-0.9.0.tgz"}},
              "1.0.0":{"name":"demo-pkg","version":"1.0.0","_npmUser":{"name":"GitHub Actions","email":"npm-oidc-no-reply@github.com"},
                "dist":{"integrity":"sha512-BBBB","tarball":"https://registry.npmjs.org/demo-pkg/-/demo-pkg-1.0.0.tgz",
                  "attestations":{"url":"https://registry.npmjs.org/-/npm/v1/attestations/demo-pkg@1.0.0",
                    "provenance":{"predicateType":"https://slsa.dev/provenance/v1"}}}}},
             "time":{"0.9.0":"2025-01-01T00:00:00.000Z","1.0.0":"2026-01-01T00:00:00.000Z"}}
            """;
    static final String CORP_PACKUMENT = """
            {"_id":"@corp/internal","name":"@corp/internal","versions":{"2.0.0":{"name":"@corp/internal","version":"2.0.0",
              "dist":{"integrity":"sha512-CCCC","tarball":"https://registry.npmjs.org/@corp/internal/-/internal-2.0.0.tgz"}}}}
            """;
    static final String DEMO_ATTESTATIONS =
            "{\"attestations\":[{\"predicateType\":\"https://slsa.dev/provenance/v1\",\"bundle\":{\"mediaType\":\"x\"}}]}";
    static final String KEYS = "{\"keys\":[{\"keyid\":\"SHA256:test\",\"keytype\":\"ecdsa-sha2-nistp256\","
            + "\"scheme\":\"ecdsa-sha2-nistp256\",\"key\":\"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\"}]}";

    private TestSnapshots() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** demo-pkg (1.0.0 with attestations, 0.9.0 without), @corp/internal, keys. */
    static Path write(Path dir) throws Exception {
        SnapshotWriter w = SnapshotWriter.create(dir, NPMJS, Map.of());
        w.addPackument("demo-pkg", utf8(DEMO_PACKUMENT));
        w.addPackument("@corp/internal", utf8(CORP_PACKUMENT));
        w.addAttestations("demo-pkg", "1.0.0", utf8(DEMO_ATTESTATIONS));
        w.addNoAttestations("demo-pkg", "0.9.0");
        w.addKeys(utf8(KEYS));
        w.finish(CREATED);
        return dir;
    }
}
