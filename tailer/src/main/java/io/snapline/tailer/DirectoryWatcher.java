package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Wakes an idle tailer as soon as a watched directory changes (inotify on Linux), so it need not
 * poll often to be quick. Watching is only a hint: the tailer's bounded polling still finds every
 * change if an event is lost, overflows, or the file system cannot be watched.
 */
final class DirectoryWatcher implements AutoCloseable {

    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private boolean sawNewEntry;

    DirectoryWatcher() throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
    }

    /** Watches exactly these directories (those no longer listed are dropped). */
    void watch(List<Path> directories) {
        Set<Path> wanted = new HashSet<>(directories);
        keys.entrySet().removeIf(entry -> {
            if (!wanted.contains(entry.getKey()) || !entry.getValue().isValid()) {
                entry.getValue().cancel();
                return true;
            }
            return false;
        });
        for (Path directory : wanted) {
            if (!keys.containsKey(directory)) {
                try {
                    keys.put(directory, directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
                } catch (IOException e) {
                    // Not watchable (gone, or a file system without notifications): polling covers it.
                }
            }
        }
    }

    /**
     * Waits up to {@code timeoutNanos} for a change.
     *
     * @return true if something changed in a watched directory
     */
    boolean await(long timeoutNanos) throws InterruptedException {
        WatchKey key;
        try {
            key = service.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ClosedWatchServiceException e) {
            return false;
        }
        if (key == null) {
            return false;
        }
        while (key != null) {
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() != StandardWatchEventKinds.ENTRY_MODIFY) {
                    sawNewEntry = true; // created, deleted or overflowed: the listing changed
                }
            }
            key.reset();
            key = service.poll();
        }
        return true;
    }

    /** Whether a file was created or deleted since the last call: then directories need listing. */
    boolean takeNewEntry() {
        boolean result = sawNewEntry;
        sawNewEntry = false;
        return result;
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
