package dev.trustlock.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.SignatureCheck;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackageHistoryTest {

    private final PackageHistory axios = Packuments.history("axios");

    @Test
    void readsEveryVersionOfThePackument() {
        JsonNode raw = Packuments.json("axios");
        List<String> expected = new ArrayList<>();
        raw.get("versions").fieldNames().forEachRemaining(expected::add);
        assertEquals(Set.copyOf(expected), axios.releases().keySet());
        assertEquals("axios", axios.name());
        assertEquals(Map.of("latest", "1.14.1", "v0", "0.30.2"), axios.distTags());
    }

    @Test
    void trustedPublisherReleaseCarriesItsEvidence() {
        ReleaseRecord r = axios.release("1.14.0").orElseThrow();
        JsonNode raw = Packuments.json("axios").get("versions").get("1.14.0");
        assertEquals(Optional.of("github"), r.trustedPublisherId());
        assertTrue(r.provenanceAdvertised());
        assertEquals(1, r.registrySignatures().size());
        assertEquals(Optional.of(raw.get("gitHead").asText()), r.gitHead());
        assertEquals(Optional.of("GitHub Actions"), r.publisherName());
        assertEquals(Optional.of("npm-oidc-no-reply@github.com"), r.publisherEmail());
        assertEquals(Optional.of(Instant.parse(Packuments.json("axios").get("time").get("1.14.0").asText())),
                r.publishedAt());
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, r.evidence());
        assertEquals(Optional.of(raw.get("dist").get("integrity").asText()), r.integrity());
        assertEquals(Optional.of("https://registry.npmjs.org/-/npm/v1/attestations/axios@1.14.0"), r.attestationsUrl());
        // "test" is not a lifecycle script npm runs on install.
        assertTrue(r.installScripts().isEmpty());
    }

    @Test
    void compromisedReleaseHasOnlyARegistrySignature() {
        ReleaseRecord r = axios.release("1.14.1").orElseThrow();
        assertFalse(r.trustedPublisher());
        assertFalse(r.provenanceAdvertised());
        assertTrue(r.gitHead().isEmpty());
        assertTrue(r.attestationsUrl().isEmpty());
        assertEquals(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, r.evidence());
        assertEquals("^4.2.1", r.dependencies().get("plain-crypto-js"));
        assertEquals(Set.of("latest"), r.distTags());
    }

    @Test
    void installScriptsAreOnlyTheInstallLifecycle() {
        PackageHistory pc = Packuments.history("plain-crypto-js");
        assertEquals(Map.of("postinstall", "node setup.js"), pc.release("4.2.1").orElseThrow().installScripts());
        assertTrue(pc.release("4.2.0").orElseThrow().installScripts().isEmpty());
    }

    @Test
    void earlierInLineFollowsPublishTimeWithinTheMajor() {
        // 0.30.2 was published between 1.13.0 and 1.13.1 but belongs to another line.
        assertEquals(List.of("1.12.2", "1.13.0", "1.13.1", "1.14.0"), versions(axios.earlierInLine("1.14.1")));
        assertEquals(List.of("0.30.1"), versions(axios.earlierInLine("0.30.2")));
        assertEquals(List.of(), versions(axios.earlierInLine("1.12.2")));
        assertEquals("1.14.0", axios.previousInLine("1.14.1").orElseThrow().version());
    }

    @Test
    void publishTimeNotSemverDecidesWhatIsEarlier() {
        // oldline-lib 0.9.4 was published after 1.1.0, and is a later release than it.
        PackageHistory h = Packuments.history("oldline-lib");
        assertEquals(List.of("0.9.0", "0.9.3"), versions(h.earlierInLine("0.9.4")));
        assertEquals("0.9.3", h.previousRelease("0.9.4").orElseThrow().version());
        assertEquals("1.1.0", h.previousInLine("1.1.1").orElseThrow().version());
        // The first release of a new line falls back to the previous release of the package.
        assertEquals("0.9.4", h.previousRelease("2.0.0-beta.1").orElseThrow().version());
        assertTrue(h.previousRelease("0.9.0").isEmpty());
    }

    @Test
    void undatedReleasesAreOrderedBySemverAndAreNoBaselineForDatedOnes() throws Exception {
        JsonNode p = new ObjectMapper().readTree("""
                {"name":"x","versions":{
                  "1.0.0":{"dist":{}}, "1.0.10":{"dist":{}}, "1.0.2":{"dist":{}}, "1.1.0":{"dist":{}}},
                 "time":{"1.1.0":"2024-01-01T00:00:00Z"}}""");
        PackageHistory h = PackageHistory.fromPackument(p);
        assertEquals(List.of("1.0.0", "1.0.2"), versions(h.earlierInLine("1.0.10")));
        assertEquals(List.of(), versions(h.earlierInLine("1.1.0")));
        assertEquals(List.of("1.1.0", "1.0.0", "1.0.2", "1.0.10"), versions(h.line(ReleaseLine.of("1.0.0"))));
    }

    /**
     * A mirror that rewrote the times (patch releases of one minor out of order, twice): the times
     * are not believed, so the releases are compared in version order, as undated ones are. One
     * such pair is not enough (one real packument of 375 has one); another minor's backport is
     * ordinary.
     */
    @Test
    void timesThatContradictTheVersionsAreNotBelieved() throws Exception {
        PackageHistory scrambled = PackageHistory.fromPackument(new ObjectMapper().readTree("""
                {"name":"x","versions":{"1.0.0":{"dist":{}}, "1.0.1":{"dependencies":{"a":"1"},"dist":{}},
                  "1.0.2":{"dist":{}}, "1.0.3":{"dist":{}}, "1.0.4":{"dist":{}}},
                 "time":{"1.0.0":"2024-01-05T00:00:00Z", "1.0.1":"2024-01-01T00:00:00Z", "1.0.2":"2024-01-03T00:00:00Z",
                   "1.0.3":"2024-01-02T00:00:00Z", "1.0.4":"2024-01-09T00:00:00Z"}}"""));
        assertEquals(Optional.of("1.0.1 before 1.0.0"), scrambled.timesContradicted());
        assertTrue(scrambled.releases().values().stream().allMatch(r -> r.publishedAt().isEmpty()), "no time believed");
        assertEquals(List.of("1.0.0", "1.0.1", "1.0.2", "1.0.3"), versions(scrambled.earlierInLine("1.0.4")));
        assertEquals("1.0.2", scrambled.baseline("1.0.3").orElseThrow().version(), "the version before, not the time before");
        assertTrue(scrambled.firstPublished().isEmpty());

        PackageHistory once = PackageHistory.fromPackument(new ObjectMapper().readTree("""
                {"name":"x","versions":{"1.0.0":{"dist":{}}, "1.0.1":{"dist":{}}, "1.0.2":{"dist":{}}},
                 "time":{"1.0.0":"2024-01-05T00:00:00Z", "1.0.1":"2024-01-01T00:00:00Z", "1.0.2":"2024-01-09T00:00:00Z"}}"""));
        assertEquals(Optional.empty(), once.timesContradicted(), "one pair out of order is believed");
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), once.release("1.0.1").orElseThrow().publishedAt().orElseThrow());

        PackageHistory backports = PackageHistory.fromPackument(new ObjectMapper().readTree("""
                {"name":"x","versions":{"1.0.0":{"dist":{}}, "1.0.1":{"dist":{}}, "1.0.2":{"dist":{}}, "1.1.0":{"dist":{}},
                  "1.1.1":{"dist":{}}, "2.0.0":{"dist":{}}, "2.0.1":{"dist":{}}, "1.2.0-rc.2":{"dist":{}}, "1.2.0-rc.1":{"dist":{}},
                  "1.2.0-rc.3":{"dist":{}}},
                 "time":{"1.0.0":"2024-01-01T00:00:00Z", "1.1.0":"2024-01-02T00:00:00Z", "2.0.0":"2024-01-03T00:00:00Z",
                   "1.0.1":"2024-01-04T00:00:00Z", "1.1.1":"2024-01-05T00:00:00Z", "2.0.1":"2024-01-06T00:00:00Z",
                   "1.0.2":"2024-01-07T00:00:00Z", "1.2.0-rc.3":"2024-01-07T12:00:00Z", "1.2.0-rc.2":"2024-01-08T00:00:00Z",
                   "1.2.0-rc.1":"2024-01-09T00:00:00Z"}}"""));
        assertEquals(Optional.empty(), backports.timesContradicted(),
                "patches to older minors and majors are ordinary, and prereleases are not counted");
    }

    @Test
    void wrongTypedFieldsAreAbsentNotFatal() throws Exception {
        JsonNode p = new ObjectMapper().readTree("""
                {"name":"x","versions":{"1.0.0":{"_npmUser":"someone","gitHead":42,"scripts":[],
                  "dependencies":{"a":1},"dist":{"signatures":{}}}},"time":{"1.0.0":"yesterday"}}""");
        ReleaseRecord r = PackageHistory.fromPackument(p).release("1.0.0").orElseThrow();
        assertTrue(r.publisherName().isEmpty());
        assertTrue(r.gitHead().isEmpty());
        assertTrue(r.publishedAt().isEmpty());
        assertEquals(EvidenceLevel.NONE, r.evidence());
        assertEquals(Set.of("a"), r.dependencies().keySet());
    }

    @Test
    void notAPackumentIsRejected() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertThrows(IllegalArgumentException.class, () -> PackageHistory.fromPackument(m.readTree("[]")));
        assertThrows(IllegalArgumentException.class, () -> PackageHistory.fromPackument(m.readTree("{\"name\":\"x\"}")));
        assertThrows(IllegalArgumentException.class, () -> PackageHistory.fromPackument(m.readTree("{\"versions\":{}}")));
    }

    @Test
    void effectiveEvidenceIsWhatVerifiedNeverWhatIsAdvertised() {
        SignatureCheck signed = SignatureCheck.of(ReasonCode.OK, "", Optional.empty());
        SignatureCheck unknownKey = SignatureCheck.of(ReasonCode.REGISTRY_KEY_UNKNOWN, "", Optional.empty());
        assertEquals(EvidenceLevel.NONE, evidence("1.14.0", ReasonCode.DSSE_SIGNATURE_INVALID, signed));
        assertEquals(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, evidence("1.14.0", ReasonCode.NO_ATTESTATIONS, signed));
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, evidence("1.14.0", ReasonCode.OK, signed));
        // Advertised trusted publishing whose provenance cannot be checked is no provenance at all.
        assertEquals(EvidenceLevel.REGISTRY_SIGNATURE_ONLY, evidence("1.14.0", ReasonCode.TLOG_KEY_UNKNOWN, signed));
        assertEquals(EvidenceLevel.NONE, evidence("1.14.0", ReasonCode.TLOG_KEY_UNKNOWN, unknownKey));
        // A forged registry signature takes verified provenance down with it.
        assertEquals(EvidenceLevel.NONE, evidence("1.14.0", ReasonCode.OK,
                SignatureCheck.of(ReasonCode.REGISTRY_SIGNATURE_INVALID, "", Optional.empty())));
        // Verified provenance whose registry key is unknown still proves provenance.
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, evidence("1.14.0", ReasonCode.OK, unknownKey));
        // Verified provenance on a release whose metadata advertises none still proves provenance.
        assertEquals(EvidenceLevel.PROVENANCE, evidence("1.14.1", ReasonCode.OK, signed));
        // The original history is unchanged.
        assertEquals(EvidenceLevel.TRUSTED_PUBLISHER, axios.release("1.14.0").orElseThrow().evidence());
        ReleaseCheck forged = new ReleaseCheck(VerificationResult.of(ReasonCode.DSSE_SIGNATURE_INVALID, ""), signed);
        assertEquals(axios, axios.withVerification("9.9.9", forged));
    }

    private EvidenceLevel evidence(String version, ReasonCode attestations, SignatureCheck signature) {
        ReleaseCheck check = new ReleaseCheck(VerificationResult.of(attestations, ""), signature);
        return axios.withVerification(version, check).release(version).orElseThrow().evidence();
    }

    private static List<String> versions(List<ReleaseRecord> records) {
        List<String> out = new ArrayList<>();
        for (Iterator<ReleaseRecord> it = records.iterator(); it.hasNext(); ) {
            out.add(it.next().version());
        }
        return out;
    }
}
