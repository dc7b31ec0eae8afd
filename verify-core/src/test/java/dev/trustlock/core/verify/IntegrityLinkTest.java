package dev.trustlock.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lockfile and registry integrities compared by the strongest algorithm both record. */
class IntegrityLinkTest {

    private static final String A512 = "sha512-" + "A".repeat(86) + "==";
    private static final String B512 = "sha512-" + "B".repeat(86) + "==";
    private static final String SHA1 = "sha1-" + java.util.Base64.getEncoder().encodeToString(new byte[20]);

    @Test
    void sha512WinsAndOptionsAfterAQuestionMarkAreIgnored() {
        assertEquals(Optional.of(true), IntegrityLink.sameTarball(A512 + "?opt", A512, Optional.empty()));
        assertEquals(Optional.of(false), IntegrityLink.sameTarball(A512, B512 + " " + SHA1, Optional.empty()));
        assertEquals(Optional.of(true), IntegrityLink.sameTarball(B512 + " " + A512, A512, Optional.empty()));
        assertEquals(Set.of(A512), IntegrityLink.sha512s(SHA1 + " " + A512 + "?x"));
    }

    @Test
    void sha1IsComparedOnlyWhenOneSideHasNoSha512AndTheRegistrysShasumCounts() {
        assertEquals(Optional.of(true), IntegrityLink.sameTarball(SHA1, A512, Optional.of("00".repeat(20))));
        assertEquals(Optional.of(false), IntegrityLink.sameTarball(SHA1, A512, Optional.of("01".repeat(20))));
        assertEquals(Optional.empty(), IntegrityLink.sameTarball(SHA1, A512, Optional.of("not hex")));
        assertEquals(Optional.empty(), IntegrityLink.sameTarball(SHA1, A512, Optional.of("00")));
        assertEquals(Optional.empty(), IntegrityLink.sameTarball("md5-x", A512, Optional.empty()));
    }
}
