package dev.trustlock.core.trust;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A Fulcio CA from the trusted root: its chain, leaf-side first (the issuing intermediate, then
 * up to the self-signed root), and the window in which certificates it issued are accepted.
 */
public record CertificateAuthority(String uri, List<X509Certificate> chain, Validity validity) {

    public CertificateAuthority {
        Objects.requireNonNull(uri, "uri");
        chain = List.copyOf(chain);
        Objects.requireNonNull(validity, "validity");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate authority needs at least one certificate");
        }
    }

    /** The certificate that signs leaf certificates. */
    public X509Certificate issuing() {
        return chain.get(0);
    }
}
