package io.snapline.tailer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/** Checksums the first bytes of a file; one instance is reused by its (single-threaded) owner. */
final class Fingerprinter {

    /** Node lines differ within their first 64 bytes (the local time has nanoseconds). */
    static final int MAX_BYTES = 64;

    private final ByteBuffer scratch = ByteBuffer.allocate(MAX_BYTES);
    private final CRC32C crc = new CRC32C();

    /** Checksum of the first {@code length} bytes, or -1 if the file now holds fewer. */
    long checksum(FileChannel channel, int length) throws IOException {
        scratch.clear().limit(length);
        long at = 0;
        while (scratch.hasRemaining()) {
            int n = channel.read(scratch, at);
            if (n < 0) {
                return -1;
            }
            at += n;
        }
        crc.reset();
        crc.update(scratch.array(), 0, length);
        return crc.getValue();
    }

    /** The identity with a fingerprint over as many bytes as the file now has, up to the maximum. */
    FileIdentity extend(FileIdentity identity, FileChannel channel, long size) throws IOException {
        int length = (int) Math.min(size, MAX_BYTES);
        if (length <= identity.fingerprintLength()) {
            return identity;
        }
        long sum = checksum(channel, length);
        return sum < 0 ? identity : identity.withFingerprint(length, sum);
    }

    /** Whether the file still starts with the bytes the identity was taken from. */
    boolean matches(FileIdentity identity, FileChannel channel) throws IOException {
        if (identity.fingerprintLength() == 0) {
            return true;
        }
        return checksum(channel, identity.fingerprintLength()) == identity.fingerprint();
    }
}
