package io.handlefs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The handlefs command line: one subcommand per job. */
@Command(name = "handlefs", mixinStandardHelpOptions = true, version = "handlefs 0.1.0",
        description = "A passthrough filesystem whose file handles survive cache pruning, inode reuse, "
                + "renames and restarts.",
        subcommands = {MountCommand.class, UmountCommand.class, ServeCommand.class, UserCommand.class,
                CommandLine.HelpCommand.class})
public final class HandlefsCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HandlefsCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
