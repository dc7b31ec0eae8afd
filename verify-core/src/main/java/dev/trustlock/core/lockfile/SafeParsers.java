package dev.trustlock.core.lockfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.io.BoundedReads;
import dev.trustlock.core.io.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The only way lockfile readers turn bytes into trees. Every parser here is bounded: file
 * size, nesting depth, string length and (for YAML) alias expansion, so that a hostile or
 * broken lockfile ends in a {@link LockfileException} with a position, not in an
 * OutOfMemoryError or a hang.
 */
public final class SafeParsers {

    /** Default ceiling on a lockfile's size ({@link Limits#LOCKFILE_BYTES}). */
    public static final long DEFAULT_MAX_BYTES = Limits.LOCKFILE_BYTES;
    /** Property that raises or lowers the ceiling (bytes), for the rare giant monorepo. */
    public static final String MAX_BYTES_PROPERTY = "trustlock.maxLockfileBytes";
    /** Lockfile trees are shallow (npm v1 nesting is the deepest); anything deeper is hostile. */
    public static final int MAX_DEPTH = Limits.JSON_DEPTH;

    private static final JsonFactory JSON = factory(false);

    /** Built on first use: most runs never read JSONC. */
    private static final class Jsonc {
        static final JsonFactory FACTORY = factory(true);
    }

    private SafeParsers() {
    }

