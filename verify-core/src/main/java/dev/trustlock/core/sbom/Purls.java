package dev.trustlock.core.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.trustlock.core.lockfile.PackageNode;
import java.util.TreeMap;

/**
 * npm package URLs per the purl spec: namespace is the scope with its {@code @} encoded
 * ({@code pkg:npm/%40babel/core@7.0.0}); packages not from a registry carry where they came from
 * as {@code vcs_url} or {@code download_url}, so that two different things never share a purl.
 */
public final class Purls {

    private Purls() {
    }

    public static String of(PackageNode node) {
        String name = node.name();
        String namespace = null;
        if (name.startsWith("@") && name.indexOf('/') > 0) {
            namespace = name.substring(0, name.indexOf('/'));
            name = name.substring(name.indexOf('/') + 1);
        }
        TreeMap<String, String> qualifiers = new TreeMap<>();
        String resolved = node.resolved().orElse(null);
        switch (node.source()) {
            case GIT -> {
                if (resolved != null) {
                    qualifiers.put("vcs_url", resolved);
                }
            }
            case REMOTE_TARBALL -> {
                if (resolved != null) {
                    qualifiers.put("download_url", resolved);
                }
            }
            default -> {
            }
        }
        if (qualifiers.isEmpty()) {
            // The common case, written directly: packageurl-java validates and encodes with
            // regular expressions, a few percent of a short run for ~500 packages. A test holds
            // this to packageurl-java's canonical form on every fixture package.
            return "pkg:npm/" + (namespace == null ? "" : encode(namespace) + "/") + encode(name) + "@" + encode(node.version());
        }
        try {
            return new PackageURL("npm", namespace, name, node.version(), qualifiers, null)
                    .canonicalize();
        } catch (MalformedPackageURLException e) {
            // Names the registry would refuse (spaces, odd characters) still need a stable id.
            return "pkg:npm/" + encode(node.name()) + "@" + encode(node.version());
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Percent-encodes all but the URI unreserved characters, as the purl spec asks. */
    static String encode(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
            for (byte b : s.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        return out == null ? s : out.toString();
    }
}
