package io.snapline.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A file's whole lines as bytes, each with the byte offset it starts at (newlines dropped). */
public final class FileLines {

    /** One line: where it starts in the file and its bytes without the newline. */
    public record Line(long offset, byte[] bytes) {
    }

    private FileLines() {
    }

    /** Every newline-terminated line of {@code file}; a partial last line is left out. */
    public static List<Line> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(new Line(start, Arrays.copyOfRange(all, start, i)));
                start = i + 1;
            }
        }
        return lines;
    }
}
