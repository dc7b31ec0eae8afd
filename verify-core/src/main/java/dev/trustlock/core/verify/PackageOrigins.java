package dev.trustlock.core.verify;

import dev.trustlock.core.detect.PipelineFindings;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.SourceType;
import dev.trustlock.core.policy.AllowedSource;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.policy.Policy;
import dev.trustlock.core.policy.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where the lockfile says each package comes from, judged against the registries the run asks.
 * A registry package is checked against its registry's record; a tarball the lockfile fetches
 * from anywhere else is code no registry vouches for, even when its integrity matches (a
 * package manager that skips the integrity check, or a lockfile edited in a pull request, gets
 * exactly that code). So outside a registry is an error unless the policy's
 * {@code allowSources} names it.
 *
 * <p>Tarballs under any configured registry (default and scopes) count as the registry, and so
 * do the public registry and the alias yarn writes for it, {@code registry.yarnpkg.com}: npm
 * itself rewrites that host to the configured registry.
 */
final class PackageOrigins {

    /** The public registry under its names; any scheme, since yarn classic once wrote http. */
    static final Set<String> PUBLIC_REGISTRY_HOSTS = Set.of("registry.npmjs.org", "registry.yarnpkg.com",
            "registry.npmjs.com");

    private final Set<URI> registries;
    private final Policy policy;

    PackageOrigins(Set<URI> registries, Policy policy) {
        this.registries = new TreeSet<>(registries);
        this.policy = policy;
    }

    /** The registry's record of this package can be checked: it names a registry package. */
    boolean checkedAgainstRegistry(PackageNode n) {
        return n.source() == SourceType.REGISTRY
                || n.source() == SourceType.REMOTE_TARBALL && n.resolved().map(this::underRegistry).orElse(false);
    }

    /** The not-from-registry finding for {@code n}, if it is installed from elsewhere. */
    Optional<Finding> finding(PackageNode n) {
        boolean registryTarball = n.resolved().map(r -> !isUrl(r) || underRegistry(r)).orElse(true);
        if (checkedAgainstRegistry(n) && registryTarball) {
            return Optional.empty();
        }
        Optional<String> host = n.source() == SourceType.GIT ? n.resolved().flatMap(PackageOrigins::gitHost)
                : Optional.empty();
        Optional<AllowedSource> allowed = policy.allowedSource(n.name(), n.resolved(), host);
        String where = n.resolved().map(PackageOrigins::redact).orElse("(not recorded)");
        String kind = switch (n.source()) {
            case GIT -> "a git repository";
            case LOCAL -> "a local path";
            default -> "a URL";
        };
        TreeMap<String, String> evidence = new TreeMap<>();
        evidence.put("resolved", where);
        evidence.put("source", n.source().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        host.ifPresent(h -> evidence.put("gitHost", h));
        if (allowed.isPresent()) {
            evidence.put("allowedBy", "allowSources[" + allowed.get().index() + "]");
            evidence.put("reason", allowed.get().reason());
            return Optional.of(new Finding(PipelineFindings.NOT_FROM_REGISTRY, Severity.NOTE, n.name(), n.version(),
                    "installed from " + kind + " (" + where + "), allowed by the policy's allowSources["
                            + allowed.get().index() + "]: " + allowed.get().reason(), evidence));
        }
        evidence.put("registries", String.join(", ", registries.stream().map(URI::toString).toList()));
        String checked = checkedAgainstRegistry(n) ? "; its registry record was still checked" : "";
        return Optional.of(new Finding(PipelineFindings.NOT_FROM_REGISTRY, Severity.ERROR, n.name(), n.version(),
                "installed from " + kind + " (" + where + "), not from a configured registry" + checked
                        + "; allow it under allowSources in the policy if the project means it",
                evidence));
    }

    private static boolean isUrl(String resolved) {
        String r = resolved.toLowerCase(Locale.ROOT);
        return r.startsWith("http://") || r.startsWith("https://");
    }

    boolean underRegistry(String resolved) {
        URI url;
        try {
            url = new URI(resolved.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (url.getHost() == null || url.getScheme() == null) {
            return false;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (PUBLIC_REGISTRY_HOSTS.contains(host) && url.getPort() == -1) {
            return true;
        }
        String path = url.getRawPath() == null ? "/" : url.getRawPath();
        for (URI r : registries) {
            if (r.getScheme().equalsIgnoreCase(url.getScheme()) && r.getHost().equalsIgnoreCase(host)
                    && port(r) == port(url) && path.startsWith(r.getRawPath())) {
                return true;
            }
        }
        return false;
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "http".equalsIgnoreCase(u.getScheme()) ? 80 : 443;
    }

    /**
     * The host a git specifier points at: {@code git+https://github.com/o/r.git},
     * {@code git+ssh://git@github.com/o/r}, {@code git@github.com:o/r}, {@code github:o/r},
     * and GitHub's archive host {@code codeload.github.com}.
     */
    static Optional<String> gitHost(String spec) {
        String s = spec.trim();
        for (String[] shorthand : List.of(new String[] {"github:", "github.com"}, new String[] {"gitlab:", "gitlab.com"},
                new String[] {"bitbucket:", "bitbucket.org"}, new String[] {"gist:", "gist.github.com"})) {
            if (s.toLowerCase(Locale.ROOT).startsWith(shorthand[0])) {
                return Optional.of(shorthand[1]);
            }
        }
        if (s.startsWith("git+")) {
            s = s.substring(4);
        }
        int scheme = s.indexOf("://");
        if (scheme < 0) {
            // scp-like: git@host:owner/repo
            int at = s.indexOf('@');
            int colon = s.indexOf(':', Math.max(at, 0));
            return at >= 0 && colon > at + 1 ? Optional.of(s.substring(at + 1, colon).toLowerCase(Locale.ROOT))
                    : Optional.empty();
        }
        try {
            String host = new URI(s.replace("#", "%23")).getHost();
            if (host == null) {
                return Optional.empty();
            }
            host = host.toLowerCase(Locale.ROOT);
            return Optional.of(host.equals("codeload.github.com") ? "github.com" : host);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** A specifier fit to print: no user info (lockfiles have carried tokens there) and no query. */
    static String redact(String spec) {
        String s = spec.replaceAll("(?<=//)[^/@\\s]*@", "");
        int q = s.indexOf('?');
        return q >= 0 ? s.substring(0, q) + "?..." : s;
    }
}
