package io.snapline.sidecar.config;

import java.time.Duration;
import java.util.List;

/** {@code metrics}: the HTTP endpoint for /metrics and /healthz. */
final class MetricsSection {

    static final List<String> KEYS = List.of("enabled", "address", "stall_after");

    private record Address(String host, int port) {
    }

    private MetricsSection() {
    }

    static MetricsSettings read(YamlMap metrics) {
        metrics.allowOnly(KEYS);
        boolean enabled = metrics.get("enabled").flatMap(YamlValue::bool).orElse(true);
        Address address = metrics.get("address").flatMap(value -> value.as(
                "host:port such as 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464, with a port from 0 to 65535",
                MetricsSection::address))
                .orElse(new Address(MetricsSettings.DEFAULT_HOST, MetricsSettings.DEFAULT_PORT));
        Duration stallAfter = metrics.get("stall_after").flatMap(value -> value.duration(EngineSection.POSITIVE))
                .orElse(MetricsSettings.DEFAULT_STALL_AFTER);
        return new MetricsSettings(enabled, address.host(), address.port(), stallAfter);
    }

    /** {@code host:port}; an IPv6 host goes in brackets, or its colons would be ambiguous. */
    private static Address address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            return null;
        }
        if (host.isBlank() || port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int number = Integer.parseInt(port);
        return number > 65535 ? null : new Address(host, number);
    }
}
