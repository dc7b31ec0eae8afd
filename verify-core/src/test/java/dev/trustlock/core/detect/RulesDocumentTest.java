package dev.trustlock.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustlock.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The catalogue drives the rules document and the ids a policy exception may name. */
class RulesDocumentTest {

    @Test
    void docsRulesMdIsWrittenFromTheCatalogue() throws Exception {
        Path doc = Fixtures.repoRoot().resolve("docs/rules.md");
        String expected = RulesDocument.markdown();
        if (Boolean.getBoolean("trustlock.updateDocs")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.exists(doc) ? Files.readString(doc) : "(missing)",
                "docs/rules.md is stale; regenerate it with -Dtrustlock.updateDocs=true (see its header)");
    }

    @Test
    void policySchemaLetsExceptionsNameExactlyTheCataloguedIds() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Fixtures.repoRoot().resolve("schemas/policy.schema.json").toFile());
        Set<String> named = new TreeSet<>();
        schema.path("$defs").path("exception").path("properties").path("rule").path("enum")
                .forEach(n -> named.add(n.asText()));
        assertEquals(new TreeSet<>(RuleCatalog.ids()), named);
    }

    @Test
    void everyRuleReportsOnlyItsOwnIdAndIsCatalogued() {
        Set<String> ids = new TreeSet<>();
        for (Rule r : RuleCatalog.rules()) {
            assertEquals(true, ids.add(r.id()), "two rules with id " + r.id());
            assertEquals(r.info(), RuleCatalog.of(r.id()));
        }
        assertEquals(true, RuleCatalog.ids().contains(CorrelatedSignals.ID));
    }
}
