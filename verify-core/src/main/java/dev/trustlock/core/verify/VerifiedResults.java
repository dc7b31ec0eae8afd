package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.AttestationResult;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.attest.VerificationStatus;
import dev.trustlock.core.io.AtomicFiles;
import dev.trustlock.core.io.CacheSeal;
import dev.trustlock.core.io.Digests;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Attestation verification results, once VERIFIED, kept for good: attestations never change
 * once published, so a result is looked up by the exact bytes that were verified (name,
 * version, integrity, the SHA-256 of the attestations response), the trust material that
 * verified them ({@link dev.trustlock.core.trust.TrustMaterial#digest()}) and the build of
 * trustlock that did (its code's size and time, so a rebuilt verifier checks again). Another
 * response, integrity, trust material or build is another key, never a stale hit. Only successes
 * are kept: a failure is re-checked, so a registry hiccup is not remembered and a forged bundle
 * is refused every time. Two kinds: a release's whole verification (its verdict) and an earlier
 * release's provenance alone (a baseline to compare identities with). An entry is believed only
 * under its {@link CacheSeal}, bound to its key: one planted in a shared cache, or a real one
 * moved to another release's place, is a miss, and so is one that does not parse.
 */
public final class VerifiedResults {

    /** What was verified: all of a release's attestations, or an earlier release's provenance only. */
    enum Kind { WHOLE, PROVENANCE }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An entry is a few hundred bytes; anything much larger is not ours. */
    private static final long MAX_ENTRY = 64 * 1024;
    private static final List<RecordComponent> FIELDS = List.of(PublishIdentity.class.getRecordComponents());
    private static final String BUILD = build();

    /**
     * Where results are kept and the seal that vouches for them.
     *
     * @param dir where entries live (created on first write), usually {@code CACHE-DIR/verified}
     */
    public record Store(Path dir, CacheSeal seal) {
    }

    private final Store store;
    private final String trustDigest;

    public VerifiedResults(Store store, String trustDigest) {
        this.store = store;
        this.trustDigest = trustDigest;
    }

    /** The verified result kept for exactly these bytes, if any. */
    Optional<VerificationResult> get(Kind kind, String name, String version, String integrity, byte[] body) {
        Path file = file(kind, name, version, integrity, body);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_ENTRY) {
                return Optional.empty();
            }
            JsonNode sealed = JSON.readTree(file.toFile());
            JsonNode doc = sealed.path("entry");
            if (!doc.isObject() || !store.seal().checks(sealed.path("seal").asText(null), file.getFileName().toString(),
                    JSON.writeValueAsString(doc))) {
                return Optional.empty();
            }
            ReasonCode code = ReasonCode.valueOf(doc.path("code").asText());
            if (code.status() != VerificationStatus.VERIFIED || !doc.path("identity").isObject()) {
                return Optional.empty();
            }
            Object[] values = new Object[FIELDS.size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode v = doc.path("identity").get(FIELDS.get(i).getName());
                values[i] = v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
            }
            PublishIdentity id = PublishIdentity.class.getDeclaredConstructor(
                    FIELDS.stream().map(RecordComponent::getType).toArray(Class<?>[]::new)).newInstance(values);
            List<AttestationResult> attestations = new ArrayList<>();
            for (JsonNode a : doc.path("attestations")) {
                attestations.add(new AttestationResult(a.path("predicateType").asText(),
                        ReasonCode.valueOf(a.path("code").asText()), a.path("reason").asText()));
            }
            Optional<Instant> loggedAt = doc.path("loggedAt").isTextual()
                    ? Optional.of(Instant.parse(doc.path("loggedAt").asText())) : Optional.empty();
            return Optional.of(new VerificationResult(code, doc.path("reason").asText(code.sentence()), Optional.of(id),
                    attestations, loggedAt));
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return Optional.empty(); // unreadable or not ours: verify again
        }
    }

    /** Keeps {@code result} when it verified; a cache that cannot be written is only slower. */
    void put(Kind kind, String name, String version, String integrity, byte[] body, VerificationResult result) {
        if (!result.verified() || result.identity().isEmpty()) {
            return;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("package", name);
        doc.put("version", version);
        doc.put("code", result.code().name());
        doc.put("reason", result.reason());
        ObjectNode identity = doc.putObject("identity");
        ArrayNode attestations = doc.putArray("attestations");
        for (AttestationResult a : result.attestations()) {
            attestations.addObject().put("predicateType", a.predicateType()).put("code", a.code().name())
                    .put("reason", a.reason());
        }
        result.loggedAt().ifPresent(t -> doc.put("loggedAt", t.toString()));
        try {
            for (RecordComponent c : FIELDS) {
                ((Optional<?>) c.getAccessor().invoke(result.identity().get()))
                        .ifPresent(v -> identity.put(c.getName(), v.toString()));
            }
            Path file = file(kind, name, version, integrity, body);
            Files.createDirectories(file.getParent());
            ObjectNode sealed = JSON.createObjectNode();
            sealed.set("entry", doc);
            sealed.put("seal", store.seal().of(file.getFileName().toString(), JSON.writeValueAsString(doc)));
            AtomicFiles.writeString(file, JSON.writeValueAsString(sealed));
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            // Read-only or full disk: the next run verifies again.
        }
    }

    private Path file(Kind kind, String name, String version, String integrity, byte[] body) {
        String key = Digests.sha256Hex(String.join("\0", "verified-v3", kind.name(), BUILD, name, version, integrity,
                Digests.sha256Hex(body), trustDigest).getBytes(StandardCharsets.UTF_8));
        return store.dir().resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    /**
     * This build of the verifier: the size and time of the jar (or class directory) it runs from.
     * A SNAPSHOT rebuilt with other checks is another build, so its verdicts are its own.
     */
    private static String build() {
        try {
            Path code = Path.of(VerifiedResults.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.size(code) + "@" + Files.getLastModifiedTime(code).toMillis();
        } catch (Exception e) {
            return "unknown-" + System.nanoTime(); // nothing to key on: never reuse
        }
    }
}
