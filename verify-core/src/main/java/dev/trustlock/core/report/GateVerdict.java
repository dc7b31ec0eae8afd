package dev.trustlock.core.report;

import dev.trustlock.core.verify.Gate;
import dev.trustlock.core.verify.VerifyReport;

/**
 * The one-line verdict a report puts on top, as the gate decides the exit code.
 *
 * @param exit the exit code the gate gives
 * @param line "PASS: ...", "FAIL: ..." or "COULD NOT VERIFY: ..."
 */
record GateVerdict(int exit, String line) {

    /**
     * @param brings  what the findings come from, said before them ("" for a lockfile, "the change brings "
     *                for a diff)
     * @param judged  what the packages are ("package(s)", "added or changed package(s)")
     */
    static GateVerdict of(Gate gate, VerifyReport report, String brings, String judged) {
        int exit = gate.exitCode(report);
        return new GateVerdict(exit, switch (exit) {
            case Gate.PASSED -> "PASS: " + brings + "nothing at or above the gate's severity";
            case Gate.VIOLATION -> "FAIL: " + brings + gate.failing(report.findings()).size()
                    + " finding(s) at or above the gate's severity";
            default -> "COULD NOT VERIFY: " + report.summary().unverifiable() + " " + judged + " could not be verified";
        });
    }

    /** pass, fail or unknown: how a page colours it. */
    String kind() {
        return exit == Gate.PASSED ? "pass" : exit == Gate.VIOLATION ? "fail" : "unknown";
    }
}
