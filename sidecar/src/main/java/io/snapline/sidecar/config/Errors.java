package io.snapline.sidecar.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects errors as the whole file is read, so that all of them are reported together. */
final class Errors {

    private final List<ConfigError> errors = new ArrayList<>();

    void add(String key, int line, String message) {
        errors.add(new ConfigError(key, line, message));
    }

    /** Whether a key was already found wrong: checks across keys skip it rather than pile on. */
    boolean has(String key) {
        for (ConfigError error : errors) {
            if (error.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** In file order; the sort is stable, so errors on one line keep the order they were found in. */
    List<ConfigError> inLineOrder() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ConfigError::line));
        return sorted;
    }
}
