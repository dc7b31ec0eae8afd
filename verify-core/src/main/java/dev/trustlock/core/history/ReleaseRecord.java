package dev.trustlock.core.history;

import dev.trustlock.core.attest.DistSignature;
import java.time.Instant;
import java.util.List;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the registry records about one published version, as far as trust is concerned.
 * {@code advertised} is the evidence the metadata claims; {@code verified}, when present, is what
 * a cryptographic check established and overrides it.
 *
 * @param publisherName  {@code _npmUser.name}
 * @param publisherEmail {@code _npmUser.email}
 * @param trustedPublisherId {@code _npmUser.trustedPublisher.id} (e.g. "github"), present when
 *                       the version was published through OIDC trusted publishing
 * @param provenanceAdvertised {@code dist.attestations.provenance} is present
 * @param registrySignatures {@code dist.signatures}, as listed (entries without keyid or sig left out)
 * @param integrity      {@code dist.integrity}, the tarball SRI the registry signs
 * @param shasum         {@code dist.shasum}, the tarball's sha1 in hex
 * @param attestationsUrl {@code dist.attestations.url}, where the registry serves the bundles
 * @param approver       {@code _npmUser.approver} of a staged publish ("name <e-mail>"): the maintainer
 *                       who approved a publish made by someone or something else
 * @param maintainers    {@code maintainers} names as the version's manifest lists them: who held publish
 *                       rights when it was published
 * @param installScripts only preinstall / install / postinstall, the ones npm runs on install
 * @param gypfile        {@code gypfile}: the tarball has a binding.gyp, which npm builds at install
 *                       with node-gyp even when no script says so
 * @param hasInstallScript {@code hasInstallScript}: the registry's own mark that installing runs a script
 * @param dependencies   {@code dependencies} merged with {@code optionalDependencies} (name → range)
 * @param distTags       the dist-tags that currently point at this version
 */
public record ReleaseRecord(
        String version,
        Optional<Instant> publishedAt,
        Optional<String> publisherName,
        Optional<String> publisherEmail,
        Optional<String> trustedPublisherId,
        boolean provenanceAdvertised,
        List<DistSignature> registrySignatures,
        Optional<String> integrity,
        Optional<String> shasum,
        Optional<String> attestationsUrl,
        Optional<String> gitHead,
        Optional<String> approver,
        SortedSet<String> maintainers,
        SortedMap<String, String> installScripts,
        boolean gypfile,
        boolean hasInstallScript,
        SortedMap<String, String> dependencies,
        SortedSet<String> distTags,
        Optional<EvidenceLevel> verified) {

    public ReleaseRecord {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(publisherName, "publisherName");
        Objects.requireNonNull(publisherEmail, "publisherEmail");
        Objects.requireNonNull(trustedPublisherId, "trustedPublisherId");
        registrySignatures = List.copyOf(registrySignatures);
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(shasum, "shasum");
        Objects.requireNonNull(attestationsUrl, "attestationsUrl");
        Objects.requireNonNull(gitHead, "gitHead");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(verified, "verified");
        maintainers = Collections.unmodifiableSortedSet(new TreeSet<>(maintainers));
        installScripts = Collections.unmodifiableSortedMap(new TreeMap<>(installScripts));
        dependencies = Collections.unmodifiableSortedMap(new TreeMap<>(dependencies));
        distTags = Collections.unmodifiableSortedSet(new TreeSet<>(distTags));
    }

    /**
     * The account name of "Jane Doe <jane@example.com>" or "jane", the forms npm writes people in
     * ({@code approver}, old {@code maintainers} entries); empty when there is no name.
     */
    public static Optional<String> accountName(String person) {
        int lt = person.indexOf('<');
        String name = (lt >= 0 ? person.substring(0, lt) : person).trim();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    public boolean trustedPublisher() {
        return trustedPublisherId.isPresent();
    }

    /** The level the registry metadata claims, ranked as pnpm does. */
    public EvidenceLevel advertised() {
        if (trustedPublisher()) {
            return EvidenceLevel.TRUSTED_PUBLISHER;
        }
        if (provenanceAdvertised) {
            return EvidenceLevel.PROVENANCE;
        }
        return registrySignatures.isEmpty() ? EvidenceLevel.NONE : EvidenceLevel.REGISTRY_SIGNATURE_ONLY;
    }

    /** The verified level when a check was made, else the advertised one. */
    public EvidenceLevel evidence() {
        return verified.orElseGet(this::advertised);
    }

    /**
     * What installing this release runs: its install scripts, a binding.gyp (as
     * {@code binding.gyp}), and the registry's install-script mark (as {@code hasInstallScript})
     * when no script explains it. Name to what runs.
     */
    public SortedMap<String, String> installVectors() {
        SortedMap<String, String> v = new TreeMap<>(installScripts);
        if (gypfile) {
            v.put("binding.gyp", "node-gyp rebuild");
        }
        if (hasInstallScript && installScripts.isEmpty() && !gypfile) {
            v.put("hasInstallScript", "an install script the manifest does not show");
        }
        return Collections.unmodifiableSortedMap(v);
    }

    public ReleaseLine line() {
        return ReleaseLine.of(version);
    }

    /** This release without a publish time: its registry's times are not believed. */
    public ReleaseRecord undated() {
        return new ReleaseRecord(version, Optional.empty(), publisherName, publisherEmail, trustedPublisherId,
                provenanceAdvertised, registrySignatures, integrity, shasum, attestationsUrl, gitHead, approver,
                maintainers, installScripts, gypfile, hasInstallScript, dependencies, distTags, verified);
    }

    public ReleaseRecord withVerified(EvidenceLevel level) {
        return new ReleaseRecord(version, publishedAt, publisherName, publisherEmail, trustedPublisherId,
                provenanceAdvertised, registrySignatures, integrity, shasum, attestationsUrl, gitHead, approver,
                maintainers, installScripts, gypfile, hasInstallScript, dependencies, distTags, Optional.of(level));
    }
}
