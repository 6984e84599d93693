package io.snapline.sidecar.config;

import io.snapline.engine.EngineSource;
import io.snapline.tailer.FileSequence;
import io.snapline.tailer.GlobFileSequence;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sources}: what to tail. Each item is a node's data root (one file sequence per stream and
 * layout) or a glob (one sequence). Sequence names key the stored positions, so two sources that
 * would produce the same name are refused here, at the line of the second one.
 */
final class SourcesSection {

    static final List<String> NODE_DATA_KEYS = List.of("node_data", "streams", "layouts");
    static final List<String> GLOB_KEYS = List.of("glob", "stream");

    private static final Map<String, NodeStream> STREAMS = new LinkedHashMap<>();
    private static final Map<String, NodeLayout> LAYOUTS = new LinkedHashMap<>();

    static {
        for (NodeStream stream : NodeStream.values()) {
            STREAMS.put(stream.directoryName(), stream);
        }
        LAYOUTS.put("plain", NodeLayout.PLAIN);
        LAYOUTS.put("streaming", NodeLayout.STREAMING);
        LAYOUTS.put("by_block", NodeLayout.BY_BLOCK);
    }

    private record Claim(String key, int line) {
    }

    private final List<EngineSource> sources = new ArrayList<>();
    private final Map<String, Claim> sequenceNames = new HashMap<>();

    /** The sources in file order; empty (with errors recorded) when the list is missing or wrong. */
    static List<EngineSource> read(YamlMap root) {
        SourcesSection section = new SourcesSection();
        root.required("sources", "a list of sources, each with node_data or glob")
                .flatMap(value -> value.list("a list of sources, each with node_data or glob"))
                .ifPresent(items -> {
                    if (items.isEmpty()) {
                        root.error("sources", "expected at least one source, got an empty list");
                    }
                    for (YamlValue item : items) {
                        item.map().ifPresent(section::readItem);
                    }
                });
        return section.sources;
    }

    private void readItem(YamlMap item) {
        boolean node = item.has("node_data");
        boolean glob = item.has("glob");
        if (node == glob) {
            item.errorHere("expected exactly one of node_data (a node's data directory) or glob (files matching"
                    + " a pattern), got " + (node ? "both" : "neither"));
        } else if (node) {
            readNodeData(item);
        } else {
            readGlob(item);
        }
    }

    private void readNodeData(YamlMap item) {
        item.allowOnly(NODE_DATA_KEYS);
        Optional<Path> root = item.get("node_data").flatMap(value -> value.as("a directory path", Path::of))
                .map(path -> path.toAbsolutePath().normalize());
        List<NodeStream> streams = names(item, "streams", STREAMS);
        List<NodeLayout> layouts = autoOrNames(item);
        if (root.isEmpty()) {
            return;
        }
        List<String> taken = new ArrayList<>();
        for (NodeStream stream : streams) {
            // Without a list, the layout the node writes now: one sequence per layout all the same,
            // so positions stored by a version that read every layout still match.
            List<FileSequence> sequences = new ArrayList<>();
            if (layouts == null) {
                sequences.addAll(HourlyFileSequence.activeLayout(root.get(), stream));
            } else {
                for (NodeLayout layout : layouts) {
                    sequences.add(new HourlyFileSequence(root.get(), stream, layout));
                }
            }
            for (FileSequence sequence : sequences) {
                claim(sequence, stream, item, "node_data").ifPresent(taken::add);
            }
        }
        if (!taken.isEmpty()) {
            // Hourly sequences are named by stream and layout alone, so two roots cannot share one.
            item.error("node_data", "file sequences " + String.join(", ", taken) + " are already read by an earlier"
                    + " source (" + String.join("; ", claimsOf(taken)) + "); stored positions are keyed by"
                    + " sequence name, so each stream and layout may be read from one node_data only");
        }
    }

    private void readGlob(YamlMap item) {
        item.allowOnly(GLOB_KEYS);
        Optional<GlobFileSequence> sequence = item.get("glob").flatMap(value -> value.as(
                "a file pattern such as /var/log/app/*.log, wildcards in the file name only", GlobFileSequence::new));
        Optional<NodeStream> stream = item.required("stream", "the stream whose parser reads the lines, one of "
                + String.join(", ", STREAMS.keySet())).flatMap(value -> value.oneOf(STREAMS));
        if (sequence.isPresent() && stream.isPresent()) {
            claim(sequence.get(), stream.get(), item, "glob").ifPresent(name -> item.error("glob",
                    "file sequence " + name + " is already read by " + String.join("; ", claimsOf(List.of(name)))
                    + "; stored positions are keyed by sequence name, so each glob may appear once"));
        }
    }

    /** Null for the active layout ({@code layouts} left out or {@code auto}), else the listed layouts. */
    private static List<NodeLayout> autoOrNames(YamlMap item) {
        Optional<YamlValue> value = item.get("layouts");
        if (value.isEmpty() || value.get().isScalar("auto")) {
            return null;
        }
        if (value.get().isScalar(null)) {
            value.get().error("expected auto or a list of one or more of " + String.join(", ", LAYOUTS.keySet())
                    + ", got " + value.get().text());
            return List.of();
        }
        return names(item, "layouts", LAYOUTS);
    }

    /** A list of names, none twice; all of {@code choices} when the key is left out. */
    private static <T> List<T> names(YamlMap item, String key, Map<String, T> choices) {
        Optional<YamlValue> value = item.get(key);
        if (value.isEmpty()) {
            return List.copyOf(choices.values());
        }
        String expected = "a list of one or more of " + String.join(", ", choices.keySet());
        List<T> chosen = new ArrayList<>();
        value.get().list(expected).ifPresent(entries -> {
            if (entries.isEmpty()) {
                value.get().error("expected " + expected + ", got an empty list");
            }
            for (YamlValue entry : entries) {
                entry.oneOf(choices).ifPresent(name -> {
                    if (chosen.contains(name)) {
                        entry.error("listed twice");
                    } else {
                        chosen.add(name);
                    }
                });
            }
        });
        return chosen;
    }

    /** Adds the source, or returns its sequence name when an earlier source already has it. */
    private Optional<String> claim(FileSequence sequence, NodeStream stream, YamlMap item, String key) {
        String name = sequence.name();
        if (sequenceNames.containsKey(name)) {
            return Optional.of(name);
        }
        sequenceNames.put(name, new Claim(item.child(key), item.lineOf(key)));
        sources.add(new EngineSource(sequence, stream));
        return Optional.empty();
    }

    private List<String> claimsOf(List<String> names) {
        return names.stream().map(sequenceNames::get).distinct()
                .map(claim -> claim.key() + " on line " + claim.line()).toList();
    }
}
