package io.snapline.sidecar.cli;

/**
 * The exit statuses scripts can rely on. 3 is "not started, an operator must act first": the
 * config is invalid, or the queue is in use by another engine. A queue refused as unreadable is
 * {@link #FAILED} (the engine's start failed); see docs/operations.md for its repair.
 */
final class ExitCodes {

    static final int OK = 0;
    /** The engine stopped on a failure, or a shutdown had to be forced. */
    static final int FAILED = 1;
    /** The config is invalid: nothing was started. */
    static final int BAD_CONFIG = 3;
    /**
     * Another engine holds the queue (its pid and host are in the message): nothing was started.
     * The same status as {@link #BAD_CONFIG} on purpose: both mean "not started, an operator must
     * act first", and issue 12 asks for 3.
     */
    static final int OUTPUT_IN_USE = 3;

    private ExitCodes() {
    }
}
