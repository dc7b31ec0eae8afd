package dev.trustlock.core.sbom;

import dev.trustlock.core.lockfile.DependencyGraph;
import dev.trustlock.core.lockfile.DependencyKind;
import dev.trustlock.core.lockfile.Edge;
import dev.trustlock.core.lockfile.PackageKey;
import dev.trustlock.core.lockfile.PackageNode;
import dev.trustlock.core.lockfile.Scope;
import dev.trustlock.core.lockfile.SourceType;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * Turns a {@link DependencyGraph} into a CycloneDX {@link Bom}: the project as the metadata
 * component, one component per distinct package (workspaces included), scopes from the graph,
 * hashes decoded from integrity, and the full dependency graph. Output order is sorted so the
 * same lockfile always gives the same document.
 */
public final class SbomBuilder {

    /** Property names from the CycloneDX npm taxonomy (cyclonedx-property-taxonomy, cdx:npm). */
    static final String PROP_DEVELOPMENT = "cdx:npm:package:development";
    static final String PROP_BUNDLED = "cdx:npm:package:bundled";
    static final String PROP_PATH = "cdx:npm:package:path";
    /** trustlock's own: names dependents use for this package through npm: aliases. */
    static final String PROP_ALIAS = "trustlock:npm:alias";
    static final String PROP_WORKSPACE = "trustlock:npm:workspace";

    private final String toolVersion;

    public SbomBuilder(String toolVersion) {
        this.toolVersion = toolVersion;
    }

    public Bom build(DependencyGraph graph, SbomOptions options) {
        SortedMap<PackageKey, Scope> scopes = graph.scopes();
        Set<PackageKey> omitted = omitted(graph, scopes, options.omit());

        Map<PackageKey, String> refs = new HashMap<>();
        for (PackageNode n : graph.nodes().values()) {
            refs.put(n.key(), Purls.of(n));
        }

        Bom bom = new Bom();
        Metadata metadata = new Metadata();
        options.timestamp().ifPresent(t -> metadata.setTimestamp(Date.from(t)));
        metadata.setToolChoice(tools());
        Component root = component(graph.rootNode(), refs, null);
        root.setType(Component.Type.APPLICATION);
        metadata.setComponent(root);
        bom.setMetadata(metadata);

        List<Component> components = new ArrayList<>();
        for (PackageNode n : graph.nodes().values()) {
            if (n.source() == SourceType.ROOT || omitted.contains(n.key())) {
                continue;
            }
            components.add(component(n, refs, scopes.get(n.key())));
        }
        bom.setComponents(components);

        List<Dependency> dependencies = new ArrayList<>();
        for (PackageNode n : graph.nodes().values()) {
            if (omitted.contains(n.key())) {
                continue;
            }
            Dependency d = new Dependency(refs.get(n.key()));
            TreeSet<String> targets = new TreeSet<>();
            for (Edge e : graph.edgesFrom(n.key())) {
                if (!omitted.contains(e.to())) {
                    targets.add(refs.get(e.to()));
                }
            }
            for (String t : targets) {
                d.addDependency(new Dependency(t));
            }
            dependencies.add(d);
        }
        dependencies.sort((a, b) -> a.getRef().compareTo(b.getRef()));
        bom.setDependencies(dependencies);
        bom.setSerialNumber(serialNumber(graph, refs, omitted));
        return bom;
    }

    private static Set<PackageKey> omitted(DependencyGraph graph, SortedMap<PackageKey, Scope> scopes,
                                           Set<SbomOptions.Omit> omit) {
        Set<PackageKey> result = new java.util.HashSet<>();
        if (omit.isEmpty()) {
            return result;
        }
        Set<PackageKey> withoutPeers = omit.contains(SbomOptions.Omit.PEER)
                ? graph.reachable(EnumSet.of(DependencyKind.PROD, DependencyKind.OPTIONAL)) : Set.of();
        for (Map.Entry<PackageKey, Scope> e : scopes.entrySet()) {
            Scope s = e.getValue();
            boolean drop = (s == Scope.DEV && omit.contains(SbomOptions.Omit.DEV))
                    || (s == Scope.OPTIONAL && omit.contains(SbomOptions.Omit.OPTIONAL))
                    || (s != Scope.DEV && omit.contains(SbomOptions.Omit.PEER) && !withoutPeers.contains(e.getKey()));
            if (drop) {
                result.add(e.getKey());
            }
        }
        return result;
    }

