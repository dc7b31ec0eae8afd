package dev.trustlock.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** {@code --at}: the moment release ages are judged at, as an instant or a calendar date. */
final class JudgedAt {

    private JudgedAt() {
    }

    static Instant parse(String text) {
        String t = text.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new UserError("--at must be an ISO-8601 time such as 2026-03-31T03:00:00Z or a date such as "
                    + "2026-03-31, not '" + text + "'");
        }
    }
}
