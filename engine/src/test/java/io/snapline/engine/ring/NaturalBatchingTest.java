package io.snapline.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snapline.engine.EngineSource;
import io.snapline.engine.testing.CollectingSink;
import io.snapline.engine.testing.NodeFile;
import io.snapline.engine.testing.NodeLines;
import io.snapline.engine.testing.RingRig;
import io.snapline.tailer.HourlyFileSequence;
import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;
import io.snapline.tailer.TailerConfig;
import io.snapline.testkit.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Natural batching: at the end of a poll a batch goes at once when every batch before it is
 * durable, and while the writer is busy the reader gathers the lines of the next polls into one
 * batch, which goes as soon as the writer is done. The linger here is an hour, so only the
 * pipeline's state can have decided; the test is the reader (it polls on its own thread).
 */
class NaturalBatchingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TailerConfig TAILER = TailerConfig.defaults().withDiscoveryInterval(Duration.ofMillis(20));
    private static final RingConfig RING = new RingConfig(4, 64 * 1024, 1024, 8, Duration.ofHours(1), 1);

    @TempDir
    Path dir;

    private List<EngineSource> trades() {
        return List.of(new EngineSource(new HourlyFileSequence(dir, NodeStream.TRADES, NodeLayout.PLAIN), NodeStream.TRADES));
    }

    @Test
    void shouldHandABatchOnAtTheEndOfItsPollWhenThePipelineIsIdle() throws Exception {
        NodeFile file = NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        file.append(NodeLines.trade(0), NodeLines.trade(1), NodeLines.trade(2));
        CollectingSink sink = new CollectingSink();
        try (RingRig rig = new RingRig(RING, TAILER, trades(), sink, BatchObserver.NONE)) {
            assertTrue(rig.pollOnce() > 0);
            assertEquals(1, rig.publisher().batchesPublished(), "the lingering batch went without its linger");
            assertEquals(0, rig.publisher().activeLines());
            assertTrue(Resources.await(() -> sink.records().size() == 3, WAIT));
        }
    }

    @Test
    void shouldGatherLinesWhileTheWriterIsBusyAndHandThemOnWhenItIsDone() throws Exception {
        NodeFile file = NodeFile.at(dir, NodeStream.TRADES, NodeLayout.PLAIN, "20260505", 17);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batchLines = new CopyOnWriteArrayList<>();
        CollectingSink sink = new CollectingSink((batch, call) -> {
            batchLines.add(batch.lineCount());
            if (call == 1) {
                writing.countDown();
                assertTrue(release.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
        }, true);
        try (RingRig rig = new RingRig(RING, TAILER, trades(), sink, BatchObserver.NONE)) {
            file.append(NodeLines.trade(0));
            rig.pollOnce();
            assertEquals(1, rig.publisher().batchesPublished());
            assertTrue(writing.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the first batch reached the sink");

            file.append(NodeLines.trade(1), NodeLines.trade(2));
            assertTrue(rig.pollOnce() > 0);
            file.append(NodeLines.trade(3));
            assertTrue(rig.pollOnce() > 0);
            assertEquals(1, rig.publisher().batchesPublished(), "held while the writer is busy");
            assertEquals(3, rig.publisher().activeLines(), "two polls gathered into one batch");

            release.countDown();
            assertTrue(Resources.await(() -> rig.pipeline().occupiedSlots() == 0, WAIT));
            assertEquals(0, rig.pollOnce(), "nothing new");
            assertEquals(2, rig.publisher().batchesPublished(), "handed on once the writer was done");
            assertTrue(Resources.await(() -> sink.records().size() == 4, WAIT));
            assertEquals(List.of(1, 3), batchLines);
        }
    }
}
