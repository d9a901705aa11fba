package io.handlefs.cli;

import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.smb.ShareConfig;
import io.handlefs.smb.SmbConfig;
import io.handlefs.smb.SmbConfigFile;
import io.handlefs.smb.SmbServer;
import io.handlefs.smb.auth.UserDatabase;
import io.handlefs.sys.RawNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the shares of a configuration file over SMB2/3, without a FUSE mount.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the SMB configuration file")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where the SMB users and the persistent opens of CA shares are (default /var/lib/handlefs)")
    Path stateDir = Path.of("/var/lib/handlefs");

    @Option(names = "--smb-port", paramLabel = "PORT", description = "overrides the port of the configuration")
    Integer port;

    @Option(names = "--ca", paramLabel = "NAME", description = "make share NAME continuously available, as "
            + "'ca = yes' in the configuration does (repeatable)")
    List<String> caShares = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        SmbConfig smb = SmbConfigFile.load(config, stateDir.resolve(UserDatabase.FILE_NAME));
        if (port != null) {
            smb = smb.withPort(smb.address(), port);
        }
        smb = smb.withShares(CaShares.apply(caShares, smb.shares()));
        List<Export> opened = new ArrayList<>();
        Map<String, Export> byPath = new HashMap<>();
        Map<String, Export> perShare = new LinkedHashMap<>();
        try {
            for (ShareConfig s : smb.shares()) {
                String dir = Path.of(s.path()).toAbsolutePath().normalize().toString();
                Export e = byPath.get(dir);
                if (e == null) {
                    e = Export.open(RawNames.fromUnicode(dir), new ExportOptions(opened.size() + 1,
                            ExportOptions.DEFAULT_MAX_FDS), new MemoryNodeTable());
                    opened.add(e);
                    byPath.put(dir, e);
                }
                perShare.put(s.name(), e);
            }
            CountDownLatch stop = new CountDownLatch(1);
            try (SmbServer server = SmbServer.start(smb, perShare, stateDir)) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "handlefs-serve-stop"));
                System.out.println("handlefs: serving " + perShare.keySet() + " over SMB on port " + server.port());
                stop.await();
            }
            return 0;
        } finally {
            opened.forEach(Export::close);
        }
    }
}
