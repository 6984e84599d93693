package io.snapline.tailer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Device, inode and size of a path, read in one {@code stat}; what discovery matches files by. */
record FileStat(long device, long inode, long size) {

    /** The path's stat, or null if nothing is there (any more). */
    static FileStat of(Path path) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:dev,ino,size");
        } catch (NoSuchFileException e) {
            return null;
        }
        return new FileStat(number(attributes, "dev"), number(attributes, "ino"), number(attributes, "size"));
    }

    static long number(Map<String, Object> attributes, String name) throws IOException {
        Object value = attributes.get(name);
        if (!(value instanceof Number)) {
            throw new IOException("file system gives no '" + name + "' attribute; the tailer needs a Unix file system");
        }
        return ((Number) value).longValue();
    }
}
