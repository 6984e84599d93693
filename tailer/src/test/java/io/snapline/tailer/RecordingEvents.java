package io.snapline.tailer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Records every tailer event with the inode of its file, for tests to assert on. */
final class RecordingEvents implements TailerEvents {

    /** One event: its kind, its file's inode and up to two numbers (positions, sizes, lengths). */
    record Event(String kind, long inode, long a, long b) {
    }

    final List<Event> events = new ArrayList<>();
    /** Path events, as "unreadable PATH", "readable PATH" or "skipped PATH: REASON". */
    final List<String> paths = new ArrayList<>();

    List<Event> of(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).collect(Collectors.toList());
    }

    List<Event> of(String kind, long inode) {
        return events.stream().filter(e -> e.kind().equals(kind) && e.inode() == inode)
                .collect(Collectors.toList());
    }

    int count(String kind, long inode) {
        return of(kind, inode).size();
    }

    private void add(String kind, TailedFile file, long a, long b) {
        events.add(new Event(kind, file.identity().inode(), a, b));
    }

    @Override
    public void fileAdded(TailedFile file, long position) {
        add("added", file, position, 0);
    }

    @Override
    public void fileResumed(TailedFile file, long position) {
        add("resumed", file, position, 0);
    }

    @Override
    public void fileRotated(TailedFile previous, TailedFile next) {
        add("rotated", previous, next.identity().inode(), 0);
    }

    @Override
    public void fileTruncated(TailedFile file, long previousPosition, long newSize) {
        add("truncated", file, previousPosition, newSize);
    }

    @Override
    public void fileDeleted(TailedFile file) {
        add("deleted", file, 0, 0);
    }

    @Override
    public void fileRenamed(TailedFile file, Path previousPath) {
        add("renamed", file, 0, 0);
    }

    @Override
    public void fileOpened(TailedFile file) {
        add("opened", file, 0, 0);
    }

    @Override
    public void fileClosed(TailedFile file) {
        add("closed", file, 0, 0);
    }

    @Override
    public void lineTooLong(TailedFile file, long startOffset, long length) {
        add("tooLong", file, startOffset, length);
    }

    @Override
    public void pathUnreadable(String sequence, Path path, java.io.IOException cause) {
        paths.add("unreadable " + path);
    }

    @Override
    public void pathReadable(String sequence, Path path) {
        paths.add("readable " + path);
    }

    @Override
    public void pathSkipped(String sequence, Path path, String reason) {
        paths.add("skipped " + path + ": " + reason);
    }
}
