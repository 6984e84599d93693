package io.snapline.engine.testing;

import io.snapline.tailer.NodeLayout;
import io.snapline.tailer.NodeStream;

import java.util.List;

/**
 * Node lines of the streams whose events are partly kept whole, in each layout, from the shapes
 * public readers of the node's files document (docs/formats.md): two events of each stream, put
 * in a plain line (the first alone), a streaming line (the first in its envelope), a by-block
 * line (both) and an empty by-block line. System actions carry {@code wei} beyond 64 bits.
 */
public final class StreamSamples {

    /** A line of one layout, with the events it holds. */
    public record Sample(NodeStream stream, NodeLayout layout, String line, int events) {
        @Override
        public String toString() {
            return stream.directoryName() + " " + layout + (events == 0 ? " (empty block)" : "");
        }
    }

    private static final String ENVELOPE = "{\"local_time\":\"2026-07-09T19:00:49.731132384\","
            + "\"block_time\":\"2026-07-09T19:00:49.386674453\",\"block_number\":1066583157,\"events\":[";

    public static final String TWAP_ACTIVATED = "{\"time\":\"2026-01-28T15:00:05.423822681\",\"twap_id\":1544034,"
            + "\"state\":{\"coin\":\"ETH\",\"user\":\"0xb90e02bd0033897061b272186d9f16340f153e87\",\"side\":\"A\","
            + "\"sz\":\"10.0\",\"executedSz\":\"0.0\",\"executedNtl\":\"0.0\",\"minutes\":5,\"reduceOnly\":false,"
            + "\"randomize\":false,\"timestamp\":1769612405423},\"status\":\"activated\"}";
    public static final String TWAP_ERROR = "{\"time\":\"2026-01-28T15:04:11.002113500\",\"twap_id\":1544029,"
            + "\"state\":{\"coin\":\"xyz:TSLA\",\"user\":\"0x31ca8395cf837de08b24da3f660e77761dfb974b\",\"side\":\"B\","
            + "\"sz\":\"120.5\",\"executedSz\":\"40.17\",\"executedNtl\":\"17215.3321\",\"minutes\":30,"
            + "\"reduceOnly\":true,\"randomize\":true,\"timestamp\":1769612111234},"
            + "\"status\":{\"error\":\"Insufficient margin to place order.\"}}";

    public static final String MISC_FUNDING = "{\"time\":\"2026-07-09T19:00:00.052313467\",\"hash\":\"0x"
            + "0".repeat(64) + "\",\"inner\":{\"Funding\":{\"deltas\":[{\"user\":\"0xa775d1bd91ee2cc4cae6113e5fd9c0c17b355277\","
            + "\"coin\":\"BTC\",\"funding_amount\":\"-0.031415\",\"szi\":\"0.20000\",\"funding_rate\":\"0.0000125\"},"
            + "{\"user\":\"0x5ef843ccf26810073ee689a954f6d05f5b48fccb\",\"coin\":\"@151\",\"funding_amount\":\"12.5\","
            + "\"szi\":\"-1166.565307356\",\"funding_rate\":\"-0.0000031\"}]}}}";
    public static final String MISC_LEDGER = "{\"time\":\"2026-07-09T19:00:49.386674453\","
            + "\"hash\":\"0xdc25d330b40799afdd9f043ebc4c38000060eb164f0ab8817fee7e83730b739a\","
            + "\"inner\":{\"LedgerUpdate\":{\"users\":[\"0xecb63caa47c7c4e77f60f1ce858cf28dc2b82b00\","
            + "\"0xb65117c1e1006e7b2413fa90e96fcbe3fa83ed75\"],\"delta\":{\"type\":\"send\","
            + "\"user\":\"0xecb63caa47c7c4e77f60f1ce858cf28dc2b82b00\",\"destination\":\"0xb65117c1e1006e7b2413fa90e96fcbe3fa83ed75\","
            + "\"token\":\"USDC\",\"amount\":\"250.0\",\"usdcValue\":\"250.0\",\"fee\":\"0.0\",\"nativeTokenFee\":\"0.0\","
            + "\"nonce\":1782636233257}}}}";

