package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ordinary log files matched by a glob on the file name, such as {@code /var/log/app/*.log}.
 *
 * <p>The directory part is fixed and the pattern applies to names inside it. Files are ordered by
 * last-modified time, then name, so that the file being written is last, whatever the rotation
 * scheme calls its predecessors ({@code app.log.1}, {@code app-2026-11-22.log}, ...).
 */
public final class GlobFileSequence implements FileSequence {

    private final String name;
    private final Path directory;
    private final PathMatcher matcher;

    public GlobFileSequence(String glob) {
        Path pattern = Path.of(glob);
        Path parent = pattern.getParent();
        String namePattern = pattern.getFileName() == null ? "*" : pattern.getFileName().toString();
        if (parent != null && containsGlobCharacter(parent.toString())) {
            throw new IllegalArgumentException("glob '" + glob
                    + "': only the file name may hold wildcards, the directory must be a plain path");
        }
        this.name = glob;
        this.directory = parent == null ? Path.of(".") : parent;
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + namePattern);
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

    @Override
    public Path root() {
        return directory;
    }

    /** Names that match and are not directories; whether each is a regular file is the tailer's check. */
    @Override
    public void list(Listing listing) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path entry : stream) {
                if (matcher.matches(entry.getFileName()) && !Files.isDirectory(entry)) {
                    files.add(entry);
                }
            }
            listing.listed(directory);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return; // not there (yet), or not a directory any more: nothing to follow
        } catch (IOException | DirectoryIteratorException e) {
            listing.unreadable(directory, e instanceof IOException io ? io : ((DirectoryIteratorException) e).getCause());
            return;
        }
        Map<Path, Long> modified = new HashMap<>();
        for (Path file : files) {
            modified.put(file, lastModifiedMillis(file));
        }
        files.sort(Comparator.<Path>comparingLong(modified::get).thenComparing(Path::toString));
        for (Path file : files) {
            listing.file(file);
        }
    }

    @Override
    public List<Path> watchDirectories() {
        return Files.isDirectory(directory) ? List.of(directory) : List.of();
    }

    private static long lastModifiedMillis(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE; // vanished meanwhile: discovery will drop it next time
        }
    }

    private static boolean containsGlobCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
