package dev.trustlock.core.attest;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/** Reads the signer's identity from a Fulcio certificate's SAN and 1.3.6.1.4.1.57264.1.* extensions. */
final class FulcioIdentity {

    private static final String ARC = "1.3.6.1.4.1.57264.1.";

    private FulcioIdentity() {
    }

    static PublishIdentity.Builder read(X509Certificate leaf) {
        PublishIdentity.Builder b = PublishIdentity.builder();
        san(leaf).ifPresent(b::san);
        Optional<String> issuer = utf8(leaf, 8).or(() -> raw(leaf, 1));
        issuer.ifPresent(b::issuer);
        boolean github = issuer.map(i -> i.equals("https://token.actions.githubusercontent.com")).orElse(false);
        b.sourceRepositoryUri(utf8(leaf, 12)
                .or(() -> raw(leaf, 5).map(r -> github ? "https://github.com/" + r : r)).orElse(null));
        b.sourceRepositoryRef(utf8(leaf, 14).or(() -> raw(leaf, 6)).orElse(null));
        b.sourceRepositoryDigest(utf8(leaf, 13).or(() -> raw(leaf, 3)).orElse(null));
        b.sourceRepositoryIdentifier(utf8(leaf, 15).orElse(null));
        b.sourceRepositoryOwnerUri(utf8(leaf, 16).orElse(null));
        b.sourceRepositoryOwnerIdentifier(utf8(leaf, 17).orElse(null));
        b.sourceRepositoryVisibility(utf8(leaf, 22).orElse(null));
        b.buildSignerUri(utf8(leaf, 9).orElse(null));
        b.buildSignerDigest(utf8(leaf, 10).orElse(null));
        b.runnerEnvironment(utf8(leaf, 11).orElse(null));
        b.buildConfigUri(utf8(leaf, 18).orElse(null));
        b.buildConfigDigest(utf8(leaf, 19).orElse(null));
        b.buildTrigger(utf8(leaf, 20).or(() -> raw(leaf, 2)).orElse(null));
        b.runInvocationUri(utf8(leaf, 21).orElse(null));
        // Which workflow file and ref: the build config (top-level workflow) if certified, else the SAN.
        Optional<String> config = utf8(leaf, 18).or(() -> san(leaf));
        config.flatMap(FulcioIdentity::workflowPath).ifPresent(b::workflow);
        Optional<String> ref = utf8(leaf, 14).or(() -> raw(leaf, 6)).or(() -> config.flatMap(FulcioIdentity::refOf));
        ref.ifPresent(b::ref);
        return b;
    }

    static Optional<String> san(X509Certificate leaf) {
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            for (List<?> n : names) {
                int type = (Integer) n.get(0);
                if ((type == 6 || type == 1) && n.get(1) instanceof String s && !s.isBlank()) {
                    return Optional.of(s);
                }
            }
        } catch (CertificateParsingException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Extensions 1.8 and later hold a DER UTF8String. */
    static Optional<String> utf8(X509Certificate leaf, int n) {
        byte[] content = content(leaf, n);
        if (content == null) {
            return Optional.empty();
        }
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(content);
            return p instanceof ASN1String s ? Optional.of(s.getString()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Legacy extensions 1.1 to 1.6 hold the raw string bytes. */
    static Optional<String> raw(X509Certificate leaf, int n) {
        byte[] content = content(leaf, n);
        return content == null ? Optional.empty() : Optional.of(new String(content, StandardCharsets.UTF_8));
    }

    private static byte[] content(X509Certificate leaf, int n) {
        byte[] ext = leaf.getExtensionValue(ARC + n);
        if (ext == null) {
            return null;
        }
        try {
            return ASN1OctetString.getInstance(ext).getOctets();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * ".github/workflows/publish.yml" from "https://github.com/o/r/.github/workflows/publish.yml@refs/tags/v1";
     * GitLab writes "https://gitlab.com/group/project//.gitlab-ci.yml@ref".
     */
    static Optional<String> workflowPath(String uri) {
        String noRef = uri.contains("@") ? uri.substring(0, uri.lastIndexOf('@')) : uri;
        int scheme = noRef.indexOf("://");
        if (scheme < 0) {
            return Optional.empty();
        }
        String rest = noRef.substring(scheme + 3);
        int doubleSlash = rest.indexOf("//");
        if (doubleSlash >= 0) {
            return nonEmpty(rest.substring(doubleSlash + 2));
        }
        int gh = rest.indexOf("/.github/");
        if (gh >= 0) {
            return nonEmpty(rest.substring(gh + 1));
        }
        String[] parts = rest.split("/", 4); // host, owner, repo, path
        return parts.length == 4 ? nonEmpty(parts[3]) : Optional.empty();
    }

    static Optional<String> refOf(String uri) {
        int at = uri.lastIndexOf('@');
        return at < 0 ? Optional.empty() : nonEmpty(uri.substring(at + 1));
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
