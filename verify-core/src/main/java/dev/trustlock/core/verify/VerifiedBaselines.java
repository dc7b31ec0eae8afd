package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustlock.core.attest.PublishIdentity;
import dev.trustlock.core.attest.ReasonCode;
import dev.trustlock.core.attest.VerificationResult;
import dev.trustlock.core.io.AtomicFiles;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Earlier releases' provenance, once verified, kept for good: attestations never change once
 * published, so the build an earlier release certifies is looked up by the exact bytes that
 * were verified (name, version, integrity, the SHA-256 of the attestations response) and the
 * trust material that verified them ({@link dev.trustlock.core.trust.TrustMaterial#digest()}).
 * Another response, integrity or trust material is another key, never a stale hit. Only
 * successes are kept (a failure is re-checked, so a registry hiccup is not remembered), and only
 * as baselines for comparison: a package's own verdict is always computed. The directory is as
 * trusted as the registry cache beside it; an entry that does not parse is a miss.
 */
public final class VerifiedBaselines {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An entry is a few hundred bytes; anything much larger is not ours. */
    private static final long MAX_ENTRY = 64 * 1024;
    private static final List<RecordComponent> FIELDS = List.of(PublishIdentity.class.getRecordComponents());

    private final Path dir;
    private final String trustDigest;

    /** @param dir where entries live (created on first write), usually {@code CACHE-DIR/verified-baselines} */
    public VerifiedBaselines(Path dir, String trustDigest) {
        this.dir = dir;
        this.trustDigest = trustDigest;
    }

    /** The verified result kept for exactly these bytes, if any. */
    Optional<VerificationResult> get(String name, String version, String integrity, byte[] body) {
        Path file = file(name, version, integrity, body);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_ENTRY) {
                return Optional.empty();
            }
            JsonNode doc = JSON.readTree(file.toFile());
            if (!"OK".equals(doc.path("code").asText()) || !doc.path("identity").isObject()) {
                return Optional.empty();
            }
            Object[] values = new Object[FIELDS.size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode v = doc.path("identity").get(FIELDS.get(i).getName());
                values[i] = v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
            }
            PublishIdentity id = PublishIdentity.class.getDeclaredConstructor(
                    FIELDS.stream().map(RecordComponent::getType).toArray(Class<?>[]::new)).newInstance(values);
            return Optional.of(new VerificationResult(ReasonCode.OK, ReasonCode.OK.sentence(), Optional.of(id), List.of(),
                    Optional.empty()));
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return Optional.empty(); // unreadable or not ours: verify again
        }
    }

    /** Keeps {@code result} when it verified; a cache that cannot be written is only slower. */
    void put(String name, String version, String integrity, byte[] body, VerificationResult result) {
        if (!result.verified() || result.identity().isEmpty()) {
            return;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("package", name);
        doc.put("version", version);
        doc.put("code", result.code().name());
        ObjectNode identity = doc.putObject("identity");
        try {
            for (RecordComponent c : FIELDS) {
                ((Optional<?>) c.getAccessor().invoke(result.identity().get()))
                        .ifPresent(v -> identity.put(c.getName(), v.toString()));
            }
            Path file = file(name, version, integrity, body);
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, JSON.writeValueAsString(doc));
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            // Read-only or full disk: the next run verifies again.
        }
    }

    private Path file(String name, String version, String integrity, byte[] body) {
        String key = sha256(String.join("\0", "baseline-v1", name, version, integrity, sha256(body), trustDigest)
                .getBytes(StandardCharsets.UTF_8));
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
