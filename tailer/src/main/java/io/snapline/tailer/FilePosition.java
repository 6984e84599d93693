package io.snapline.tailer;

/**
 * Where reading of one file stands: the offset just after the last whole line handed on.
 *
 * @param sequence the {@link FileSequence#name()} the file belongs to
 * @param path     where the file was last seen; informative, the identity decides the match
 */
public record FilePosition(String sequence, String path, FileIdentity identity, long offset) {

    public FilePosition {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
    }
}
