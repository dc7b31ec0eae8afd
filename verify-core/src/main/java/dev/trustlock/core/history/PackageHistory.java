package dev.trustlock.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.trustlock.core.attest.DistSignature;
import dev.trustlock.core.attest.ReleaseCheck;
import dev.trustlock.core.attest.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The publish history of one package, built from a FULL packument (the abbreviated
 * {@code application/vnd.npm.install-v1+json} form lacks {@code _npmUser} and {@code gitHead}).
 * Pure: the caller fetched the JSON.
 *
 * <p>"Earlier" means published earlier by {@code time[version]}, not lower in semver: a 0.x patch
 * published after 1.x is later. A release without a recorded time (rare: mirrors, hand-made
 * snapshots) is compared with its line by semver precedence only, and is never a baseline for
 * timed releases, since we cannot know when it appeared.
 */
public final class PackageHistory {

    private static final List<String> INSTALL_SCRIPTS = List.of("preinstall", "install", "postinstall");

    private final String name;
    private final SortedMap<String, ReleaseRecord> releases;
    private final SortedMap<String, String> distTags;
    private final Optional<String> timesContradicted;
    private final boolean registryRewritesTimes;

    private PackageHistory(String name, SortedMap<String, ReleaseRecord> releases, SortedMap<String, String> distTags,
            Optional<String> timesContradicted, boolean registryRewritesTimes) {
        this.name = name;
        this.releases = java.util.Collections.unmodifiableSortedMap(releases);
        this.distTags = java.util.Collections.unmodifiableSortedMap(distTags);
        this.timesContradicted = timesContradicted;
        this.registryRewritesTimes = registryRewritesTimes;
    }

    /**
     * Patch releases of one minor published out of order that make a packument's {@code time}
     * unbelievable. npm sets {@code time} when a version is published, and nobody publishes x.y.3
     * before x.y.2 (backports go to other minors), so among the 375 real packuments of the
     * calibration set one package has one such pair and none has two; a mirror that rewrote the
     * times has them by the dozen (in 338 of 453 packuments of one such mirror).
     */
    static final int CONTRADICTIONS = 2;

