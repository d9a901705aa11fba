package io.handlefs.cli;

import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.RawNames;
import io.handlefs.sys.Sys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "umount", mixinStandardHelpOptions = true,
        description = "Unmount a handlefs mount; its daemon then exits.")
final class UmountCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "where handlefs is mounted")
    String mountPoint;

    @Option(names = {"-l", "--lazy"}, description = "detach now even if files are in use (MNT_DETACH)")
    boolean lazy;

    @Override
    public Integer call() {
        try {
            Sys.umount2(RawNames.fromUnicode(mountPoint), lazy ? Linux.MNT_DETACH : 0);
            return 0;
        } catch (ErrnoException e) {
            System.err.println("handlefs umount: " + mountPoint + ": " + e.getMessage()
                    + (e.errno() == io.handlefs.sys.Errno.EBUSY ? " (files are in use; --lazy detaches anyway)" : ""));
            return 1;
        }
    }
}
