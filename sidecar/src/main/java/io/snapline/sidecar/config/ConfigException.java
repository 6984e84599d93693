package io.snapline.sidecar.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used, with every error found in it, so that one run of the
 * sidecar tells the operator everything to fix rather than one thing at a time.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String fileName;
    // A List is not Serializable as a declared type; nobody serializes this exception anyway.
    private final transient List<ConfigError> errors;

    public ConfigException(String fileName, List<ConfigError> errors) {
        super(describe(fileName, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a config exception needs at least one error");
        }
        this.fileName = fileName;
        this.errors = List.copyOf(errors);
    }

    /** The name the messages use for the file, as it was given. */
    public String fileName() {
        return fileName;
    }

    /** Every error, ordered by line. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String describe(String fileName, List<ConfigError> errors) {
        return errors.stream().map(error -> error.format(fileName)).collect(Collectors.joining("\n"));
    }
}
