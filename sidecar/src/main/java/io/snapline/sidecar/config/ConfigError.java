package io.snapline.sidecar.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing wrong with a config file.
 *
 * @param key      where: a dotted path such as {@code engine.ring_slots} or {@code sources[1].glob};
 *                 empty when the error is about the file as a whole (syntax, empty file)
 * @param line     1-based line in the file; 0 when no line applies (the file could not be read)
 * @param message  what was expected and what was found, e.g. {@code expected a duration such as 10s, got 10}
 */
public record ConfigError(String key, int line, String message) implements Serializable {

    private static final long serialVersionUID = 1L;

    public ConfigError {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** {@code snapline.yaml:7: engine.ring_slots: expected ..., got 12}: one error, one line, as compilers print. */
    public String format(String fileName) {
        StringBuilder text = new StringBuilder(fileName);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!key.isEmpty()) {
            text.append(key).append(": ");
        }
        return text.append(message).toString();
    }
}