    private Component component(PackageNode n, Map<PackageKey, String> refs, Scope scope) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        String name = n.name();
        if (name.startsWith("@") && name.indexOf('/') > 0) {
            c.setGroup(name.substring(0, name.indexOf('/')));
            c.setName(name.substring(name.indexOf('/') + 1));
        } else {
            c.setName(name);
        }
        c.setVersion(n.version());
        String ref = refs.get(n.key());
        c.setBomRef(ref);
        c.setPurl(ref);
        if (scope != null) {
            c.setScope(switch (scope) {
                case REQUIRED -> Component.Scope.REQUIRED;
                case OPTIONAL -> Component.Scope.OPTIONAL;
                case DEV -> Component.Scope.EXCLUDED;
            });
        }
        List<Hash> hashes = new ArrayList<>();
        n.integrity().ifPresent(sri -> Integrity.decode(sri).forEach(d -> hashes.add(new Hash(d.algorithm(), d.hex()))));
        if (!hashes.isEmpty()) {
            c.setHashes(hashes);
        }
        n.license().flatMap(Licenses::choice).ifPresent(c::setLicenses);
        n.resolved().ifPresent(url -> {
            ExternalReference.Type type = switch (n.source()) {
                case GIT -> ExternalReference.Type.VCS;
                case REGISTRY, REMOTE_TARBALL -> ExternalReference.Type.DISTRIBUTION;
                default -> null;
            };
            if (type != null && (url.contains("://") || n.source() == SourceType.GIT)) {
                ExternalReference r = new ExternalReference();
                r.setType(type);
                r.setUrl(url);
                c.setExternalReferences(List.of(r));
            }
        });
        Map<String, String> props = new LinkedHashMap<>();
        if (scope == Scope.DEV) {
            props.put(PROP_DEVELOPMENT, "true");
        }
        if (n.bundled()) {
            props.put(PROP_BUNDLED, "true");
        }
        if (n.source() == SourceType.WORKSPACE) {
            props.put(PROP_WORKSPACE, "true");
        }
        n.path().filter(p -> !p.isEmpty()).ifPresent(p -> props.put(PROP_PATH, p));
        List<Property> properties = new ArrayList<>();
        props.forEach((k, v) -> properties.add(property(k, v)));
        for (String alias : n.aliases()) {
            properties.add(property(PROP_ALIAS, alias));
        }
        if (!properties.isEmpty()) {
            c.setProperties(properties);
        }
        return c;
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }

    private ToolInformation tools() {
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setGroup("dev.trustlock");
        tool.setName("trustlock");
        tool.setVersion(toolVersion);
        ToolInformation info = new ToolInformation();
        info.setComponents(List.of(tool));
        return info;
    }

    /**
     * A serial number derived from the content, not random: the same lockfile yields the same
     * document byte for byte (when no timestamp is asked for), as reproducible builds expect.
     */
    private static String serialNumber(DependencyGraph graph, Map<PackageKey, String> refs, Set<PackageKey> omitted) {
        ContentUuid id = new ContentUuid();
        for (PackageNode n : graph.nodes().values()) {
            if (!omitted.contains(n.key())) {
                id.add(refs.get(n.key())).add(n.integrity().orElse(""));
            }
        }
        for (Edge e : graph.edges()) {
            if (!omitted.contains(e.from()) && !omitted.contains(e.to())) {
                id.add(refs.get(e.from())).add(refs.get(e.to())).add(e.kind().name());
            }
        }
        return "urn:uuid:" + id.uuid();
    }
}
