package io.snapline.bench.baseline;

/**
 * How the old design dies: the first thread that fails (with an OutOfMemoryError, in a backlog)
 * records it here, and both threads stop. A process would be gone at that point; here the run
 * notes the moment and closes the design, which drops the list, so it can write down what
 * happened.
 */
final class Failure {

    private Throwable cause;
    private String thread;
    private volatile boolean happened;

    /** Keeps the first failure only; later ones are its consequences. */
    synchronized void record(Throwable failure) {
        if (cause == null) {
            cause = failure;
            thread = Thread.currentThread().getName();
            happened = true;
        }
    }

    boolean happened() {
        return happened;
    }

    synchronized Throwable cause() {
        return cause;
    }

    synchronized String thread() {
        return thread;
    }

    /** Thrown into the tailer to end the reader's loop once the design has died. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("the old design died; reading stops", null, false, false);
        }
    }
}