    public static final String HIP3_DEPLOYER = "{\"update_class\":\"Deployer\","
            + "\"mark_px_inputs\":[[\"flx:BTC\",\"90608.6\"],[\"flx:COIN\",\"158.42\"]],"
            + "\"spot_px_inputs\":[[\"flx:BTC\",\"63171.0\"],[\"flx:COIN\",\"158.33\"]],"
            + "\"external_perp_px_inputs\":[[\"flx:BTC\",\"63138.0\"],[\"flx:COIN\",\"154.02\"]],"
            + "\"oracle_pxs\":{\"coin_to_mark_px\":[[\"flx:BTC\",{\"px\":\"90608.6\",\"last_update_time\":"
            + "\"2026-06-11T11:00:00.103069128\",\"daily_px\":\"90608.6\"}]],\"coin_to_oracle_px\":[[\"flx:BTC\","
            + "{\"px\":\"63171.0\",\"last_update_time\":\"2026-06-11T11:00:00.103069128\",\"daily_px\":\"61521.0\"}]],"
            + "\"coin_to_external_perp_px\":[[\"flx:BTC\",{\"px\":\"63138.0\",\"last_update_time\":"
            + "\"2026-06-11T11:00:00.103069128\",\"daily_px\":\"61485.0\"}]]}}";
    public static final String HIP3_FALLBACK = "{\"update_class\":\"Fallback\",\"mark_px_inputs\":[],"
            + "\"spot_px_inputs\":[],\"external_perp_px_inputs\":[[\"xyz:NVDA\",\"178.88\"]],"
            + "\"oracle_pxs\":{\"coin_to_mark_px\":[],\"coin_to_oracle_px\":[[\"xyz:NVDA\",{\"px\":\"180.0\","
            + "\"last_update_time\":\"2025-11-23T01:46:08.618318721\",\"daily_px\":\"180.0\"}]],"
            + "\"coin_to_external_perp_px\":[]}}";

    public static final String SYSTEM_SEND = "{\"user\":\"0x8036620a20bedd7fc0a7c4ad2a356f5d5fab6b10\","
            + "\"nonce\":2153263,\"evm_tx_hash\":\"0xb21121a74ebae96056849e7f39b4b200eda3383c44b1988f4e458bdd1064915c\","
            + "\"action\":{\"type\":\"SystemSendAssetAction\",\"destination\":\"0x6043daf4fbd6bd60601d277312a0664551302e70\","
            + "\"fromSubAccount\":null,\"sourceDexOrSpot\":0,\"destinationDexOrSpot\":0,\"token\":150,"
            + "\"wei\":123456789012345678901234567}}";
    public static final String SYSTEM_ORDER = "{\"user\":\"0xb7b66a2fa21875cb62bb474a9d41808bdc77107b\","
            + "\"nonce\":2153272,\"evm_tx_hash\":\"0xb7b417c43f774f0ac6e34ccbc4be3e48805d07279c37f570c6e0551b490ec557\","
            + "\"action\":{\"type\":\"order\",\"orders\":[{\"a\":10107,\"b\":true,\"p\":\"67.83\",\"s\":\"1.8\",\"r\":false,"
            + "\"t\":{\"limit\":{\"tif\":\"Ioc\"}}}],\"grouping\":\"na\"}}";

    private StreamSamples() {
    }

    /** The two events of a stream, in the order the lines hold them. */
    public static List<String> events(NodeStream stream) {
        return switch (stream) {
            case TWAP_STATUSES -> List.of(TWAP_ACTIVATED, TWAP_ERROR);
            case MISC_EVENTS -> List.of(MISC_FUNDING, MISC_LEDGER);
            case HIP3_ORACLE_UPDATES -> List.of(HIP3_DEPLOYER, HIP3_FALLBACK);
            case SYSTEM_ACTIONS -> List.of(SYSTEM_SEND, SYSTEM_ORDER);
            default -> throw new IllegalArgumentException(stream + " has samples of its own (LineParserTest)");
        };
    }

    /** The streams sampled here. */
    public static List<NodeStream> streams() {
        return List.of(NodeStream.TWAP_STATUSES, NodeStream.MISC_EVENTS, NodeStream.HIP3_ORACLE_UPDATES,
                NodeStream.SYSTEM_ACTIONS);
    }

    /** Every stream's plain, streaming, by-block and empty by-block line. */
    public static List<Sample> all() {
        return streams().stream().flatMap(stream -> of(stream).stream()).toList();
    }

    public static List<Sample> of(NodeStream stream) {
        List<String> events = events(stream);
        return List.of(
                new Sample(stream, NodeLayout.PLAIN, events.get(0), 1),
                new Sample(stream, NodeLayout.STREAMING, ENVELOPE + events.get(0) + "]}", 1),
                new Sample(stream, NodeLayout.BY_BLOCK, ENVELOPE + events.get(0) + "," + events.get(1) + "]}", 2),
                new Sample(stream, NodeLayout.BY_BLOCK, ENVELOPE + "]}", 0));
    }
}
