package dev.trustlock.core.attest;

/**
 * A failed check inside the verifiers: carries the deciding code and a short detail. Checked,
 * so no code path can forget one; stackless, because failures are ordinary outcomes here.
 */
final class Failure extends Exception {

    private final ReasonCode code;
    private final String detail;

    Failure(ReasonCode code, String detail) {
        super(code + ": " + detail, null, false, false);
        this.code = code;
        this.detail = detail;
    }

    ReasonCode code() {
        return code;
    }

    String detail() {
        return detail;
    }
}
