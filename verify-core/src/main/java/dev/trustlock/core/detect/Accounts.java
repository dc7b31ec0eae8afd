package dev.trustlock.core.detect;

import java.util.Locale;

/** npm account names and e-mails as the rules compare them: the registry treats them case-insensitively. */
final class Accounts {

    private Accounts() {
    }

    /** The form two account names, or two e-mails, are compared in. */
    static String key(String nameOrEmail) {
        return nameOrEmail.trim().toLowerCase(Locale.ROOT);
    }
}
