package io.snapline.queue.kafka;

import io.snapline.engine.output.BatchSink;
import io.snapline.records.Batch;
import io.snapline.records.BatchDocument;
import io.snapline.records.BatchView;
import io.snapline.records.RecordView;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes batches into Kafka transactions: each transaction holds whole batches, in ring order,
 * and last the positions record of the last of them, so a commit makes records and positions
 * visible together. Batches are grouped ({@link TransactionLimits}) and the transaction commits
 * when a limit is reached or in {@link #endOfRun} (the ring has nothing more waiting), as
 * {@link BatchSink} allows.
 *
 * <p>Until its transaction commits, each batch is kept as a copy (at most {@code max_bytes} and
 * one batch), because the engine's buffers are lent for the call only. That is what makes a
 * failure recoverable without a duplicate: on any error but fencing, the sink drops the producer,
 * initialises a new one (which ends the old transaction on the coordinator, committed or
 * aborted), reads the positions topic back and looks at the last transaction's header: its own
 * pending transaction means the ambiguous commit went through; its previous one means it did not,
 * and the copies are sent again in a new transaction; anything else means another process took
 * over, and the sink stops as fenced. It retries until the broker answers, with /healthz saying
 * why ({@link KafkaHealth}); meanwhile the writer waits, the ring fills and the reader waits, so
 * nothing is dropped and memory stays bounded.
 *
 * <p>The writer thread's only. Does not own the producer or the admin client; {@link KafkaOutput} does.
 */
final class KafkaBatchSink implements BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger("snapline.kafka");
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final KafkaOutput output;
    private final TransactionalProducer producer;
    private final RecordMessages messages;
    private final TransactionLimits limits;
    private final KafkaHealth health;
    private final long writerId;
    private final BatchView view = new BatchView();
    private final RecordView record = new RecordView();
    private final List<byte[]> pending = new ArrayList<>();
    private byte[][] sourceBytes = new byte[8][];
    /** Set from the producer's I/O thread when the broker refused a message as too large. */
    private volatile boolean refusedTooLarge;
    private final Callback onSent = (metadata, exception) -> {
        if (exception instanceof RecordTooLargeException) {
            refusedTooLarge = true;
        }
    };
    private PositionsLog.Committed lastCommitted;
    private long sequence;
    private long pendingRecords;
    private long pendingBytes;
    private long openedNanos;
    private long commits;
    private long recoveries;
    private volatile boolean abandoned;
    private boolean broken;
    private boolean closed;

    KafkaBatchSink(KafkaOutput output, TransactionalProducer producer, RecordMessages messages,
                   TransactionLimits limits, KafkaHealth health, PositionsLog.Committed lastCommitted, long writerId) {
        this.output = output;
        this.producer = producer;
        this.messages = messages;
        this.limits = limits;
        this.health = health;
        this.lastCommitted = lastCommitted;
        this.writerId = writerId;
        this.sequence = lastCommitted.sequence() + 1;
    }

    @Override
    public void write(Batch batch) {
        checkUsable();
        byte[] document = BatchDocument.copyOf(batch);
        boolean first = pending.isEmpty();
        pending.add(document);
        pendingRecords += batch.recordCount();
        pendingBytes += document.length;
        if (first) {
            openedNanos = System.nanoTime();
        }
        try {
            if (first) {
                producer.get().beginTransaction();
            }
            send(document);
        } catch (KafkaException e) {
            recover(e); // sends all pending again and commits it
            return;
        }
        if (pendingRecords >= limits.maxRecords() || pendingBytes >= limits.maxBytes()
                || System.nanoTime() - openedNanos >= limits.maxInterval().toNanos()) {
            commit();
        }
    }

    /** The ring has nothing more waiting: commit, so no batch waits for one that may not come. */
    @Override
    public void endOfRun() {
        checkUsable();
        if (!pending.isEmpty()) {
            commit();
        }
    }

    private void commit() {
        try {
            health.waiting();
            sendPositions();
            producer.get().commitTransaction();
        } catch (KafkaException e) {
            recover(e);
            return;
        }
        committed();
    }

    private void committed() {
        lastCommitted = new PositionsLog.Committed(writerId, sequence, null, null);
        sequence++;
        commits++;
        pending.clear();
        pendingRecords = 0;
        pendingBytes = 0;
        health.healthy();
    }

    private void send(byte[] document) {
        health.waiting(); // a send blocks while the broker cannot be reached: /healthz says so
        view.wrap(document, 0, document.length);
        if (sourceBytes.length < view.sourceCount()) {
            sourceBytes = new byte[view.sourceCount()][];
        }
        for (int i = 0; i < view.sourceCount(); i++) {
            sourceBytes[i] = Arrays.copyOfRange(document, view.sourceOffset(i), view.sourceOffset(i) + view.sourceLength(i));
        }
        int lastSource = -1;
        long lastOffset = -1;
        int indexInLine = 0;
        while (view.next(record)) {
            if (record.sourceIndex() == lastSource && record.lineOffset() == lastOffset) {
                indexInLine++;
            } else {
                indexInLine = 0;
                lastSource = record.sourceIndex();
                lastOffset = record.lineOffset();
            }
            Future<RecordMetadata> sent = producer.get().send(
                    messages.message(record, sourceBytes[record.sourceIndex()], indexInLine), onSent);
            if (sent.isDone()) {
                failIfFailed(sent); // a send that could not even be queued (no metadata within max.block.ms)
            }
        }
        health.doneWaiting();
    }

    /**
     * Kafka's send reports a failure to queue a record (its metadata not fetched within
     * {@code max.block.ms}) through the future, not by throwing; without this check each further
     * send of the batch would wait as long again before the failure is seen at the commit.
     */
    private static void failIfFailed(Future<RecordMetadata> sent) {
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while sending", e);
        }
    }

    private void sendPositions() {
        byte[] last = pending.get(pending.size() - 1);
        view.wrap(last, 0, last.length);
        byte[] positions = Arrays.copyOfRange(last, view.positionsOffset(), view.positionsOffset() + view.positionsLength());
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(PositionsLog.TRANSACTION_HEADER, PositionsLog.transactionHeader(writerId, sequence)));
        producer.get().send(new ProducerRecord<>(output.topics().positions(), output.positionsPartition(),
                null, output.positionsKey(), positions, headers), onSent);
    }

    /**
     * Makes the pending batches durable after {@code cause}, exactly once (see the class
     * comment), retrying until the broker lets it.
     */
    private void recover(Exception cause) {
        if (isFencing(cause)) {
            broken = true;
            throw new KafkaFencedException(output.options().instance(), cause);
        }
        Exception last = cause;
        long backoff = TimeUnit.MILLISECONDS.toNanos(100);
        while (true) {
            recoveries++;
            health.failing("cannot commit (" + last + ")");
            LOG.warn("{}: transaction {} of {} record(s) failed ({}); checking what the broker committed and"
                    + " sending again what it did not", output.describe(), sequence, pendingRecords, last.toString());
            if (abandoned) {
                broken = true;
                throw new IllegalStateException(output.describe() + ": closing while the broker was not reachable ("
                        + last + "); the lines of the uncommitted batches are read again on the next start", last);
            }
            try {
                if (refusedTooLarge) {
                    refusedTooLarge = false;
                    messages.lowerLimit(output.smallestTopicMessageLimit());
                    LOG.warn("{}: the broker refused a message as too large; records over {} bytes go as capped"
                            + " dead letters now", output.describe(), messages.maxMessageBytes());
                }
                producer.renew();
                PositionsLog.Committed found = output.readCommitted();
                if (found.sameTransaction(writerId, sequence)) {
                    committed(); // the commit that looked failed had gone through
                    return;
                }
                if (!found.sameTransaction(lastCommitted.writer(), lastCommitted.sequence())) {
                    broken = true;
                    throw new KafkaFencedException(output.options().instance(), new IllegalStateException(
                            "the positions topic holds transaction " + found.sequence() + " of another writer"));
                }
                producer.get().beginTransaction();
                for (byte[] document : pending) {
                    send(document);
                }
                sendPositions();
                producer.get().commitTransaction();
                committed();
                LOG.warn("{}: transaction {} committed after retrying", output.describe(), sequence - 1);
                return;
            } catch (KafkaException | IOException e) {
                if (isFencing(e)) {
                    broken = true;
                    throw new KafkaFencedException(output.options().instance(), e);
                }
                last = e;
            }
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
        }
    }

    /**
     * Another producer with this transactional id took over. The coordinator also bumps the
     * epoch of a transaction it timed out, which looks the same: a transaction open longer than
     * the timeout is taken for that and retried (the positions check then still catches a real
     * takeover).
     */
    private boolean isFencing(Throwable e) {
        boolean timedOut = !pending.isEmpty()
                && System.nanoTime() - openedNanos > TimeUnit.MILLISECONDS.toNanos(producer.transactionTimeoutMs());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransactionalIdAuthorizationException) {
                return true;
            }
            if ((t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) && !timedOut) {
                return true;
            }
        }
        return false;
    }

    private void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos); // a retry's back-off, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broken = true;
            throw new IllegalStateException(output.describe() + ": interrupted while retrying", e);
        }
    }

    private void checkUsable() {
        if (broken || closed) {
            throw new IllegalStateException(output.describe() + ": the sink failed or was closed; nothing more is written");
        }
    }

    /** Batches written into the open transaction, not committed yet. */
    int pendingBatches() {
        return pending.size();
    }

    /** Transactions committed, for tests and meters. */
    long commits() {
        return commits;
    }

    /** Times a failed transaction was recovered, for tests and meters. */
    long recoveries() {
        return recoveries;
    }

    /** Ends the retries of a {@link #write} waiting on the broker: the engine is closing. */
    @Override
    public void abandonWaits() {
        abandoned = true;
    }

    /**
     * Commits what is pending unless the sink failed: a whole prefix of the ring, so committing it
     * is as safe as any commit. If that fails, its lines are read again on the next start.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!broken && !pending.isEmpty() && !abandoned) {
            try {
                commit();
            } catch (RuntimeException e) {
                LOG.warn("{}: the last transaction did not commit at close ({}); its lines are read again on the"
                        + " next start", output.describe(), e.toString());
            }
        }
    }
}
