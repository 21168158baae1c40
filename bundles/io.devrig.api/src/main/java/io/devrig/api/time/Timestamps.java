package io.devrig.api.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The stored timestamp format ({@code 2026-11-23T08:15:30.123Z}) written and read by hand.
 * Every claim, completion and journal row formats or parses a few of these; through
 * {@code DateTimeFormatter} and {@code Instant.parse} that was a fifth of the queue's
 * Java time per job (a profile of the batched pool). Anything outside years 0000–9999, or
 * text not in exactly this shape, goes through the JDK, so results and errors are the JDK's.
 */
final class Timestamps {

    private static final int LENGTH = 24;

    private Timestamps() {
    }

    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        LocalDate date = days >= MIN_DAY && days <= MAX_DAY ? LocalDate.ofEpochDay(days) : null;
        if (date == null) {
            return DevRigClock.TIMESTAMP_FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int millis = instant.getNano() / 1_000_000;
        char[] c = new char[LENGTH];
        digits(c, 0, date.getYear(), 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        c[19] = '.';
        digits(c, 20, millis, 3);
        c[23] = 'Z';
        return new String(c);
    }

    static Instant parse(CharSequence text) {
        if (text.length() != LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(23) != 'Z') {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int millis = number(text, 20, 3);
        // a bad digit, an invalid date or a leap second: the JDK decides (and names the problem)
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1)
                .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || millis < 0) {
            return Instant.parse(text);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second, millis * 1_000_000L);
    }

    private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The decimal number of {@code width} digits at {@code at}; -1 when one is not a digit. */
    private static int number(CharSequence text, int at, int width) {
        int n = 0;
        for (int i = at; i < at + width; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            n = n * 10 + (ch - '0');
        }
        return n;
    }
}
