package io.handlefs.lookup;

import io.handlefs.codec.HandleCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The per-export key that authenticates the handles handlefs gives out: made once, kept in the
 * state directory (mode 0600), the same after every restart so that handles stay valid.
 */
public final class ExportSecret {
    private static final int BYTES = 32;

    private ExportSecret() {}

    /** Reads the key in file, or makes it (atomically: two processes starting at once agree). */
    public static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), ".secret-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, HandleCodec.newSecret());
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != BYTES) {
                throw new IllegalStateException(file + " holds " + key.length + " bytes, not a " + BYTES
                        + "-byte handle key: restore it from a backup, or delete it to invalidate every handle given out");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the handle key " + file, e);
        }
    }
}
