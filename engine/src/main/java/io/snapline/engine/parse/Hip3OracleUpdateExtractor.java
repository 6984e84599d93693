package io.snapline.engine.parse;

import static io.snapline.records.Field.*;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/**
 * A HIP-3 oracle update. Its shape is not documented by the node; public readers of its files
 * show {@code update_class} ("Deployer", "Fallback"), the pushed {@code [coin, px]} inputs
 * ({@code mark_px_inputs}, {@code spot_px_inputs}, {@code external_perp_px_inputs}) and the
 * resulting prices ({@code oracle_pxs}: {@code coin_to_mark_px}, … of {@code [coin, {px,
 * last_update_time, daily_px}]}). The class is typed; the lists are kept whole, prices as the
 * very text the node wrote; anything else is kept as an unknown field. Only update_class is
 * required: an update of another shape is kept, never rejected.
 */
final class Hip3OracleUpdateExtractor extends RequiredFieldsExtractor {

    private static final NameTable EVENT = NameTable.of("update_class", "mark_px_inputs", "spot_px_inputs",
            "external_perp_px_inputs", "oracle_pxs");
    private static final int EVENT_UPDATE_CLASS = 0;
    private static final Field[] EVENT_FIELDS = {UPDATE_CLASS, MARK_PX_INPUTS, SPOT_PX_INPUTS,
            EXTERNAL_PERP_PX_INPUTS, ORACLE_PXS};

    private static final LineRejected[] MISSING = missing("update_class");
    private static final int HAS_UPDATE_CLASS = 1;
    private static final int[] REQUIRED = {HAS_UPDATE_CLASS, 0, 0, 0, 0};

    Hip3OracleUpdateExtractor() {
        super(MISSING);
    }

    @Override
    public RecordType type() {
        return RecordType.HIP3_ORACLE_UPDATE;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(EVENT);
        if (key == EVENT_UPDATE_CLASS) {
            copyField(cursor, out, key, EVENT_FIELDS, REQUIRED);
        } else if (key < 0) {
            Values.keepUnknown(cursor, out);
        } else {
            Values.copyRawNext(cursor, out, EVENT_FIELDS[key]);
        }
    }
}
