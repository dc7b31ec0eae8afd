package dev.trustlock.core.report;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.trustlock.core.policy.Finding;
import dev.trustlock.core.verify.PackageVerdict;
import dev.trustlock.core.verify.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Lookups the renderers share: a report's verdict by name@version, the purl a finding is about
 * (run-level findings may name a package that has no verdict, e.g. the project itself), and the
 * run-level findings grouped by the package they name.
 */
final class ReportIndex {

    private final Map<String, PackageVerdict> verdicts = new TreeMap<>();
    private final VerifyReport report;

    ReportIndex(VerifyReport report) {
        this.report = report;
        for (PackageVerdict v : report.packages()) {
            verdicts.putIfAbsent(key(v.name(), v.version()), v);
        }
    }

    Optional<PackageVerdict> verdict(String name, String version) {
        return Optional.ofNullable(verdicts.get(key(name, version)));
    }

    String purlOf(Finding f) {
        return verdict(f.packageName(), f.version()).map(PackageVerdict::purl)
                .orElseGet(() -> npmPurl(f.packageName(), f.version()));
    }

    /** Findings of the report that belong to no verdict, keyed by name@version in sorted order. */
    Map<String, List<Finding>> findingsWithoutVerdict() {
        Map<String, List<Finding>> out = new TreeMap<>();
        for (Finding f : report.findings()) {
            if (verdict(f.packageName(), f.version()).isEmpty()) {
                out.computeIfAbsent(key(f.packageName(), f.version()), k -> new ArrayList<>()).add(f);
            }
        }
        return out;
    }

    static String key(String name, String version) {
        return name + "@" + version;
    }

    /** The purl npm packages get elsewhere in trustlock (scope as namespace, canonical encoding). */
    static String npmPurl(String name, String version) {
        String namespace = null;
        String local = name;
        if (name.startsWith("@") && name.indexOf('/') > 0) {
            namespace = name.substring(0, name.indexOf('/'));
            local = name.substring(name.indexOf('/') + 1);
        }
        try {
            return new PackageURL("npm", namespace, local, version.isEmpty() ? null : version, null, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            // A name the purl library refuses still needs a stable, readable identifier.
            return "pkg:npm/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                    + (version.isEmpty() ? "" : "@" + version);
        }
    }
}
