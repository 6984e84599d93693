package io.snapline.engine.filter;

import io.snapline.records.RecordType;

/**
 * Why an ingest filter dropped an event: which of its values matched. The label is the
 * {@code reason} tag of {@code snapline.events.filtered}; the key is the config key under a type.
 */
public enum FilterReason {
    STATUS("status", "drop_status"),
    COIN("coin", "drop_coin"),
    USER("user", "drop_user");

    private static final FilterReason[] VALUES = values();

    /** Size of an array counting drops by type and reason, indexed by {@link #index}. */
    public static final int COUNTS = RecordType.values().length * VALUES.length;

    private final String label;
    private final String key;

    FilterReason(String label, String key) {
        this.label = label;
        this.key = key;
    }

    public String label() {
        return label;
    }

    /** The config key that lists this reason's values: {@code drop_status}, {@code drop_coin}, {@code drop_user}. */
    public String key() {
        return key;
    }

    /** Where drops of {@code type} for this reason are counted in an array of {@link #COUNTS}. */
    public int index(RecordType type) {
        return type.ordinal() * VALUES.length + ordinal();
    }

    /** The reason of {@link #index} {@code index}. */
    static FilterReason ofIndex(int index) {
        return VALUES[index % VALUES.length];
    }

    /** The reason whose {@link #key()} this is, or null. */
    public static FilterReason ofKey(String key) {
        for (FilterReason reason : VALUES) {
            if (reason.key.equals(key)) {
                return reason;
            }
        }
        return null;
    }
}
