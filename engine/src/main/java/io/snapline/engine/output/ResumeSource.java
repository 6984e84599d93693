package io.snapline.engine.output;

import io.snapline.tailer.TailerPositions;

import java.io.IOException;

/**
 * Where a start resumes: the positions that were made durable with the output's last batch.
 * Resuming there after a kill -9 at any moment neither loses nor repeats a line, because those
 * positions became durable in the same step as the records before them.
 */
public interface ResumeSource {

    /**
     * The positions stored with the last durable batch, or {@link TailerPositions#EMPTY} when the
     * output holds none. Called once, before the engine reads anything.
     *
     * @throws IOException when the output cannot say; the engine then does not start, since any
     *     guess would lose or repeat lines
     */
    TailerPositions lastDurablePositions() throws IOException;
}
