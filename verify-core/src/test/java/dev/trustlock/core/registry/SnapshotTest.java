package dev.trustlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.trustlock.core.io.Limits;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.registry.RegistryResult.Reason;
import dev.trustlock.core.testing.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Schema schema() throws Exception {
        JsonNode schema = JSON.readTree(Files.readAllBytes(Fixtures.repoRoot().resolve("schemas/registry-snapshot.schema.json")));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
    }

    @Test
    void writtenIndexValidatesAgainstTheSchema() throws Exception {
        Path dir = TestSnapshots.write(tmp.resolve("snap"));
        JsonNode index = JSON.readTree(Files.readAllBytes(dir.resolve("index.json")));
        List<Error> errors = schema().validate(index);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(5, index.get("entries").size());
        assertEquals("2026-03-31T00:00:00Z", index.get("created").asText());
    }

    @Test
    void schemaRejectsWhatTheReaderRejects() throws Exception {
        Path dir = TestSnapshots.write(tmp.resolve("snap"));
        ObjectNode index = (ObjectNode) JSON.readTree(Files.readAllBytes(dir.resolve("index.json")));
        ((ObjectNode) index.get("entries").get(1)).put("file", "../../etc/passwd");
        assertTrue(!schema().validate(index).isEmpty(), "a path outside the layout must not validate");
        Files.writeString(dir.resolve("index.json"), index.toString());
        assertThrows(LockfileException.class, () -> SnapshotRegistry.open(dir));

        ObjectNode wrongVersion = (ObjectNode) JSON.readTree(TestSnapshots.write(tmp.resolve("snap2")).resolve("index.json").toFile());
        wrongVersion.put("formatVersion", 2);
        assertTrue(!schema().validate(wrongVersion).isEmpty());
        Files.writeString(tmp.resolve("snap2/index.json"), wrongVersion.toString());
        LockfileException e = assertThrows(LockfileException.class, () -> SnapshotRegistry.open(tmp.resolve("snap2")));
        assertTrue(e.getMessage().contains("formatVersion"), e.getMessage());
    }

    @Test
    void readsBackTheExactBytesAndKnowsWhatItDoesNotKnow() throws Exception {
        SnapshotRegistry s = SnapshotRegistry.open(TestSnapshots.write(tmp.resolve("snap")));
        assertArrayEquals(TestSnapshots.utf8(TestSnapshots.DEMO_PACKUMENT),
                assertInstanceOf(RegistryResult.Found.class, s.packument("demo-pkg")).body());
        assertArrayEquals(TestSnapshots.utf8(TestSnapshots.CORP_PACKUMENT),
                assertInstanceOf(RegistryResult.Found.class, s.packument("@corp/internal")).body());
        assertArrayEquals(TestSnapshots.utf8(TestSnapshots.DEMO_ATTESTATIONS),
                assertInstanceOf(RegistryResult.Found.class, s.attestations("demo-pkg", "1.0.0")).body());
        assertArrayEquals(TestSnapshots.utf8(TestSnapshots.KEYS), assertInstanceOf(RegistryResult.Found.class, s.keys()).body());
        assertInstanceOf(RegistryResult.NotFound.class, s.attestations("demo-pkg", "0.9.0"));
        // Not recorded is not "no attestations": it must stay unknown.
        assertEquals(Reason.SNAPSHOT_MISS, assertInstanceOf(RegistryResult.Failed.class, s.attestations("demo-pkg", "2.0.0")).reason());
        assertEquals(Reason.SNAPSHOT_MISS, assertInstanceOf(RegistryResult.Failed.class, s.packument("left-pad")).reason());
        assertEquals(TestSnapshots.NPMJS, s.registry());
        assertEquals(TestSnapshots.CREATED, s.created());
    }

    @Test
    void attestationUrlMustBeOnTheSnapshotsRegistryOrigin() throws Exception {
        SnapshotRegistry s = SnapshotRegistry.open(TestSnapshots.write(tmp.resolve("snap")));
        JsonNode packument = JSON.readTree(TestSnapshots.DEMO_PACKUMENT);
        Optional<String> advertised = Packuments.attestationsUrl(packument, "1.0.0");
        assertTrue(advertised.isPresent());
        assertInstanceOf(RegistryResult.Found.class, s.attestations("demo-pkg", "1.0.0", advertised));
        RegistryResult foreign = s.attestations("demo-pkg", "1.0.0",
                Optional.of("https://registry.npmjs.org.evil.example/-/npm/v1/attestations/demo-pkg@1.0.0"));
        assertEquals(Reason.FOREIGN_ORIGIN, assertInstanceOf(RegistryResult.Failed.class, foreign).reason());
    }

    @Test
    void scopeRegistriesAreRecordedAndDecideTheAttestationOrigin() throws Exception {
        URI corp = URI.create("https://npm.corp.example/api/npm/");
        SnapshotWriter w = SnapshotWriter.create(tmp.resolve("scoped"), TestSnapshots.NPMJS, Map.of("@corp", corp));
        w.addAttestations("@corp/internal", "2.0.0", TestSnapshots.utf8(TestSnapshots.DEMO_ATTESTATIONS));
        w.addAttestations("demo-pkg", "1.0.0", TestSnapshots.utf8(TestSnapshots.DEMO_ATTESTATIONS));
        w.finish(TestSnapshots.CREATED);
        assertTrue(schema().validate(JSON.readTree(tmp.resolve("scoped/index.json").toFile())).isEmpty());
        SnapshotRegistry s = SnapshotRegistry.open(tmp.resolve("scoped"));
        Optional<String> onCorp = Optional.of("https://npm.corp.example/api/npm/-/npm/v1/attestations/@corp%2finternal@2.0.0");
        assertInstanceOf(RegistryResult.Found.class, s.attestations("@corp/internal", "2.0.0", onCorp));
        assertEquals(Reason.FOREIGN_ORIGIN, assertInstanceOf(RegistryResult.Failed.class,
                s.attestations("demo-pkg", "1.0.0", onCorp)).reason());
    }

    @Test
    void hole8_aSnapshotThatContradictsItselfIsRefusedNamingTheFile() throws Exception {
        // A body changed after recording: its digest no longer matches the index.
        Path tampered = TestSnapshots.write(tmp.resolve("tampered"));
        Path att = tampered.resolve(SnapshotNames.attestationsFile("demo-pkg", "1.0.0"));
        Files.writeString(att, "{\"attestations\":[{}]}");
        SnapshotException sha = assertThrows(SnapshotException.class,
                () -> SnapshotRegistry.open(tampered).attestations("demo-pkg", "1.0.0"));
        assertTrue(sha.getMessage().startsWith(att.toString()) && sha.getMessage().contains("sha256"), sha.getMessage());

        // A listed file that is missing.
        Path missing = TestSnapshots.write(tmp.resolve("missing"));
        Files.delete(missing.resolve(SnapshotNames.packumentFile("@corp/internal")));
        LockfileException gone = assertThrows(LockfileException.class, () -> SnapshotRegistry.open(missing));
        assertTrue(gone.getMessage().contains("missing"), gone.getMessage());

        // The packument of another package, recorded with a matching digest.
        SnapshotWriter w = SnapshotWriter.create(tmp.resolve("other-name"), TestSnapshots.NPMJS, Map.of());
        w.addPackument("axios", "{\"name\":\"plain-crypto-js\",\"versions\":{}}".getBytes(StandardCharsets.UTF_8));
        w.finish(TestSnapshots.CREATED);
        SnapshotException other = assertThrows(SnapshotException.class,
                () -> SnapshotRegistry.open(tmp.resolve("other-name")).packument("axios"));
        assertTrue(other.getMessage().contains("packument of axios") && other.getMessage().contains("plain-crypto-js"),
                other.getMessage());

        // An index that claims attestations the file lacks.
        SnapshotWriter empty = SnapshotWriter.create(tmp.resolve("no-attestations"), TestSnapshots.NPMJS, Map.of());
        empty.addAttestations("demo-pkg", "1.0.0", "{\"attestations\":[]}".getBytes(StandardCharsets.UTF_8));
        empty.finish(TestSnapshots.CREATED);
        SnapshotException none = assertThrows(SnapshotException.class,
                () -> SnapshotRegistry.open(tmp.resolve("no-attestations")).attestations("demo-pkg", "1.0.0"));
        assertTrue(none.getMessage().contains("holds none"), none.getMessage());

        // An index entry pointing at another entry's file.
        Path swapped = TestSnapshots.write(tmp.resolve("swapped"));
        Path index = swapped.resolve("index.json");
        Files.writeString(index, Files.readString(index).replace(SnapshotNames.packumentFile("@corp/internal"),
                SnapshotNames.packumentFile("demo-pkg")));
        LockfileException pointed = assertThrows(LockfileException.class, () -> SnapshotRegistry.open(swapped));
        assertTrue(pointed.getMessage().startsWith(index.toString()) && pointed.getMessage().contains("@corp/internal"),
                pointed.getMessage());
    }

    @Test
    void hole8_aSnapshotReadsOnlyRegularFilesOfItsOwnWithinTheirLimits() throws Exception {
        // A symbolic link leaving the snapshot.
        Path linked = TestSnapshots.write(tmp.resolve("linked"));
        Path target = linked.resolve(SnapshotNames.packumentFile("demo-pkg"));
        Path outside = Files.write(tmp.resolve("elsewhere.json"), Files.readAllBytes(target));
        Files.delete(target);
        Files.createSymbolicLink(target, outside);
        LockfileException link = assertThrows(LockfileException.class, () -> SnapshotRegistry.open(linked));
        assertTrue(link.getMessage().startsWith(target.toString()) && link.getMessage().contains("symbolic link"),
                link.getMessage());

        // The index itself is held to the same rule: one borrowed from elsewhere is no snapshot's own.
        Path borrowed = TestSnapshots.write(tmp.resolve("borrowed"));
        Path index = borrowed.resolve(SnapshotIndex.FILE);
        Path foreign = Files.write(tmp.resolve("foreign-index.json"), Files.readAllBytes(index));
        Files.delete(index);
        Files.createSymbolicLink(index, foreign);
        LockfileException indexLink = assertThrows(LockfileException.class, () -> SnapshotRegistry.open(borrowed));
        assertTrue(indexLink.getMessage().startsWith(index.toString()) && indexLink.getMessage().contains("symbolic link"),
                indexLink.getMessage());

        // An oversized file (sparse, so the test costs no disk): refused before anything is read.
        Path big = TestSnapshots.write(tmp.resolve("big"));
        Path huge = big.resolve(SnapshotNames.packumentFile("demo-pkg"));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(200L * 1024 * 1024);
        }
        LockfileException size = assertThrows(LockfileException.class, () -> SnapshotRegistry.open(big));
        assertTrue(size.getMessage().contains("over the " + Limits.PACKUMENT_BYTES), size.getMessage());

        // A FIFO, which would block a reader forever.
        Path fifo = TestSnapshots.write(tmp.resolve("fifo"));
        Path pipe = fifo.resolve(SnapshotNames.attestationsFile("demo-pkg", "1.0.0"));
        Files.delete(pipe);
        Process mk = new ProcessBuilder("mkfifo", pipe.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available here");
        LockfileException special = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(LockfileException.class, () -> SnapshotRegistry.open(fifo)));
        assertTrue(special.getMessage().contains("not a regular file"), special.getMessage());

        // The same checks again when a file is read, not only when the snapshot is opened: a file
        // turned into a FIFO in between would otherwise hang the run on the read.
        Path later = TestSnapshots.write(tmp.resolve("later"));
        SnapshotRegistry opened = SnapshotRegistry.open(later);
        Path swapped = later.resolve(SnapshotNames.attestationsFile("demo-pkg", "1.0.0"));
        Files.delete(swapped);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", swapped.toString()).start().waitFor() == 0, "mkfifo is not available here");
        SnapshotException read = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(SnapshotException.class, () -> opened.attestations("demo-pkg", "1.0.0")));
        assertTrue(read.getMessage().contains(swapped.toString()) && read.getMessage().contains("not a regular file"),
                read.getMessage());
    }

    @Test
    void sameAnswersGiveByteIdenticalSnapshotsWhateverTheOrderOfRecording() throws Exception {
        Instant created = SnapshotWriter.creationTime(Map.of("SOURCE_DATE_EPOCH", "1774915200"),
                Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-03-31T00:00:00Z"), created);

        SnapshotWriter a = SnapshotWriter.create(tmp.resolve("a"), TestSnapshots.NPMJS, Map.of());
        a.addKeys(TestSnapshots.utf8(TestSnapshots.KEYS));
        a.addPackument("demo-pkg", TestSnapshots.utf8(TestSnapshots.DEMO_PACKUMENT));
        a.addPackument("@corp/internal", TestSnapshots.utf8(TestSnapshots.CORP_PACKUMENT));
        a.finish(created);
        SnapshotWriter b = SnapshotWriter.create(tmp.resolve("b"), TestSnapshots.NPMJS, Map.of());
        b.addPackument("@corp/internal", TestSnapshots.utf8(TestSnapshots.CORP_PACKUMENT));
        b.addPackument("demo-pkg", TestSnapshots.utf8(TestSnapshots.DEMO_PACKUMENT));
        b.addKeys(TestSnapshots.utf8(TestSnapshots.KEYS));
        b.finish(created);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/index.json")), Files.readAllBytes(tmp.resolve("b/index.json")));
        String index = Files.readString(tmp.resolve("a/index.json"));
        assertTrue(index.indexOf("\"keys\"") < index.indexOf("@corp/internal")
                && index.indexOf("@corp/internal") < index.indexOf("\"demo-pkg\""), index);
        assertTrue(!index.contains("\r"));
    }

    @Test
    void refusesToWriteIntoADirectoryThatIsNotASnapshot() throws Exception {
        Files.createDirectories(tmp.resolve("home"));
        Files.writeString(tmp.resolve("home/notes.txt"), "mine");
        assertThrows(java.io.IOException.class, () -> SnapshotWriter.create(tmp.resolve("home"), TestSnapshots.NPMJS, Map.of()));
        assertEquals("mine", Files.readString(tmp.resolve("home/notes.txt")));
        // An earlier snapshot is replaced whole: nothing stale survives.
        Path dir = TestSnapshots.write(tmp.resolve("snap"));
        SnapshotWriter again = SnapshotWriter.create(dir, TestSnapshots.NPMJS, Map.of());
        again.addKeys(TestSnapshots.utf8(TestSnapshots.KEYS));
        again.finish(TestSnapshots.CREATED);
        assertTrue(Files.notExists(dir.resolve(SnapshotNames.packumentFile("demo-pkg"))));
        assertEquals(Reason.SNAPSHOT_MISS,
                assertInstanceOf(RegistryResult.Failed.class, SnapshotRegistry.open(dir).packument("demo-pkg")).reason());
    }

    @Test
    void theWriterRefusesNamesAndVersionsTheReaderWouldRefuse() throws Exception {
        SnapshotWriter w = SnapshotWriter.create(tmp.resolve("names"), TestSnapshots.NPMJS, Map.of());
        byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> w.addPackument("../escape", body));
        assertThrows(IllegalArgumentException.class, () -> w.addAttestations("../escape", "1.0.0", body));
        assertThrows(IllegalArgumentException.class, () -> w.addAttestations("ok", "1.0.0/../../x", body));
        assertThrows(IllegalArgumentException.class, () -> w.addNoAttestations("@/x", "1.0.0"));
        assertThrows(IllegalArgumentException.class, () -> w.addNoAttestations("ok", ""));
        try (var files = Files.walk(tmp.resolve("names"))) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "nothing written for a refused entry");
        }
    }

    @Test
    void fileNamesAreDistinctOnCaseInsensitiveFileSystems() {
        List<String> names = List.of("json", "JSON", "Json", "@scope/name", "@scope%2fname", "@scope__name",
                "@scope_/_name", "con", "CON", "%63on", "!j", "a.b", "a!b");
        Set<String> folded = new HashSet<>();
        for (String n : names) {
            String enc = SnapshotNames.encode(n);
            assertEquals(enc.toLowerCase(Locale.ROOT), enc, "no capitals in " + enc);
            assertTrue(enc.matches("[a-z0-9._~@+%!-]+"), enc);
            assertTrue(folded.add(enc), "collision for " + n + " -> " + enc);
        }
        assertEquals("@scope%2fname", SnapshotNames.encode("@scope/name"));
        assertEquals("!j!s!o!n", SnapshotNames.encode("JSON"));
        // File names are part of the snapshot format: a snapshot written by one build is read by
        // the next, so the edges of each character class are pinned, not only their distinctness.
        assertEquals("az09!a!z._~@+-", SnapshotNames.encode("az09AZ._~@+-"));
        assertEquals("%60%7b%2f%3a@%5b%20%25%21%e2%9c%93", SnapshotNames.encode("`{/:@[ %!\u2713"));
        assertEquals("%63on.json", SnapshotNames.encode("con.json"));
        assertEquals("%2ehidden", SnapshotNames.encode(".hidden"));
        assertEquals("%", SnapshotNames.encode(""));
        assertNotEquals("con", SnapshotNames.encode("con"));
        assertEquals("attestations/@sigstore%2fbundle@2.3.2.json", SnapshotNames.attestationsFile("@sigstore/bundle", "2.3.2"));
        assertEquals("attestations/x@1.0.0-!r!c.1.json", SnapshotNames.attestationsFile("x", "1.0.0-RC.1"));
    }

    @Test
    void recorderKeepsDefiniteAnswersOnlyAndTheSnapshotServesThemOffline() throws Exception {
        RegistrySource source = SnapshotRegistry.open(TestSnapshots.write(tmp.resolve("origin")));
        SnapshotWriter w = SnapshotWriter.create(tmp.resolve("copy"), TestSnapshots.NPMJS, Map.of());
        SnapshotRecorder rec = new SnapshotRecorder(source, w);
        rec.packument("demo-pkg");
        rec.attestations("demo-pkg", "1.0.0");
        rec.attestations("demo-pkg", "0.9.0");
        rec.attestations("demo-pkg", "3.0.0"); // a failure: not recorded
        rec.keys();
        w.finish(TestSnapshots.CREATED);
        SnapshotRegistry copy = SnapshotRegistry.open(tmp.resolve("copy"));
        assertArrayEquals(TestSnapshots.utf8(TestSnapshots.DEMO_ATTESTATIONS),
                assertInstanceOf(RegistryResult.Found.class, copy.attestations("demo-pkg", "1.0.0")).body());
        assertInstanceOf(RegistryResult.NotFound.class, copy.attestations("demo-pkg", "0.9.0"));
        assertEquals(Reason.SNAPSHOT_MISS, assertInstanceOf(RegistryResult.Failed.class, copy.attestations("demo-pkg", "3.0.0")).reason());
        assertTrue(schema().validate(JSON.readTree(tmp.resolve("copy/index.json").toFile())).isEmpty());
        assertEquals(new String(Files.readAllBytes(tmp.resolve("origin").resolve(SnapshotNames.packumentFile("demo-pkg"))), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(tmp.resolve("copy").resolve(SnapshotNames.packumentFile("demo-pkg"))), StandardCharsets.UTF_8));
    }
}