    /**
     * Reads a full packument. Fields of the wrong type are treated as absent rather than fatal:
     * a registry quirk in one old version must not stop the check of the others.
     *
     * @throws IllegalArgumentException when the document is not a packument at all
     */
    public static PackageHistory fromPackument(JsonNode packument) {
        if (packument == null || !packument.isObject()) {
            throw new IllegalArgumentException("packument is not a JSON object");
        }
        String name = text(packument.get("name")).orElseThrow(
                () -> new IllegalArgumentException("packument has no name"));
        JsonNode versions = packument.get("versions");
        if (versions == null || !versions.isObject()) {
            throw new IllegalArgumentException("packument for " + name + " has no versions object");
        }
        SortedMap<String, String> tags = new TreeMap<>();
        JsonNode tagNode = packument.path("dist-tags");
        for (Map.Entry<String, JsonNode> e : tagNode.properties()) {
            text(e.getValue()).ifPresent(v -> tags.put(e.getKey(), v));
        }
        JsonNode time = packument.path("time");
        Optional<String> contradicted = contradiction(versions, time);
        SortedMap<String, ReleaseRecord> records = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : versions.properties()) {
            String version = e.getKey();
            // Times that contradict the versions are no times: every release is undated, so
            // releases are compared in version order and only signed log times can date them.
            records.put(version, record(version, e.getValue(),
                    contradicted.isPresent() ? MissingNode.getInstance()
                            : time.path(version), tags));
        }
        return new PackageHistory(name, records, tags, contradicted, false);
    }

    /**
     * "1.7.9 before 1.7.8" when {@link #CONTRADICTIONS} or more pairs of consecutive stable patch
     * releases of one minor have their times the wrong way round; empty when the times are believable.
     */
    private static Optional<String> contradiction(JsonNode versions, JsonNode time) {
        SortedMap<Semver, Dated> stable = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : versions.properties()) {
            Optional<Semver> v = Semver.parse(e.getKey()).filter(s -> !s.isPrerelease());
            Optional<Instant> when = instant(time.path(e.getKey()));
            if (v.isPresent() && when.isPresent()) {
                stable.put(v.get(), new Dated(e.getKey(), when.get()));
            }
        }
        int found = 0;
        String first = null;
        Map.Entry<Semver, Dated> previous = null;
        for (Map.Entry<Semver, Dated> e : stable.entrySet()) {
            Semver v = e.getKey();
            if (previous != null && previous.getKey().major() == v.major() && previous.getKey().minor() == v.minor()
                    && e.getValue().at().isBefore(previous.getValue().at())) {
                found++;
                if (first == null) {
                    first = e.getValue().version() + " before " + previous.getValue().version();
                }
            }
            previous = e;
        }
        return found >= CONTRADICTIONS ? Optional.of(first) : Optional.empty();
    }

    /** A version as the packument spells it, and the time the packument gives it. */
    private record Dated(String version, Instant at) {
    }

    /**
     * Why the packument's publish times were not believed ("1.7.9 before 1.7.8"), if they were
     * not: they contradict the order of its versions, so its releases carry no registry time.
     */
    public Optional<String> timesContradicted() {
        return timesContradicted;
    }

    /** Why this history has no publish times although its registry gave some, if so. */
    public Optional<String> timesDisbelieved() {
        if (timesContradicted.isPresent()) {
            return Optional.of("they contradict its versions: " + timesContradicted.get());
        }
        return registryRewritesTimes ? Optional.of("its registry rewrites publish times") : Optional.empty();
    }

    private static ReleaseRecord record(String version, JsonNode v, JsonNode time, Map<String, String> tags) {
        JsonNode user = v.path("_npmUser");
        JsonNode dist = v.path("dist");
        List<DistSignature> signatures = new ArrayList<>();
        for (JsonNode s : dist.path("signatures")) {
            Optional<String> keyid = text(s.get("keyid"));
            Optional<String> sig = text(s.get("sig"));
            if (keyid.isPresent() && sig.isPresent()) {
                signatures.add(new DistSignature(keyid.get(), sig.get()));
            }
        }
        JsonNode provenance = dist.path("attestations").path("provenance");
        JsonNode tp = user.path("trustedPublisher");
        Optional<String> trustedPublisher = tp.isObject()
                ? Optional.of(text(tp.get("id")).orElse("unknown"))
                : Optional.empty();
        SortedMap<String, String> scripts = new TreeMap<>();
        JsonNode scriptNode = v.path("scripts");
        for (String s : INSTALL_SCRIPTS) {
            text(scriptNode.get(s)).ifPresent(cmd -> scripts.put(s, cmd));
        }
        SortedMap<String, String> deps = new TreeMap<>();
        for (String section : List.of("dependencies", "optionalDependencies")) {
            for (Map.Entry<String, JsonNode> d : v.path(section).properties()) {
                deps.put(d.getKey(), text(d.getValue()).orElse(""));
            }
        }
        JsonNode approverNode = user.path("approver");
        Optional<String> approver = text(approverNode.get("name"))
                .map(n -> n + text(approverNode.get("email")).map(e -> " <" + e + ">").orElse(""));
        TreeSet<String> maintainers = new TreeSet<>();
        for (JsonNode m : v.path("maintainers")) {
            // Either {"name", "email"} or the old "name <email>" string.
            text(m.isObject() ? m.get("name") : m).flatMap(ReleaseRecord::accountName).ifPresent(maintainers::add);
        }
        TreeSet<String> versionTags = new TreeSet<>();
        tags.forEach((tag, target) -> {
            if (target.equals(version)) {
                versionTags.add(tag);
            }
        });
        return new ReleaseRecord(version, instant(time), text(user.get("name")), text(user.get("email")),
                trustedPublisher, provenance.isObject(), signatures, text(dist.get("integrity")), text(dist.get("shasum")),
                text(dist.path("attestations").get("url")), text(v.get("gitHead")), approver, maintainers, scripts,
                v.path("gypfile").asBoolean(false), v.path("hasInstallScript").asBoolean(false), deps, versionTags,
                Optional.empty());
    }

    private static Optional<Instant> instant(JsonNode node) {
        return text(node).flatMap(t -> {
            try {
                return Optional.of(Instant.parse(t));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    public String name() {
        return name;
    }

    /** Every version, keyed by version string. */
    public SortedMap<String, ReleaseRecord> releases() {
        return releases;
    }

    public SortedMap<String, String> distTags() {
        return distTags;
    }

    public Optional<ReleaseRecord> release(String version) {
        return Optional.ofNullable(releases.get(version));
    }

    /**
     * A copy without publish times: its registry rewrites them for so many packages that none of
     * its times is believed, this package's own included.
     */
    public PackageHistory undated() {
        SortedMap<String, ReleaseRecord> copy = new TreeMap<>();
        releases.forEach((v, r) -> copy.put(v, r.undated()));
        return new PackageHistory(name, copy, distTags, timesContradicted, true);
    }

    /** A copy in which {@code version}'s evidence is what the caller verified. */
    public PackageHistory withVerified(String version, EvidenceLevel level) {
        ReleaseRecord r = releases.get(version);
        if (r == null) {
            return this;
        }
        SortedMap<String, ReleaseRecord> copy = new TreeMap<>(releases);
        copy.put(version, r.withVerified(level));
        return new PackageHistory(name, copy, distTags, timesContradicted, registryRewritesTimes);
    }

    /** {@link #withVerified(String, EvidenceLevel)} with the level the checks proved (see {@link EvidenceLevel#effective}). */
    public PackageHistory withVerification(String version, ReleaseCheck check) {
        return release(version)
                .map(r -> withVerified(version, EvidenceLevel.effective(check, r.trustedPublisher())))
                .orElse(this);
    }

    /**
     * A copy in which an earlier release's evidence is what its attestations proved: its registry
     * signature was not checked, so without verified provenance it counts at most as signed.
     */
    public PackageHistory withEarlierAttestations(String version, VerificationResult attestations) {
        return release(version)
                .map(r -> withVerified(version, EvidenceLevel.ofAttestations(attestations, r)))
                .orElse(this);
    }

    /** When the package was first published: its earliest recorded release. */
    public Optional<Instant> firstPublished() {
        return releases.values().stream().map(ReleaseRecord::publishedAt).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /** All releases of {@code line}, oldest first (see the class comment for the order). */
    public List<ReleaseRecord> line(ReleaseLine line) {
        List<ReleaseRecord> out = new ArrayList<>();
        for (ReleaseRecord r : releases.values()) {
            if (r.line().equals(line)) {
                out.add(r);
            }
        }
        out.sort(CHRONOLOGICAL);
        return out;
    }

    /** Releases of the same line published before {@code version}, oldest first. */
    public List<ReleaseRecord> earlierInLine(String version) {
        ReleaseRecord self = releases.get(version);
        if (self == null) {
            return List.of();
        }
        List<ReleaseRecord> out = new ArrayList<>();
        for (ReleaseRecord r : line(self.line())) {
            if (!r.version().equals(version) && before(r, self)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * How long before a release another one must have been published to count as its baseline.
     * An attacker with a stolen token or CI credentials often publishes several versions within
     * minutes or hours (two per package in the TanStack-style compromise); compared with its
     * immediate predecessor, the second would look like more of the same. Releases this close
     * before it are not trusted to say what the package normally looks like.
     */
    public static final Duration SETTLED = Duration.ofDays(1);

    /**
     * Releases of the line published at least {@link #SETTLED} before {@code version}, oldest
     * first; for an undated release, every earlier one of the line.
     */
    public List<ReleaseRecord> settledInLine(String version) {
        ReleaseRecord self = releases.get(version);
        if (self == null || self.publishedAt().isEmpty()) {
            return earlierInLine(version);
        }
        Instant cutoff = self.publishedAt().get().minus(SETTLED);
        return earlierInLine(version).stream()
                .filter(r -> r.publishedAt().map(t -> !t.isAfter(cutoff)).orElse(true)).toList();
    }

    /**
     * What {@code version} is compared with for what it adds (dependencies, install scripts):
     * the last settled release of its line, else (for a new line) the last release of the
     * package published at least {@link #SETTLED} before it, else its immediate predecessor
     * (a package's second release may come within a day of its first).
     */
    public Optional<ReleaseRecord> baseline(String version) {
        List<ReleaseRecord> settled = settledInLine(version);
        if (!settled.isEmpty()) {
            return Optional.of(settled.get(settled.size() - 1));
        }
        ReleaseRecord self = releases.get(version);
        if (self != null && self.publishedAt().isPresent()) {
            Instant cutoff = self.publishedAt().get().minus(SETTLED);
            Optional<ReleaseRecord> any = releases.values().stream()
                    .filter(r -> r.publishedAt().map(t -> !t.isAfter(cutoff)).orElse(false))
                    .max(CHRONOLOGICAL);
            if (any.isPresent()) {
                return any;
            }
        }
        return previousRelease(version);
    }

    /** The release published last before {@code version} in its line, if any. */
    public Optional<ReleaseRecord> previousInLine(String version) {
        List<ReleaseRecord> earlier = earlierInLine(version);
        return earlier.isEmpty() ? Optional.empty() : Optional.of(earlier.get(earlier.size() - 1));
    }

    /**
     * The previous release in the line, else (for the first release of a new line) the release
     * published last before it in any line: a new major still inherits the package's habits.
     */
    public Optional<ReleaseRecord> previousRelease(String version) {
        Optional<ReleaseRecord> inLine = previousInLine(version);
        if (inLine.isPresent()) {
            return inLine;
        }
        ReleaseRecord self = releases.get(version);
        if (self == null || self.publishedAt().isEmpty()) {
            return Optional.empty();
        }
        return releases.values().stream()
                .filter(r -> !r.version().equals(version) && r.publishedAt().isPresent()
                        && r.publishedAt().get().isBefore(self.publishedAt().get()))
                .max(CHRONOLOGICAL);
    }

    private static boolean before(ReleaseRecord a, ReleaseRecord b) {
        if (a.publishedAt().isPresent() && b.publishedAt().isPresent()) {
            return a.publishedAt().get().isBefore(b.publishedAt().get());
        }
        if (b.publishedAt().isPresent()) {
            return false; // an undated release is no baseline for a dated one
        }
        return precedence(a, b) < 0;
    }

    private static int precedence(ReleaseRecord a, ReleaseRecord b) {
        return Semver.VERSION_ORDER.compare(a.version(), b.version());
    }

    /** Dated releases by time, then undated ones; version precedence (and text) breaks ties. */
    public static final Comparator<ReleaseRecord> CHRONOLOGICAL = (a, b) -> {
        if (a.publishedAt().isPresent() != b.publishedAt().isPresent()) {
            return a.publishedAt().isPresent() ? -1 : 1;
        }
        int c = a.publishedAt().isPresent() ? a.publishedAt().get().compareTo(b.publishedAt().get()) : 0;
        return c != 0 ? c : precedence(a, b);
    };

    @Override
    public boolean equals(Object o) {
        return o instanceof PackageHistory h && h.name.equals(name) && h.releases.equals(releases)
                && h.distTags.equals(distTags) && h.timesContradicted.equals(timesContradicted)
                && h.registryRewritesTimes == registryRewritesTimes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, releases, distTags);
    }

    @Override
    public String toString() {
        return "PackageHistory[" + name + ", " + releases.size() + " releases]";
    }
}
