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

    /**
     * The raw positions bytes stored with the last durable batch ({@code Batch.positionsBytes()},
     * exactly as written), or null when there is none or the output keeps only the decoded
     * positions. The engine's block ledger stores its state after the file entries
     * ({@code blocks.LedgerCodec}); an output that returns null here makes block accounting start
     * afresh on every start (event indexes of a block split by the restart begin at 0 again).
     * Called once, after {@link #lastDurablePositions()}.
     */
    default byte[] lastDurablePositionsBytes() throws IOException {
        return null;
    }
}
