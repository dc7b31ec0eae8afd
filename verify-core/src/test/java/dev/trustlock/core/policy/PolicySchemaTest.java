package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * schemas/policy.schema.json and the policy reader agree: every valid sample passes both, every
 * invalid sample fails both. (YAML is read by the validator's own YAML reader, which like
 * editors' YAML 1.2 tooling keeps an unquoted date a string.)
 */
class PolicySchemaTest {

    static Schema schema() throws Exception {
        String text = Files.readString(Fixtures.repoRoot().resolve("schemas/policy.schema.json"));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
    }

    static List<Error> validate(String yaml) throws Exception {
        return schema().validate(yaml, InputFormat.YAML);
    }

    static Stream<String> valid() {
        return samples("valid-");
    }

    static Stream<String> invalid() {
        return samples("invalid-");
    }

    private static Stream<String> samples(String prefix) {
        try (Stream<Path> s = Files.list(Fixtures.testdata("scenarios/policy-unit/policies"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
            return names.stream();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Path sample(String name) {
        return Fixtures.testdata("scenarios/policy-unit/policies/" + name);
    }

    @Test
    void schemaDeclaresDraft202012() throws Exception {
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema().getSchemaNode().get("$schema").asText());
    }

    @Test
    void thereAreSamplesOfBothKinds() {
        assertFalse(valid().toList().isEmpty());
        assertFalse(invalid().toList().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validSamplesPassSchemaAndReader(String name) throws Exception {
        assertEquals(List.of(), validate(Files.readString(sample(name))), name);
        PolicyFile.read(sample(name));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidSamplesFailSchemaAndReader(String name) throws Exception {
        assertFalse(validate(Files.readString(sample(name))).isEmpty(), name + " passes the schema");
        assertThrows(LockfileException.class, () -> PolicyFile.read(sample(name)), name);
    }
}
