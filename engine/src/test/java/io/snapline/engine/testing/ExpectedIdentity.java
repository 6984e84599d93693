package io.snapline.engine.testing;

import io.snapline.records.testing.JsonTree;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity each event of a file sequence must carry, worked out from the files read with
 * Jackson, independent of the engine: walking one sequence's lines in file order, an event's
 * index is the number of events its block had in earlier lines (streaming) plus its place in its
 * line; a by-block line is a whole block. Keys are {@code path@offset#i}, the i-th event of the line.
 */
public final class ExpectedIdentity {

    private ExpectedIdentity() {
    }

    /** The event indexes of a sequence's files, given in file order; {@code byBlock} for a by-block sequence. */
    public static Map<String, Long> eventIndexes(List<Path> files, boolean byBlock) throws IOException {
        return eventIndexes(files, byBlock, java.util.Set.of());
    }

    /** As above, leaving out the lines (keys {@code path@offset}) the engine makes dead letters: it cannot count them. */
    @SuppressWarnings("unchecked")
    public static Map<String, Long> eventIndexes(List<Path> files, boolean byBlock, java.util.Set<String> deadLetters)
            throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        long lastBlock = -1;
        long count = 0;
        for (Path file : files) {
            for (FileLines.Line line : FileLines.read(file)) {
                if (deadLetters.contains(file + "@" + line.offset())) {
                    continue;
                }
                Object root;
                try {
                    root = JsonTree.parse(line.bytes());
                } catch (RuntimeException notJson) {
                    continue; // a dead letter has no identity
                }
                if (!(root instanceof Map<?, ?> map) || !ExpectedViews.hasBlock(map.get("block_number"))) {
                    continue;
                }
                long block = ((Number) map.get("block_number")).longValue();
                List<Object> events = (List<Object>) map.get("events");
                long base = !byBlock && block == lastBlock ? count : 0;
                for (int i = 0; i < events.size(); i++) {
                    out.put(file + "@" + line.offset() + "#" + i, base + i);
                }
                if (block >= lastBlock) {
                    count = base + events.size();
                    lastBlock = block;
                }
            }
        }
        return out;
    }

    /**
     * Gives the views of one line ({@link ExpectedViews#of}, which knows only the line) the event
     * indexes the whole sequence gives them ({@link #eventIndexes}); a view without one (plain) stays so.
     */
    public static List<Map<String, Object>> apply(Map<String, Long> indexes, String lineKey,
                                                  List<Map<String, Object>> views) {
        for (int i = 0; i < views.size(); i++) {
            Long index = indexes.get(lineKey + "#" + i);
            if (index != null && views.get(i).containsKey("eventIndex")) {
                views.get(i).put("eventIndex", index);
            }
        }
        return views;
    }
}
