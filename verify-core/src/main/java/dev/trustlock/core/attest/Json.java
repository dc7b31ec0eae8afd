package dev.trustlock.core.attest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trustlock.core.io.Limits;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/** Bounded JSON parsing and field access for registry responses, bundles and statements. */
final class Json {

    /** Real attestation responses are ~15 KiB; a generous bound keeps hostile input cheap. */
    static final int MAX_BYTES = (int) Limits.DOCUMENT_BYTES;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Limits.ATTESTATION_JSON_DEPTH)
                            .maxStringLength(MAX_BYTES)
                            .maxNumberLength(40)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Duplicate keys let two parsers see two different documents: refuse them.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    static JsonNode parse(byte[] bytes, ReasonCode onError, String what) throws Failure {
        if (bytes.length > MAX_BYTES) {
            throw new Failure(onError, what + " is larger than " + MAX_BYTES + " bytes");
        }
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new Failure(onError, what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new Failure(onError, what + " is not valid JSON");
        }
    }

    static String text(JsonNode parent, String field, ReasonCode onError, String where) throws Failure {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new Failure(onError, where + "." + field + " is missing or not a string");
        }
        return n.asText();
    }

    static Optional<String> optText(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        return n != null && n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    static byte[] base64(String value, ReasonCode onError, String where) throws Failure {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new Failure(onError, where + " is not valid base64");
        }
    }

    /** A decimal integer given as a JSON string (protobuf int64) or number. */
    static long int64(JsonNode parent, String field, ReasonCode onError, String where) throws Failure {
        JsonNode n = parent.get(field);
        if (n != null && n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n != null && n.isTextual()) {
            try {
                return Long.parseLong(n.asText());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new Failure(onError, where + "." + field + " is missing or not an integer");
    }
}
