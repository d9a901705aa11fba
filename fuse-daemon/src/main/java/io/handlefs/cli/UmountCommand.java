package io.handlefs.cli;

import io.handlefs.fuse.FuseMount;
import io.handlefs.fuse.MountInfo;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.RawNames;
import io.handlefs.sys.Sys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "umount", mixinStandardHelpOptions = true,
        description = "Unmount a handlefs mount; its daemon then exits.")
final class UmountCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "where handlefs is mounted")
    String mountPoint;

    @Option(names = {"-l", "--lazy"}, description = "detach now even if files are in use (MNT_DETACH)")
    boolean lazy;

    @Option(names = "--abort", description = "for a daemon that no longer answers: abort the FUSE connection "
            + "(every request waiting on it fails at once), then detach")
    boolean abort;

    @Override
    public Integer call() {
        String raw = RawNames.fromUnicode(Path.of(mountPoint).toAbsolutePath().normalize().toString());
        try {
            if (abort) {
                Optional<MountInfo> fuse = MountInfo.at(raw).filter(m -> m.fsType().startsWith("fuse"));
                if (fuse.isEmpty()) {
                    System.err.println("handlefs umount: " + mountPoint + ": not a FUSE mount");
                    return 1;
                }
                FuseMount.abort(fuse.get().minor());
            }
            Sys.umount2(raw, lazy || abort ? Linux.MNT_DETACH : 0);
            return 0;
        } catch (ErrnoException e) {
            System.err.println("handlefs umount: " + mountPoint + ": " + e.getMessage()
                    + (e.errno() == Errno.EBUSY ? " (files are in use; --lazy detaches anyway)" : ""));
            return 1;
        }
    }
}
