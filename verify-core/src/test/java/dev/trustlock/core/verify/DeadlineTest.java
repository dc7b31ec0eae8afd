package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.attest.testpki.TestPki;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.registry.RegistryResult;
import dev.trustlock.core.trust.TrustMaterial;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --deadline bounds the whole run: what is not verified by then is UNVERIFIABLE, and the run returns. */
class DeadlineTest {

    @Test
    void aRegistryThatNeverAnswersForOnePackageCostsTheDeadlineNotForever(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.shared();
        var files = pki.writeTrust(dir);
        TrustMaterial trust = TrustMaterial.load(files.trustedRoot(), files.npmKeys());
        HostileRegistry base = new HostileRegistry(pki);
        CountDownLatch never = new CountDownLatch(1);
        var hanging = RegistryDouble.over(base).packuments(name -> {
            if (name.equals(HostileRegistry.PLAIN)) {
                try {
                    never.await(); // until cancelled by the deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return RegistryResult.failed(RegistryResult.Reason.IO_ERROR, "interrupted");
            }
            return base.packument(name);
        });
        Instant start = Instant.now();
        VerifyReport r = new VerifyRun(hanging, trust, Policy.EMPTY, LocalDate.of(2026, 1, 1), Instant.EPOCH, 2)
                .deadline(Duration.ofMillis(800), Clock.systemUTC())
                .run(HostileRegistry.project(), "p", "t", Instant.EPOCH, RunProgress.NONE);
        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
        PackageVerdict plain = r.packages().stream().filter(p -> p.name().equals(HostileRegistry.PLAIN)).findFirst()
                .orElseThrow();
        assertEquals(ReasonCode.REGISTRY_UNAVAILABLE, plain.code());
        assertTrue(plain.reason().contains("the run's deadline of 800 ms passed before"), plain.reason());
        // Whatever was not finished by then is unverifiable too, never a pass.
        assertTrue(r.packages().stream().allMatch(p -> p.status() == VerificationStatus.UNVERIFIABLE
                || p.status() == VerificationStatus.VERIFIED), r.packages().toString());

        // A deadline the run stays within changes nothing.
        VerifyReport easy = new VerifyRun(base, trust, Policy.EMPTY, LocalDate.of(2026, 1, 1), Instant.EPOCH, 2)
                .deadline(Duration.ofMinutes(1), Clock.systemUTC())
                .run(HostileRegistry.project(), "p", "t", Instant.EPOCH, RunProgress.NONE);
        assertTrue(easy.packages().stream().noneMatch(p -> p.reason().contains("deadline")), easy.packages().toString());
        assertEquals(VerificationStatus.VERIFIED, easy.packages().stream()
                .filter(p -> p.name().equals(HostileRegistry.PROV)).findFirst().orElseThrow().status());
    }
}
