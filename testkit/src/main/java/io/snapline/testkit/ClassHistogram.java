package io.snapline.testkit;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Live instances and bytes per class, as {@code jcmd <pid> GC.class_histogram} prints them, read
 * in-process through the {@code DiagnosticCommand} MBean (which runs a full collection first). Slow
 * (a walk of the whole heap) and large (one entry per loaded class): taken only when asked for.
 */
public record ClassHistogram(List<Entry> entries) {

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    /** {@code "   1:        123456       7890123  [B (java.base@17.0.15)"} */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    /** One class: how many live instances, how many bytes they take (shallow). */
    public record Entry(String className, long instances, long bytes) {
    }

    public ClassHistogram {
        entries = List.copyOf(entries);
    }

    public static ClassHistogram take() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return parse((String) text);
        } catch (JMException e) {
            throw new IllegalStateException("no class histogram from " + DIAGNOSTIC_COMMAND, e);
        }
    }

    /** Reads the text {@code GC.class_histogram} prints; lines that are not a class's row are skipped. */
    public static ClassHistogram parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                entries.add(new Entry(row.group(3), Long.parseLong(row.group(1)), Long.parseLong(row.group(2))));
            }
        }
        return new ClassHistogram(entries);
    }

    public Map<String, Entry> byClass() {
        Map<String, Entry> byClass = new HashMap<>(entries.size() * 2);
        for (Entry entry : entries) {
            // The same name twice is two loaders' classes: one row for the name.
            byClass.merge(entry.className(), entry, (a, b) ->
                    new Entry(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
        }
        return byClass;
    }

    /** The {@code count} classes taking the most bytes, largest first. */
    public List<Entry> largest(int count) {
        return entries.stream().sorted(Comparator.comparingLong(Entry::bytes).reversed()).limit(count).toList();
    }
}
