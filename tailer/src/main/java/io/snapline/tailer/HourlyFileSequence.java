package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One layout of one node stream: {@code <root>/<stream><suffix>/hourly/YYYYMMDD/H}.
 *
 * <p>Hours are {@code 0}..{@code 23} without zero padding, so files are ordered by the number
 * {@code YYYYMMDD * 100 + H}, never by name ({@code 9} comes before {@code 10}). Names that are
 * not a date or an hour (a renamed {@code 10.old}, an editor's temp file) are not part of it.
 */
public final class HourlyFileSequence implements FileSequence {

    private final String name;
    private final Path nodeDataRoot;
    private final Path hourlyDirectory;
    private final NodeStream stream;
    private final NodeLayout layout;
    private final boolean followsActiveLayout;

    /** One layout read whatever the node writes now: chosen explicitly. */
    public HourlyFileSequence(Path nodeDataRoot, NodeStream stream, NodeLayout layout) {
        this(nodeDataRoot, stream, layout, false);
    }

    private HourlyFileSequence(Path nodeDataRoot, NodeStream stream, NodeLayout layout, boolean followsActiveLayout) {
        this.name = layout.directoryName(stream);
        this.nodeDataRoot = nodeDataRoot;
        this.hourlyDirectory = nodeDataRoot.resolve(name).resolve("hourly");
        this.stream = stream;
        this.layout = layout;
        this.followsActiveLayout = followsActiveLayout;
    }

    /**
     * The sequences of every layout of a stream, each read in full: the explicit choice of all three.
     * With two layouts of one hour on disk, its events are read twice; see {@link #activeLayout}.
     */
    public static List<FileSequence> allLayouts(Path nodeDataRoot, NodeStream stream) {
        List<FileSequence> sequences = new ArrayList<>();
        for (NodeLayout layout : NodeLayout.values()) {
            sequences.add(new HourlyFileSequence(nodeDataRoot, stream, layout));
        }
        return sequences;
    }

    /**
     * The sequences of every layout of a stream, of which the tailer reads the one the node is
     * writing now (docs/tailer.md, "Which layout is read"). Each keeps its own name, so positions
     * stored by a version that read every layout still match.
     */
    public static List<FileSequence> activeLayout(Path nodeDataRoot, NodeStream stream) {
        List<FileSequence> sequences = new ArrayList<>();
        for (NodeLayout layout : NodeLayout.values()) {
            sequences.add(new HourlyFileSequence(nodeDataRoot, stream, layout, true));
        }
        return sequences;
    }

    public NodeStream stream() {
        return stream;
    }

    public NodeLayout layout() {
        return layout;
    }

    /** Whether the tailer reads this layout only while it is the stream's active one. */
    public boolean followsActiveLayout() {
        return followsActiveLayout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Path> discover() throws IOException {
        Listing listing = new Listing();
        list(listing);
        return listing.files();
    }

    /**
     * Every name that is an hour in a directory that is a day; whether it is a regular file under
     * the root is the tailer's check, so a link or a FIFO is reported rather than silently left out.
     * An unreadable day directory is reported and the other days are still listed.
     */
    @Override
    public void list(Listing listing) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path day : list(hourlyDirectory, listing)) {
            // Listed rather than tested with isDirectory first: a day that cannot be read (permission
            // denied, a link loop) must be reported, and its files' positions kept, not passed over.
            if (dayNumber(day.getFileName().toString()) >= 0) {
                for (Path hourFile : list(day, listing)) {
                    if (hourNumber(hourFile.getFileName().toString()) >= 0 && !Files.isDirectory(hourFile)) {
                        files.add(hourFile);
                    }
                }
            }
        }
        files.sort(Comparator.comparingLong(HourlyFileSequence::orderKey));
        for (Path file : files) {
            listing.file(file);
        }
    }

    @Override
    public Path root() {
        return nodeDataRoot;
    }

    @Override
    public List<Path> watchDirectories() {
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(hourlyDirectory)) {
            dirs.add(hourlyDirectory);
            try {
                // The newest two days: the current one and the one that may still get late writes.
                List<Path> days = new ArrayList<>();
                for (Path day : list(hourlyDirectory)) {
                    if (dayNumber(day.getFileName().toString()) >= 0 && Files.isDirectory(day)) {
                        days.add(day);
                    }
                }
                days.sort(Comparator.comparingLong(d -> dayNumber(d.getFileName().toString())));
                dirs.addAll(days.subList(Math.max(0, days.size() - 2), days.size()));
            } catch (IOException e) {
                // Watching is an optimisation; polling still finds the files.
            }
        }
        return dirs;
    }

    /** {@code YYYYMMDD * 100 + H} for an hourly file path; the hour key of docs/tailer.md. */
    static long orderKey(Path hourFile) {
        return dayNumber(hourFile.getParent().getFileName().toString()) * 100
                + hourNumber(hourFile.getFileName().toString());
    }

    /** The date directory as a number, or -1 if the name is not eight digits. */
    static long dayNumber(String name) {
        if (name.length() != 8) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The hour file name as a number 0..23 written without padding, or -1. */
    static int hourNumber(String name) {
        if (name.isEmpty() || name.length() > 2 || (name.length() == 2 && name.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 23 ? value : -1;
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                entries.add(entry);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Not there (yet): the node creates directories when it first writes.
        }
        return entries;
    }

    /** The entries of {@code dir}; none if it is missing, and reported if it cannot be read. */
    private static List<Path> list(Path dir, Listing listing) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                entries.add(entry);
            }
            listing.listed(dir);
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Not there (yet): the node creates directories when it first writes.
        } catch (IOException | DirectoryIteratorException e) {
            listing.unreadable(dir, e instanceof IOException io ? io : ((DirectoryIteratorException) e).getCause());
            entries.clear(); // a listing that failed half way is no listing
        }
        return entries;
    }

    @Override
    public String toString() {
        return name + " (" + hourlyDirectory + ")";
    }
}
