package dev.trustlock.core.policy;

import dev.trustlock.core.lockfile.LockfileException;
import dev.trustlock.core.lockfile.SafeParsers;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the line and column of a value in a YAML file, for error messages only. The parsed tree
 * has no positions, so on error the (already successfully parsed, size-checked) file is composed
 * once more into snakeyaml's node graph, which keeps them.
 */
final class YamlPositions {

    private YamlPositions() {
    }

    /** {line, column}, 1-based, or {0, 0} when not found. */
    static int[] find(Path file, List<Object> path, boolean atKey) {
        try {
            String text = SafeParsers.readText(file);
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(dev.trustlock.core.io.Limits.YAML_ALIASES);
            options.setNestingDepthLimit(dev.trustlock.core.io.Limits.YAML_DEPTH);
            options.setAllowDuplicateKeys(false);
            Node node = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
            Node keyNode = null;
            for (Object seg : path) {
                if (node instanceof MappingNode m) {
                    Node next = null;
                    for (NodeTuple t : m.getValue()) {
                        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(seg.toString())) {
                            keyNode = k;
                            next = t.getValueNode();
                            break;
                        }
                    }
                    node = next;
                } else if (node instanceof SequenceNode s && seg instanceof Integer i && i < s.getValue().size()) {
                    node = s.getValue().get(i);
                    keyNode = null;
                } else {
                    node = null;
                }
                if (node == null) {
                    break;
                }
            }
            // An unknown key is reported at the key itself; a bad value at the value.
            Node at = atKey && keyNode != null ? keyNode : node != null ? node : keyNode;
            if (at == null || at.getStartMark() == null) {
                return new int[] {0, 0};
            }
            return new int[] {at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1};
        } catch (LockfileException | RuntimeException e) {
            return new int[] {0, 0};
        }
    }
}
