package io.snapline.engine.output;

/**
 * Another engine instance holds the output: a second {@code snapline run} on the same queue would
 * resume from the same positions and write every line again. Thrown when an output is opened, before
 * anything is read; the message names the holder. The sidecar exits with its own status for it.
 */
public final class OutputInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public OutputInUseException(String message) {
        super(message);
    }
}
