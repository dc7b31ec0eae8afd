package dev.trustlock.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrefetchingRegistryTest {

    private static final URI REGISTRY = URI.create("https://registry.example/");

    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    /** Answers every attestations request with a body of {@code size} bytes, counting requests. */
    private RegistrySource source(int size) {
        return new RegistrySource() {
            @Override
            public RegistryResult packument(String name) {
                throw new AssertionError("not asked here");
            }

            @Override
            public RegistryResult attestations(String name, String version, Optional<String> advertisedUrl) {
                asked.add(name + "@" + version);
                if (name.equals("broken")) {
                    throw new SnapshotException(new dev.trustlock.core.lockfile.LockfileException(java.nio.file.Path.of("index.json"),
                            "the snapshot contradicts itself"));
                }
                if (name.startsWith("missing")) {
                    return RegistryResult.failed(RegistryResult.Reason.SNAPSHOT_MISS, "not recorded");
                }
                return new RegistryResult.Found(new byte[size]);
            }

            @Override
            public RegistryResult keys() {
                return keys(REGISTRY);
            }

            @Override
            public RegistryResult keys(URI registry) {
                asked.add("keys");
                return new RegistryResult.NotFound("keys");
            }

            @Override
            public URI registryFor(String name) {
                return REGISTRY;
            }

            @Override
            public Set<URI> registries() {
                return Set.of(REGISTRY);
            }
        };
    }

    @Test
    void whatWasFetchedAheadIsAnsweredWithoutAskingAgain() throws Exception {
        PrefetchingRegistry ahead = new PrefetchingRegistry(source(10));
        ahead.prefetchAttestations("a", "1.0.0", Optional.empty(), io).get();
        ahead.prefetchAttestations("a", "1.0.0", Optional.empty(), io).get();
        ahead.prefetchKeys(REGISTRY, io).get();
        assertArrayEquals(new byte[10], assertInstanceOf(RegistryResult.Found.class,
                ahead.attestations("a", "1.0.0", Optional.empty())).body());
        assertInstanceOf(RegistryResult.NotFound.class, ahead.keys(REGISTRY));
        assertEquals(List.of("a@1.0.0", "keys"), asked, "each document asked for once");
        ahead.attestations("b", "1.0.0", Optional.empty());
        assertEquals(List.of("a@1.0.0", "keys", "b@1.0.0"), asked, "what was not foreseen is asked for when needed");
    }

    @Test
    void documentsBeyondTheMemoryBudgetAreFetchedAgainNotKept() throws Exception {
        PrefetchingRegistry ahead = new PrefetchingRegistry(source(600), 1000);
        ahead.prefetchAttestations("a", "1.0.0", Optional.empty(), io).get();
        ahead.prefetchAttestations("b", "1.0.0", Optional.empty(), io).get();
        assertInstanceOf(RegistryResult.Found.class, ahead.attestations("a", "1.0.0", Optional.empty()));
        assertInstanceOf(RegistryResult.Found.class, ahead.attestations("b", "1.0.0", Optional.empty()));
        assertEquals(List.of("a@1.0.0", "b@1.0.0", "b@1.0.0"), asked, "b did not fit beside a, so it was asked again");
    }

    @Test
    void whatTheBlockingCallWouldHaveThrownIsThrown() throws Exception {
        PrefetchingRegistry ahead = new PrefetchingRegistry(source(1));
        ahead.prefetchAttestations("broken", "1.0.0", Optional.empty(), io).exceptionally(e -> null).get();
        assertThrows(SnapshotException.class, () -> ahead.attestations("broken", "1.0.0", Optional.empty()));
    }

    @Test
    void whyAttestationsCouldNotBeHadIsKeptWhetherFetchedAheadOrWhenNeeded() throws Exception {
        PrefetchingRegistry ahead = new PrefetchingRegistry(source(1));
        ahead.prefetchAttestations("missing-a", "1.0.0", Optional.empty(), io).get();
        ahead.attestations("missing-b", "2.0.0", Optional.empty());
        ahead.attestations("present", "1.0.0", Optional.empty());
        assertEquals(Optional.of(RegistryResult.Reason.SNAPSHOT_MISS), ahead.attestationsFailure("missing-a", "1.0.0"));
        assertEquals(Optional.of(RegistryResult.Reason.SNAPSHOT_MISS), ahead.attestationsFailure("missing-b", "2.0.0"));
        assertEquals(Optional.empty(), ahead.attestationsFailure("missing-a", "2.0.0"), "by version, not by name");
        assertEquals(Optional.empty(), ahead.attestationsFailure("present", "1.0.0"));
    }
}
