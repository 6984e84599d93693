package io.snapline.engine.parse;

import static io.snapline.engine.parse.JsonCursor.END_OBJECT;
import static io.snapline.engine.parse.JsonCursor.START_OBJECT;
import static io.snapline.engine.parse.JsonCursor.STRING;
import static io.snapline.records.Field.*;

import io.snapline.records.Field;
import io.snapline.records.RecordType;
import io.snapline.records.RecordWriter;

/**
 * A system or CoreWriter action: {@code user, nonce, evm_tx_hash, action{type, …}}. The action's
 * shape depends on its type and its token and wei amounts are integers beyond 64 bits, so it is
 * kept whole, digit for digit; its {@code type} string is typed as {@code actionType} too. An
 * action that is not an object, or has no string type, is kept whole without one.
 */
final class SystemActionExtractor extends RequiredFieldsExtractor {

    private static final NameTable EVENT = NameTable.of("user", "nonce", "evm_tx_hash", "action");
    private static final int EVENT_ACTION = 3;
    private static final Field[] EVENT_FIELDS = {USER, NONCE, EVM_TX_HASH, null};

    private static final NameTable ACTION_KEYS = NameTable.of("type");
    private static final int ACTION_KEY_TYPE = 0;

    private static final LineRejected[] MISSING = missing("user", "action");
    private static final int HAS_USER = 1;
    private static final int HAS_ACTION = 2;
    private static final int[] REQUIRED = {HAS_USER, 0, 0, 0};

    SystemActionExtractor() {
        super(MISSING);
    }

    @Override
    public RecordType type() {
        return RecordType.SYSTEM_ACTION;
    }

    @Override
    public void field(JsonCursor cursor, RecordWriter out) {
        int key = cursor.nameIndex(EVENT);
        if (key == EVENT_ACTION) {
            readAction(cursor, out);
        } else if (key < 0) {
            Values.keepUnknown(cursor, out);
        } else {
            copyField(cursor, out, key, EVENT_FIELDS, REQUIRED);
        }
    }

    /** actionType first, then the action whole: its type is met while the action is read. */
    private void readAction(JsonCursor cursor, RecordWriter out) {
        int token = cursor.next();
        if (token != START_OBJECT) {
            if (token == JsonCursor.NULL) {
                out.putNull(ACTION);
                return; // reported as missing by end()
            }
            WholeValues.putCurrent(cursor, token, out, ACTION);
            seen |= HAS_ACTION;
            return;
        }
        seen |= HAS_ACTION;
        int start = cursor.tokenStart();
        boolean typed = false;
        for (token = cursor.next(); token != END_OBJECT; token = cursor.next()) {
            if (!typed && cursor.nameIndex(ACTION_KEYS) == ACTION_KEY_TYPE) {
                token = cursor.next();
                if (token == STRING) {
                    cursor.writeText(out, ACTION_TYPE);
                    typed = true;
                } else if (token == START_OBJECT || token == JsonCursor.START_ARRAY) {
                    cursor.skipChildren();
                }
            } else {
                Values.skipNext(cursor);
            }
        }
        WholeValues.putObjectRead(cursor, start, out, ACTION);
    }
}
