package io.snapline.sidecar.cli;

/** The exit statuses scripts can rely on. */
final class ExitCodes {

    static final int OK = 0;
    /** The engine stopped on a failure, or a shutdown had to be forced. */
    static final int FAILED = 1;
    /** The config is invalid: nothing was started. */
    static final int BAD_CONFIG = 3;

    private ExitCodes() {
    }
}
