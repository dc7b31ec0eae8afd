package dev.trustlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What `trustlock --help` lists for each command is a whole sentence, not the first line of a paragraph. */
class HelpSummariesTest {

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        List<String> broken = new ArrayList<>();
        check(TrustlockCommand.commandLine(), broken);
        assertEquals(List.of(), broken);
    }

    private static void check(CommandLine cl, List<String> broken) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            String[] header = e.getValue().getCommandSpec().usageMessage().header();
            String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
            if (!summary.strip().endsWith(".")) {
                broken.add(e.getKey() + ": " + summary);
            }
            check(e.getValue(), broken);
        }
    }
}
