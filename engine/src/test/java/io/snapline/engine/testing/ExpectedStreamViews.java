package io.snapline.engine.testing;

import java.util.Map;

/**
 * {@link ExpectedViews}' mapping for the streams whose events are partly kept whole: TWAP
 * statuses, misc events, HIP-3 oracle updates and system actions. From the event as Jackson read
 * it: the typed fields under their record names, each value kept whole (JSON) as Jackson's own
 * tree of it, and every other field under its own name, as the engine keeps unknown fields.
 */
final class ExpectedStreamViews {

    private ExpectedStreamViews() {
    }

    /** {@code time, twap_id, state{…}, status}: the state flattened; a {"error": msg} status split in two. */
    @SuppressWarnings("unchecked")
    static void twapStatus(Map<String, Object> event, Map<String, Object> view) {
        for (Map.Entry<String, Object> e : event.entrySet()) {
            switch (e.getKey()) {
                case "time" -> view.put("time", e.getValue());
                case "twap_id" -> view.put("twapId", e.getValue());
                case "state" -> {
                    if (e.getValue() instanceof Map<?, ?> state) {
                        ((Map<String, Object>) state).forEach(view::put); // the node's names are the record's
                    } else {
                        view.put("state", e.getValue());
                    }
                }
                case "status" -> twapStatusValue(e.getValue(), view);
                default -> view.put(e.getKey(), e.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void twapStatusValue(Object status, Map<String, Object> view) {
        if (status instanceof Map<?, ?> object) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) object).entrySet()) {
                if (e.getKey().equals("error")) {
                    view.put("status", "error");
                    view.put("error", e.getValue());
                } else {
                    view.put("status." + e.getKey(), e.getValue());
                }
            }
        } else {
            view.put("status", status);
        }
    }

    /** {@code time, hash, inner{KIND: …}}: kind is inner's one key (null otherwise), inner whole. */
    static void miscEvent(Map<String, Object> event, Map<String, Object> view) {
        for (Map.Entry<String, Object> e : event.entrySet()) {
            switch (e.getKey()) {
                case "time", "hash" -> view.put(e.getKey(), e.getValue());
                case "inner" -> {
                    view.put("inner", e.getValue());
                    view.put("kind", e.getValue() instanceof Map<?, ?> inner && inner.size() == 1
                            ? inner.keySet().iterator().next() : null);
                }
                default -> view.put(e.getKey(), e.getValue());
            }
        }
    }

    static void hip3OracleUpdate(Map<String, Object> event, Map<String, Object> view) {
        for (Map.Entry<String, Object> e : event.entrySet()) {
            switch (e.getKey()) {
                case "update_class" -> view.put("updateClass", e.getValue());
                case "mark_px_inputs" -> view.put("markPxInputs", e.getValue());
                case "spot_px_inputs" -> view.put("spotPxInputs", e.getValue());
                case "external_perp_px_inputs" -> view.put("externalPerpPxInputs", e.getValue());
                case "oracle_pxs" -> view.put("oraclePxs", e.getValue());
                default -> view.put(e.getKey(), e.getValue());
            }
        }
    }

    /** {@code user, nonce, evm_tx_hash, action{type, …}}: action whole, its type also on its own. */
    static void systemAction(Map<String, Object> event, Map<String, Object> view) {
        for (Map.Entry<String, Object> e : event.entrySet()) {
            switch (e.getKey()) {
                case "user", "nonce" -> view.put(e.getKey(), e.getValue());
                case "evm_tx_hash" -> view.put("evmTxHash", e.getValue());
                case "action" -> {
                    if (e.getValue() instanceof Map<?, ?> action && action.get("type") instanceof String type) {
                        view.put("actionType", type);
                    }
                    view.put("action", e.getValue());
                }
                default -> view.put(e.getKey(), e.getValue());
            }
        }
    }
}
