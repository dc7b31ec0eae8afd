package dev.trustlock.core.report;

import dev.trustlock.core.verify.VerifyReport;

/**
 * Turns a finished {@link VerifyReport} into one output format. Renderers are pure: the same
 * report always gives the same text (no clock, no environment), so reports can be diffed and
 * committed.
 */
public interface ReportRenderer {

    /** The complete document, ending with a newline. */
    String render(VerifyReport report);
}
