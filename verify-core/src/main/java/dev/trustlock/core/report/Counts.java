package dev.trustlock.core.report;

/** A count with its noun, as a person reads it: "1 warning", "2 warnings", "0 errors". */
public final class Counts {

    private Counts() {
    }

    /** {@code n} and {@code noun}, with an "s" unless {@code n} is one (every noun counted here is regular). */
    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
