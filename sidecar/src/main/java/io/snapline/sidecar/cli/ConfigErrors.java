package io.snapline.sidecar.cli;

import io.snapline.sidecar.config.ConfigError;
import io.snapline.sidecar.config.ConfigException;

import java.io.PrintWriter;

/** Prints a config's errors the same way for {@code check} and {@code run}: one per line. */
final class ConfigErrors {

    private ConfigErrors() {
    }

    static void print(ConfigException e, PrintWriter err) {
        int count = e.errors().size();
        err.println("snapline: the config has " + count + (count == 1 ? " error:" : " errors:"));
        for (ConfigError error : e.errors()) {
            err.println("  " + error.format(e.fileName()));
        }
        err.flush();
    }
}
