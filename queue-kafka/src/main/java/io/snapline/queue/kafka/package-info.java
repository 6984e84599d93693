/**
 * The Kafka output behind the engine's output seam: {@link io.snapline.queue.kafka.KafkaOutput}.
 * One transactional producer per Snapline instance; each transaction holds whole engine batches
 * and, last, the positions they advance to in the compacted {@code <prefix>positions} topic, so
 * records and positions become visible together (docs/kafka.md).
 */
package io.snapline.queue.kafka;
