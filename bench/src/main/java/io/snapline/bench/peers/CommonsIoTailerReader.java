package io.snapline.bench.peers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapline.bench.peers.NaiveReader.StatusCount;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.commons.io.input.Tailer;
import org.apache.commons.io.input.TailerListenerAdapter;

/**
 * The tailer a user takes from a library: Commons IO's {@link Tailer} following each hour file
 * in turn from its start, with the same Jackson parse as {@link NaiveReader}. A tailer never ends
 * by itself, so the listener stops it when it reports the end of the file: a drain of the backlog,
 * as {@code snapline run --drain} is. Not durable either.
 *
 * <p>Usage: {@code CommonsIoTailerReader FILE...} (the hour files, in order).
 */
public final class CommonsIoTailerReader {

    /** Only waited once per file, after its end: the backlog is read in one go before it. */
    private static final Duration DELAY = Duration.ofMillis(10);

    private CommonsIoTailerReader() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        StatusCount count = new StatusCount();
        for (String file : args) {
            DrainListener listener = new DrainListener(json, count);
            Tailer tailer = Tailer.builder().setPath(Path.of(file)).setCharset(StandardCharsets.UTF_8)
                    .setTailerListener(listener).setDelayDuration(DELAY).setTailFromEnd(false)
                    .setStartThread(false).get();
            listener.tailer = tailer;
            tailer.run(); // on this thread, until the listener stops it
            if (listener.failure != null) {
                throw listener.failure;
            }
        }
        System.out.println(count);
    }

    private static final class DrainListener extends TailerListenerAdapter {
        private final ObjectMapper json;
        private final StatusCount count;
        private Tailer tailer;
        private Exception failure;

        DrainListener(ObjectMapper json, StatusCount count) {
            this.json = json;
            this.count = count;
        }

        @Override
        public void handle(String line) {
            try {
                count.add(json.readTree(line));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void handle(Exception e) {
            failure = e;
            tailer.close();
        }

        @Override
        public void endOfFileReached() {
            tailer.close();
        }
    }
}
