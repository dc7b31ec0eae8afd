package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.attest.testpki.LeafCertificates;
import dev.trustlock.core.registry.LoopbackRegistryServer;
import dev.trustlock.core.registry.LoopbackRegistryServer.Fault;
import dev.trustlock.core.verify.VerifyFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trustlock fetch records what verify needs (re-verifiable offline); policy init pins what verifies. */
class FetchAndPolicyInitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    VerifyFixtures.Layout f;
    LoopbackRegistryServer server;

    @BeforeEach
    void start() throws Exception {
        f = VerifyFixtures.write(tmp);
        server = LoopbackRegistryServer.serve(f.snapshot());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun fetch(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("fetch", f.project().toString(), "-o", out.toString(),
                "--registry", server.baseUrl().toString(), "--cache-dir", tmp.resolve("cache").toString(),
                "--trusted-root", f.trustedRoot().toString(), "--npm-keys", f.npmKeys().toString(),
                "--timeout", "1", "--retries", "1"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aFetchedSnapshotVerifiesLaterWithoutTheRegistry() throws Exception {
        Path snap = tmp.resolve("fetched");
        CliRun fetched = fetch(snap);
        assertEquals(0, fetched.exitCode(), fetched.err());
        assertTrue(Files.isRegularFile(snap.resolve("index.json")));
        assertTrue(Files.isRegularFile(snap.resolve("trust/trusted_root.json")));
        long requestsBefore = server.requests().size();
        server.close();
        CliRun run = CliRun.run("verify", f.project().toString(), CliRun.snapshot(snap.toString()), "--format", "json");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals("VERIFIED", JSON.readTree(run.out()).at("/packages/1/status").asText());
        assertTrue(requestsBefore >= 3, "packuments and attestations were asked for: " + requestsBefore);
    }

    @Test
    void theRegistrysKeysAreAskedForOncePerFetch() throws Exception {
        // The run asks for them as packuments come in; fetch records that answer instead of
        // asking again once the run is over.
        assertEquals(0, fetch(tmp.resolve("first")).exitCode());
        assertEquals(1, server.count("/-/npm/v1/keys"), server.requests().toString());
        assertTrue(Files.readString(tmp.resolve("first/index.json")).contains("\"kind\" : \"keys\""));
        // When no packument came back, nothing needed the keys: fetch asks so the snapshot has them.
        server.fault("/prov-pkg", new Fault.Status(404, Optional.empty(), 100));
        server.fault("/plain-pkg", new Fault.Status(404, Optional.empty(), 100));
        CliRun none = fetch(tmp.resolve("none"));
        assertEquals(3, none.exitCode(), none.err());
        assertEquals(2, server.count("/-/npm/v1/keys"), server.requests().toString());
        assertTrue(Files.readString(tmp.resolve("none/index.json")).contains("\"kind\" : \"keys\""));
    }

    @Test
    void aFetchThatCannotGetEverythingSaysSoWithExitThree() throws Exception {
        server.fault("/prov-pkg", new Fault.Status(500, Optional.empty(), 100));
        CliRun fetched = fetch(tmp.resolve("partial"));
        assertEquals(3, fetched.exitCode(), fetched.err());
        assertTrue(fetched.err().contains("prov-pkg"), fetched.err());
        CliRun run = CliRun.run("verify", f.project().toString(), "--snapshot", tmp.resolve("partial").toString(),
                "--trusted-root", f.trustedRoot().toString(), "--npm-keys", f.npmKeys().toString());
        assertEquals(3, run.exitCode(), run.err() + run.out());
    }

    @Test
    void fetchShowsProgressWhenAskedAndIsSilentWhenQuiet() throws Exception {
        CliRun shown = fetch(tmp.resolve("shown"), "--progress");
        assertEquals(0, shown.exitCode(), shown.err());
        int packages = 2; // prov-pkg and plain-pkg
        assertTrue(shown.err().contains("trustlock: fetched " + packages + " of " + packages + " packages ("), shown.err());
        assertTrue(shown.err().contains("trustlock: checked " + packages + " of " + packages + " packages ("), shown.err());
        assertEquals("", shown.out(), "progress never reaches stdout");
        CliRun quiet = fetch(tmp.resolve("quiet"), "--quiet");
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertEquals("", quiet.err());
        assertTrue(Files.isRegularFile(tmp.resolve("quiet/index.json")));
    }

    @Test
    void aBadDeadlineIsAUsageErrorBeforeTheSnapshotIsStarted() throws Exception {
        CliRun run = fetch(tmp.resolve("never"), "--deadline", "soon");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--deadline must be a duration"), run.err());
        assertFalse(Files.exists(tmp.resolve("never")), "nothing half-written");
        assertTrue(server.requests().isEmpty(), "no registry request before the options are checked");
    }

    @Test
    void fetchRefusesANonEmptyDirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dir.resolve("keep.txt"), "mine");
        assertEquals(2, fetch(dir).exitCode());
        assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    }

    @Test
    void policyInitPinsTheVerifiedIdentityAndTheResultingPolicyPasses() throws Exception {
        Path policy = tmp.resolve("trustlock.yaml");
        CliRun init = CliRun.run("policy", "init", f.project().toString(), CliRun.snapshot(f.snapshot().toString()),
                "-o", policy.toString());
        assertEquals(0, init.exitCode(), init.err());
        String yaml = Files.readString(policy);
        assertTrue(yaml.contains("prov-pkg"), yaml);
        assertFalse(yaml.contains("plain-pkg"), "nothing verified about plain-pkg to pin: " + yaml);
        String repository = LeafCertificates.GithubIdentity.sample().repositoryUri();
        assertTrue(yaml.contains(repository), repository + " not in " + yaml);
        CliRun run = CliRun.run("verify", f.project().toString(), CliRun.snapshot(f.snapshot().toString()),
                "--policy", policy.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(2, CliRun.run("policy", "init", f.project().toString(), CliRun.snapshot(f.snapshot().toString()),
                "-o", policy.toString()).exitCode());
    }

    @Test
    void policyInitWithQuietSaysNothingUnlessAPackageIsLeftUnpinned() throws Exception {
        CliRun quiet = CliRun.run("policy", "init", f.project().toString(), CliRun.snapshot(f.snapshot().toString()),
                "-o", tmp.resolve("quiet.yaml").toString(), "--quiet");
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertEquals("", quiet.err());
        server.fault("/prov-pkg", new Fault.Status(500, Optional.empty(), 100));
        CliRun partial = CliRun.of("policy", "init", f.project().toString(), "-o", tmp.resolve("partial.yaml").toString(),
                "--registry", server.baseUrl().toString(), "--cache-dir", tmp.resolve("cache").toString(),
                "--trusted-root", f.trustedRoot().toString(), "--npm-keys", f.npmKeys().toString(),
                "--timeout", "1", "--retries", "1", "--quiet");
        assertEquals(3, partial.exitCode(), partial.err());
        assertTrue(partial.err().contains("could not be verified and are not pinned"), "exit 3 is explained: " + partial.err());
    }
}
