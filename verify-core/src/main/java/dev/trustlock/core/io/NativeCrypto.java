package dev.trustlock.core.io;

import java.security.Provider;
import java.util.Optional;
import org.conscrypt.Conscrypt;

/**
 * BoringSSL through Conscrypt, for the hashing and ECDSA checks a verify run makes by the
 * thousand. In a short-lived JVM the JDK's and BouncyCastle's Java code runs mostly C1-compiled:
 * natively, SHA-256 is about ten times and P-256 verification about four times faster. The
 * provider is never installed with {@code Security.addProvider}, so TLS and everything else keep
 * the JDK's. Where the native library cannot load (an unsupported platform, a temporary directory
 * mounted noexec) or {@code -Dtrustlock.nativeCrypto=false} is set, callers use the Java
 * implementations, which give the same answers.
 */
public final class NativeCrypto {

    private static final Provider PROVIDER = load();

    private NativeCrypto() {
    }

    private static Provider load() {
        if ("false".equals(System.getProperty("trustlock.nativeCrypto"))) {
            return null;
        }
        try {
            return Conscrypt.isAvailable() ? Conscrypt.newProvider() : null;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * Starts loading the native library (about 50 ms: it is unpacked from the jar) on a
     * background thread, so that a command that will verify signatures does not wait for it
     * after reading its input. Idempotent; the first use of {@link #provider} waits for it.
     */
    public static void loadInBackground() {
        Thread t = new Thread(NativeCrypto::provider, "trustlock-native-crypto");
        t.setDaemon(true);
        t.start();
    }

    /** The native provider, or empty when this process uses the Java implementations. */
    public static Optional<Provider> provider() {
        return Optional.ofNullable(PROVIDER);
    }
}
