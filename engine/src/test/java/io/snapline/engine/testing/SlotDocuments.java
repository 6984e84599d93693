package io.snapline.engine.testing;

import io.snapline.engine.ring.Slot;
import io.snapline.records.BatchDocument;
import io.snapline.records.BatchView;
import io.snapline.records.testing.Rec;

import java.util.List;

/**
 * A parsed slot as the batch document an output writes ({@link BatchDocument}), so a test sink
 * reads its records through {@link BatchView} like any queue reader.
 */
public final class SlotDocuments {

    private SlotDocuments() {
    }

    /** The slot's records, decoded and copied: they stay as they are whatever later happens to the slot. */
    public static List<Rec> records(Slot slot) {
        byte[] document = BatchDocument.copyOf(slot);
        return Rec.allOf(new BatchView().wrap(document, 0, document.length));
    }
}
