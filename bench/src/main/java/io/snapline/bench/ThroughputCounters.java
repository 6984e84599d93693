package io.snapline.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-iteration totals that JMH divides by time: {@code bytes} gives bytes/s, {@code lines} gives
 * lines/s. Public fields are what JMH reads; they are cleared before every iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ThroughputCounters {
    public long bytes;
    public long lines;

    @Setup(Level.Iteration)
    public void clear() {
        bytes = 0;
        lines = 0;
    }
}
