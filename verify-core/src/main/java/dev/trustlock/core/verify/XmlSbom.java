package dev.trustlock.core.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.sbom.CycloneDxDocuments;
import dev.trustlock.core.sbom.CycloneDxSchemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import org.cyclonedx.exception.ParseException;

/**
 * A CycloneDX XML SBOM, validated against its version's schema and turned into the JSON form
 * {@link CycloneDxGraphReader} reads, so that one piece of code decides what a component is.
 */
final class XmlSbom {

    private XmlSbom() {
    }

    static JsonNode asJson(Path file, byte[] bytes) throws LockfileException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        // CycloneDX needs no DTD; a DOCTYPE can only declare entities (external files, billion laughs).
        int doctype = text.indexOf("<!DOCTYPE");
        if (doctype >= 0) {
            int[] pos = position(text, doctype);
            throw new LockfileException(file, pos[0], pos[1], "a CycloneDX XML SBOM has no DOCTYPE; refusing one,"
                    + " since it can only declare entities");
        }
        Matcher m = CycloneDxDocuments.XML_NAMESPACE.matcher(text);
        if (!m.find()) {
            throw new LockfileException(file, "not a CycloneDX XML SBOM (no http://cyclonedx.org/schema/bom/1.x namespace)");
        }
        String spec = m.group(1);
        if (!CycloneDxSchemas.supports(spec)) {
            int[] pos = position(text, m.start());
            throw new LockfileException(file, pos[0], pos[1], "unsupported CycloneDX specVersion \"" + spec
                    + "\"; this trustlock reads " + String.join(", ", CycloneDxSchemas.versions()));
        }
        Optional<CycloneDxSchemas.XmlViolation> bad = CycloneDxSchemas.firstXmlViolation(bytes, spec);
        if (bad.isPresent()) {
            throw new LockfileException(file, Math.max(0, bad.get().line()), Math.max(0, bad.get().column()),
                    "not a valid CycloneDX " + spec + " XML SBOM: " + bad.get().message());
        }
        try {
            return CycloneDxDocuments.toJsonTree(CycloneDxDocuments.parse(bytes));
        } catch (ParseException | RuntimeException e) {
            throw new LockfileException(file, "cannot read the CycloneDX XML SBOM: " + e.getMessage());
        }
    }

    /** 1-based line and column of a character offset. */
    private static int[] position(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }
}