    private static JsonFactory factory(boolean lenient) {
        com.fasterxml.jackson.core.JsonFactoryBuilder builder = (com.fasterxml.jackson.core.JsonFactoryBuilder) JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(Limits.STRING_CHARS)
                        .maxNumberLength(100)
                        .build());
        if (lenient) {
            builder.enable(JsonReadFeature.ALLOW_TRAILING_COMMA).enable(JsonReadFeature.ALLOW_JAVA_COMMENTS);
        } else {
            builder.enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        }
        return builder.build();
    }

    public static long maxBytes() {
        String v = System.getProperty(MAX_BYTES_PROPERTY);
        if (v != null) {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return DEFAULT_MAX_BYTES;
            }
        }
        return DEFAULT_MAX_BYTES;
    }

    /** Reads a whole file as strict UTF-8 text after checking its size. */
    public static String readText(Path file) throws LockfileException {
        byte[] bytes = readBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new LockfileException(file, "not valid UTF-8 text");
        }
    }

    /** A whole file's bytes, refused past {@link #maxBytes()} without reading further. */
    public static byte[] readBytes(Path file) throws LockfileException {
        long limit = maxBytes();
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // A FIFO or device would block the read or never end; a directory is no file.
                throw new LockfileException(file, "not a regular file");
            }
            long size = Files.size(file);
            if (size > limit) {
                throw tooLarge(file, size, limit);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return BoundedReads.readAll(in, limit, size); // the file may grow between size() and here
            }
        } catch (BoundedReads.TooLarge e) {
            throw new LockfileException(file, "file is larger than the " + e.limit() + "-byte limit for lockfiles");
        } catch (NoSuchFileException e) {
            throw new LockfileException(file, "no such file");
        } catch (IOException e) {
            throw new LockfileException(file, "cannot read: " + e.getMessage());
        }
    }

    /**
     * The refusal of an oversized file, positioned where reading stops: the line and column of
     * the first byte past the limit, found by streaming the file once with a small buffer (so
     * bounded in memory, and in time by the limit).
     */
    private static LockfileException tooLarge(Path file, long size, long limit) {
        long line = 1;
        long column = 1;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long remaining = limit;
            int n;
            while (remaining > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining))) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line++;
                        column = 1;
                    } else {
                        column++;
                    }
                }
                remaining -= n;
            }
        } catch (IOException e) {
            line = 0;
            column = 0;
        }
        return new LockfileException(file, (int) Math.min(Integer.MAX_VALUE, line), (int) Math.min(Integer.MAX_VALUE, column),
                "file is " + size + " bytes; reading stops here, at the " + limit
                        + "-byte limit for lockfiles (raise it with -D" + MAX_BYTES_PROPERTY + "=BYTES)");
    }

    /** Strict JSON (package-lock.json, package.json). */
    public static JsonNode readJson(Path file) throws LockfileException {
        // Bytes straight to Jackson: its UTF-8 parser validates the encoding itself (with a
        // position) and is faster than decoding to a String first.
        return parseJson(file, readBytes(file), JSON);
    }

    /** Strict JSON from bytes already read from {@code file} (for callers that need the bytes too). */
    public static JsonNode parseJson(Path file, byte[] bytes) throws LockfileException {
        return parseJson(file, bytes, JSON);
    }

    /** JSON with trailing commas and comments (bun.lock is JSONC). */
    public static JsonNode readJsonc(Path file) throws LockfileException {
        return parseJson(file, readBytes(file), Jsonc.FACTORY);
    }

    static JsonNode parseJson(Path file, String text, JsonFactory factory) throws LockfileException {
        return parseJson(file, text.getBytes(StandardCharsets.UTF_8), factory);
    }

    static JsonNode parseJson(Path file, byte[] bytes, JsonFactory factory) throws LockfileException {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        boolean blank = true;
        for (int i = start; i < bytes.length && blank; i++) {
            blank = bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t';
        }
        if (blank) {
            throw new LockfileException(file, 1, 1, "file is empty");
        }
        JsonParser parser = null;
        try {
            parser = factory.createParser(bytes, start, bytes.length - start);
            JsonNode node = dev.trustlock.core.io.JsonTrees.readSingleValue(parser);
            if (node == null || node.isMissingNode()) {
                throw new LockfileException(file, 1, 1, "file is empty");
            }
            return node;
        } catch (java.io.IOException e) {
            JsonLocation loc = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
            if (loc == null && parser != null) {
                // Limit violations (nesting depth, string length) carry no location; the parser knows.
                loc = parser.currentLocation();
            }
            int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
            int col = loc == null ? 0 : Math.max(0, loc.getColumnNr());
            throw new LockfileException(file, line, col, "invalid JSON: "
                    + dev.trustlock.core.io.ParserMessages.clean(
                            e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()), e);
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (java.io.IOException ignored) {
                    // reading from a String: nothing to release
                }
            }
        }
    }

    /**
     * YAML 1.1 (pnpm-lock.yaml, policies) with aliases and depth bounded. Plain scalars resolve to
     * booleans, numbers and null as YAML 1.1 says, but never to timestamps: a date stays the text
     * it was written as, so that it is checked as a calendar date instead of rolling over
     * (2026-11-45 would become 2026-12-15).
     */
    public static JsonNode readYaml(Path file) throws LockfileException {
        return readYaml(file, new NoTimestampResolver());
    }

    private static final class NoTimestampResolver extends org.yaml.snakeyaml.resolver.Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null);
        }
    }

    /**
     * SafeConstructor without the types no lockfile or policy uses: binary data, timestamps,
     * sets and ordered maps would reach the readers as objects they do not expect. An explicit
     * tag asking for one is refused where it stands.
     */
    private static final class UntypedConstructor extends SafeConstructor {
        UntypedConstructor(LoaderOptions options) {
            super(options);
            for (org.yaml.snakeyaml.nodes.Tag t : List.of(org.yaml.snakeyaml.nodes.Tag.BINARY,
                    org.yaml.snakeyaml.nodes.Tag.TIMESTAMP, org.yaml.snakeyaml.nodes.Tag.SET,
                    org.yaml.snakeyaml.nodes.Tag.OMAP, org.yaml.snakeyaml.nodes.Tag.PAIRS)) {
                yamlConstructors.put(t, new org.yaml.snakeyaml.constructor.AbstractConstruct() {
                    @Override
                    public Object construct(org.yaml.snakeyaml.nodes.Node node) {
                        throw new TagRefused(node);
                    }
                });
            }
        }
    }

    private static final class TagRefused extends org.yaml.snakeyaml.constructor.ConstructorException {
        TagRefused(org.yaml.snakeyaml.nodes.Node node) {
            super(null, null, "the YAML tag " + node.getTag().getValue().replace("tag:yaml.org,2002:", "!!")
                    + " is not used in lockfiles or policies", node.getStartMark());
        }
    }

    /**
     * YAML whose every scalar is a string, as yarn berry's own parser reads yarn.lock: a
     * dependency named {@code yes} stays "yes" and a range {@code 1.10} stays "1.10", where
     * YAML 1.1 typing would turn them into true and 1.1.
     */
    public static JsonNode readYamlAsStrings(Path file) throws LockfileException {
        return readYaml(file, new StringsOnlyResolver());
    }

    private static final class StringsOnlyResolver extends org.yaml.snakeyaml.resolver.Resolver {
        @Override
        protected void addImplicitResolvers() {
            // none: every plain scalar resolves to a string
        }
    }

    private static JsonNode readYaml(Path file, org.yaml.snakeyaml.resolver.Resolver resolver) throws LockfileException {
        String text = readText(file);
        if (text.isBlank()) {
            throw new LockfileException(file, 1, 1, "file is empty");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(Limits.YAML_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(Limits.YAML_DEPTH);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes()));
        options.setAllowDuplicateKeys(false);
        org.yaml.snakeyaml.DumperOptions dumper = new org.yaml.snakeyaml.DumperOptions();
        Yaml yaml = new Yaml(new UntypedConstructor(options), new org.yaml.snakeyaml.representer.Representer(dumper),
                dumper, options, resolver);
        try {
            Object tree = yaml.load(text);
            if (tree == null) {
                throw new LockfileException(file, 1, 1, "file is empty");
            }
            return toTree(tree);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            int col = mark == null ? 0 : mark.getColumn() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new LockfileException(file, line, col, "invalid YAML: " + problem, e);
        } catch (YAMLException e) {
            // The alias limit is enforced while composing, without a position: find the alias
            // that crossed it by replaying the (non-expanding) event stream.
            // So is the nesting limit: find the collection that crossed it the same way.
            String message = String.valueOf(e.getMessage());
            Mark mark = message.contains("aliases") ? nthAliasMark(yaml, text, options.getMaxAliasesForCollections() + 1)
                    : message.contains("Nesting Depth") ? tooDeepMark(yaml, text, options.getNestingDepthLimit())
                    : null;
            throw new LockfileException(file, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "invalid YAML: " + dev.trustlock.core.io.ParserMessages.clean(message), e);
        } catch (IllegalArgumentException e) {
            throw new LockfileException(file, "invalid YAML: " + dev.trustlock.core.io.ParserMessages.clean(e.getMessage()),
                    e);
        } catch (StackOverflowError e) {
            throw new LockfileException(file, "YAML nested too deeply");
        }
    }

    /** SnakeYAML's maps, lists and scalars as a JsonNode tree (depth bounded by the loader). */
    private static JsonNode toTree(Object value) {
        com.fasterxml.jackson.databind.node.JsonNodeFactory nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof java.util.Map<?, ?> map) {
            com.fasterxml.jackson.databind.node.ObjectNode o = nodes.objectNode();
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                o.set(String.valueOf(e.getKey()), toTree(e.getValue()));
            }
            return o;
        }
        if (value instanceof java.util.List<?> list) {
            com.fasterxml.jackson.databind.node.ArrayNode a = nodes.arrayNode();
            for (Object item : list) {
                a.add(toTree(item));
            }
            return a;
        }
        if (value instanceof String str) {
            return nodes.textNode(str);
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return nodes.numberNode(i);
        }
        if (value instanceof Long l) {
            return nodes.numberNode(l);
        }
        if (value instanceof java.math.BigInteger bi) {
            return nodes.numberNode(bi);
        }
        if (value instanceof Double d) {
            return nodes.numberNode(d);
        }
        if (value instanceof java.util.Date date) {
            // YAML 1.1 reads an unquoted 2026-12-31 as a timestamp; give back the text it was
            // written as (a date alone when it is midnight UTC), not Date.toString().
            java.time.Instant instant = date.toInstant();
            return nodes.textNode(instant.equals(instant.truncatedTo(java.time.temporal.ChronoUnit.DAYS))
                    ? instant.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString() : instant.toString());
        }
        // Byte arrays and the like: lockfiles have none that matter; keep the text.
        return nodes.textNode(String.valueOf(value));
    }

    /** The start of the first collection nested deeper than {@code limit}, replaying the event stream. */
    private static Mark tooDeepMark(Yaml yaml, String text, int limit) {
        int depth = 0;
        try {
            for (org.yaml.snakeyaml.events.Event event : yaml.parse(new java.io.StringReader(text))) {
                if (event instanceof org.yaml.snakeyaml.events.CollectionStartEvent && ++depth > limit) {
                    return event.getStartMark();
                }
                if (event instanceof org.yaml.snakeyaml.events.CollectionEndEvent) {
                    depth--;
                }
            }
        } catch (YAMLException ignored) {
            // no position then; the message still says what is wrong
        }
        return null;
    }

    private static Mark nthAliasMark(Yaml yaml, String text, int n) {
        int seen = 0;
        try {
            for (org.yaml.snakeyaml.events.Event event : yaml.parse(new java.io.StringReader(text))) {
                if (event instanceof org.yaml.snakeyaml.events.AliasEvent && ++seen >= n) {
                    return event.getStartMark();
                }
            }
        } catch (YAMLException ignored) {
            // no position then; the message still says what is wrong
        }
        return null;
    }
}
