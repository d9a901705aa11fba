package io.handlefs.cli;

import io.handlefs.sys.ErrnoException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;

/** The handlefs command line: one subcommand per job. */
@Command(name = "handlefs", mixinStandardHelpOptions = true, version = "handlefs 0.1.0",
        description = "A passthrough filesystem whose file handles survive cache pruning, inode reuse, "
                + "renames and restarts.",
        subcommands = {MountCommand.class, UmountCommand.class, ServeCommand.class, UserCommand.class,
                FsckCommand.class, HandleCommand.class,
                CommandLine.HelpCommand.class})
public final class HandlefsCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HandlefsCli()).setExecutionExceptionHandler(HandlefsCli::report).execute(args));
    }

    /** Expected failures (bad arguments, missing state, I/O) print one line, not a stack trace. */
    private static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UncheckedIOException || e instanceof ErrnoException) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return 1;
        }
        throw e;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
