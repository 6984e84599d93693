package io.snapline.queue.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What {@code snapline check} says about a Kafka output before anything runs: whether the broker
 * answers, which topics are missing (run creates them, if the broker lets it), and whether the
 * positions topic is compacted (if it is not, the broker deletes old positions by retention and
 * keeps every one until then; a restart is still exact, but a deleted last record would restart
 * from nothing). One line per finding.
 */
public final class KafkaCheck {

    /** A finding: an error makes check fail; a note does not. */
    public record Finding(boolean error, String text) {
    }

    private KafkaCheck() {
    }

    public static List<Finding> run(KafkaOptions options, Duration timeout) {
        Map<String, Object> config = new HashMap<>(KafkaOutput.clientConfig(options));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        List<Finding> findings = new ArrayList<>();
        KafkaTopics topics = new KafkaTopics(options.topicPrefix());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                findings.add(new Finding(true, "output.kafka.bootstrap_servers: broker " + options.bootstrapServers()
                        + " unreachable within " + timeout.toSeconds() + " s (" + rootMessage(e) + ")"));
                return findings;
            }
            List<String> missing = new ArrayList<>();
            for (String topic : topics.recordTopics()) {
                if (!existing.contains(topic)) {
                    missing.add(topic);
                }
            }
            if (!existing.contains(topics.positions())) {
                missing.add(topics.positions());
            }
            if (!missing.isEmpty()) {
                findings.add(new Finding(false, "missing topics " + String.join(", ", missing) + ": snapline run creates"
                        + " them (the positions topic compacted), which needs permission to create topics"));
            }
            if (existing.contains(topics.positions())) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.positions());
                Config positions = admin.describeConfigs(List.of(resource)).all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
                ConfigEntry policy = positions.get(TopicConfig.CLEANUP_POLICY_CONFIG);
                if (policy == null || policy.value() == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    findings.add(new Finding(true, "topic " + topics.positions() + " is not compacted (cleanup.policy="
                            + (policy == null ? "?" : policy.value()) + "): retention could delete an instance's last"
                            + " positions and a restart would read everything again; set cleanup.policy=compact"));
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            findings.add(new Finding(true, "output.kafka: the broker did not answer (" + rootMessage(e) + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            findings.add(new Finding(true, "output.kafka: interrupted"));
        }
        return findings;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
