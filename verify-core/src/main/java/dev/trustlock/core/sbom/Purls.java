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
        try {
            return new PackageURL("npm", namespace, name, node.version(), qualifiers.isEmpty() ? null : qualifiers, null)
                    .canonicalize();
        } catch (MalformedPackageURLException e) {
            // Names the registry would refuse (spaces, odd characters) still need a stable id.
            return "pkg:npm/" + encode(node.name()) + "@" + encode(node.version());
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
