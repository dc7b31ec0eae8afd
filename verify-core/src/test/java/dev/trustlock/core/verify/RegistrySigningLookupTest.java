package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trustlock.core.attest.RegistrySigning;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.registry.RegistryResult;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a registry's keys endpoint says about whether it signs, asked once per registry. */
class RegistrySigningLookupTest {

    private static RegistryResult body(String json) {
        return new RegistryResult.Found(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysListedMeanItSignsNoneOrA404MeanItDoesNotAndAnythingElseIsUnknown() {
        assertEquals(RegistrySigning.SIGNS, RegistrySigningLookup.of(body("{\"keys\":[{\"keyid\":\"k\"}]}")));
        assertEquals(RegistrySigning.UNSIGNED, RegistrySigningLookup.of(body("{\"keys\":[]}")));
        assertEquals(RegistrySigning.UNSIGNED, RegistrySigningLookup.of(new RegistryResult.NotFound("keys")));
        assertEquals(RegistrySigning.UNKNOWN, RegistrySigningLookup.of(body("{\"error\":\"not found\"}")));
        assertEquals(RegistrySigning.UNKNOWN, RegistrySigningLookup.of(body("{\"keys\":{}}")));
        assertEquals(RegistrySigning.UNKNOWN, RegistrySigningLookup.of(body("not json")));
        assertEquals(RegistrySigning.UNKNOWN, RegistrySigningLookup.of(
                RegistryResult.failed(RegistryResult.Reason.TIMEOUT, "no answer")));
    }

    @Test
    void eachRegistryIsAskedOnce() {
        AtomicInteger asked = new AtomicInteger();
        HostileRegistry base = new HostileRegistry(TestPki.shared());
        RegistryDouble counting = RegistryDouble.over(base).keys(() -> {
            asked.incrementAndGet();
            return base.keys();
        });
        RegistrySigningLookup lookup = new RegistrySigningLookup(counting);
        assertEquals(RegistrySigning.SIGNS, lookup.forPackage("a"));
        assertEquals(RegistrySigning.SIGNS, lookup.forPackage("b"));
        assertEquals(1, asked.get());
    }
}
