package io.snapline.queue.kafka;

/**
 * Another Snapline process with the same {@code instance} took over the transactional id: this
 * one must stop reading, and nothing it had not committed becomes visible. {@code snapline run}
 * exits 1 with this message.
 */
public final class KafkaFencedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String instance;

    KafkaFencedException(String instance, Throwable cause) {
        super("kafka output: instance '" + instance + "' was fenced: another Snapline process with the same"
                + " output.kafka.instance started and took over its transactions (" + cause + "); this one stops."
                + " Give each Snapline process its own instance name", cause);
        this.instance = instance;
    }

    public String instance() {
        return instance;
    }
}
