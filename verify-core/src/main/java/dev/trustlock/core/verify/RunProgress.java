package dev.trustlock.core.verify;

/**
 * How far a run has got, for a progress line: first the packages whose registry answers are in
 * (the network part, which is most of a run against a real registry), then the packages judged.
 * Counts are packages (name and version), as the report counts them. Called from worker threads.
 */
@FunctionalInterface
public interface RunProgress {

    /** The two passes of a run, in order. */
    enum Stage { FETCHING, CHECKING }

    void update(Stage stage, int done, int total);

    RunProgress NONE = (stage, done, total) -> { };
}
