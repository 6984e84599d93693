package io.snapline.tailer;

/**
 * Who a file is, independent of its name: device and inode, plus a checksum of its first bytes so
 * that an inode the file system reuses for a new file is not mistaken for the old one.
 *
 * <p>The fingerprint covers the first {@code fingerprintLength} bytes (at most
 * {@link Fingerprinter#MAX_BYTES}); a file shorter than that when first seen gets a shorter
 * fingerprint, which grows with the file.
 */
public record FileIdentity(long device, long inode, int fingerprintLength, long fingerprint) {

    public FileIdentity {
        if (fingerprintLength < 0 || fingerprintLength > Fingerprinter.MAX_BYTES) {
            throw new IllegalArgumentException("fingerprintLength must be 0.." + Fingerprinter.MAX_BYTES
                    + ", got " + fingerprintLength);
        }
    }

    /** Same device and inode: the same file as long as one of us holds it open. */
    public boolean sameInode(long otherDevice, long otherInode) {
        return device == otherDevice && inode == otherInode;
    }

    FileIdentity withFingerprint(int length, long value) {
        return new FileIdentity(device, inode, length, value);
    }

    @Override
    public String toString() {
        return device + ":" + inode + "#" + Long.toHexString(fingerprint) + "/" + fingerprintLength;
    }
}
