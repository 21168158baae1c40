package io.devrig.condition.internal;

import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Compiles regular expressions (once, when a condition is compiled) and runs them under
 * a budget, so that catastrophic backtracking ({@code (a+)+$} on {@code "aaaa…!"}) ends
 * with {@link ConditionErrors#CONDITION_REGEX_LIMIT} instead of pinning a thread.
 *
 * <p>java.util.regex reads its input only through {@link CharSequence#charAt}, so the
 * input is wrapped in a sequence that counts those reads: past the step budget, or past
 * the time limit (checked every 1024 reads), or when the thread is interrupted, the read
 * throws and the match is abandoned. Backtracking that overflows the stack instead
 * (alternations like {@code (a|a)*} on long inputs) is reported the same way.
 */
final class RegexGuard {

    private static final int MAX_SHOWN_PATTERN = 80;

    private final Limits limits;
    private final LongAdder compilations = new LongAdder();

    RegexGuard(Limits limits) {
        this.limits = limits;
    }

    Pattern compile(String source, int flags) {
        compilations.increment();
        return Pattern.compile(source, flags);
    }

    /** How many patterns this guard compiled (lets tests check they are compiled once). */
    long compilations() {
        return compilations.sum();
    }

    /**
     * {@code Matcher.find()} under the budget.
     *
     * @param where JSON path of the expression, for the error
     * @param hidePattern leave the pattern out of the error (it is tested against a secret)
     * @throws DevRigException {@code CONDITION_REGEX_LIMIT}, or {@code CANCELLED} when interrupted;
     *         the message never contains the input (it may be a secret)
     */
    boolean find(Pattern pattern, String input, String where, boolean hidePattern) {
        long budget = limits.regexBudget(input.length());
        Budgeted text = new Budgeted(input, budget, System.nanoTime() + limits.regexTimeLimit().toNanos());
        String limit;
        try {
            return pattern.matcher(text).find();
        } catch (Budgeted.Stop stop) {
            if (stop == Budgeted.INTERRUPTED) {
                throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED,
                        where + ": regex evaluation was interrupted");
            }
            limit = stop == Budgeted.STEPS ? "used its budget of " + budget + " steps (" + limits.regexBaseSteps()
                    + " + " + limits.regexStepsPerChar() + " per input character)"
                    : "ran longer than " + limits.regexTimeLimit().toMillis() + " ms";
        } catch (StackOverflowError deep) {
            // the stack unwound on the way here; only the match is lost
            limit = "backtracked too deeply (stack exhausted)";
        }
        String shown = hidePattern ? "" : pattern.pattern().length() <= MAX_SHOWN_PATTERN ? " '" + pattern.pattern() + "'"
                : " '" + pattern.pattern().substring(0, MAX_SHOWN_PATTERN) + "…'";
        throw new DevRigException(new DevRigError(ConditionErrors.CONDITION_REGEX_LIMIT, ErrorCategory.PERMANENT,
                where + ": regex" + shown + " " + limit + " on an input of " + input.length()
                        + " characters: catastrophic backtracking? Simplify the pattern (avoid nested quantifiers"
                        + " like (a+)+) or anchor it",
                Map.of("path", where, "inputLength", input.length(), "budget", budget), false, null, null,
                java.time.Instant.now()));
    }

    /** The input, counting reads. */
    static final class Budgeted implements CharSequence {

        /** Thrown from inside the matcher; preallocated, no stack trace: it is control flow. */
        static final class Stop extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Stop(String reason) {
                super(reason, null, false, false);
            }
        }

        static final Stop STEPS = new Stop("steps");
        static final Stop TIME = new Stop("time");
        static final Stop INTERRUPTED = new Stop("interrupted");

        private final String text;
        private final long budget;
        private final long deadline;
        private long steps;

        Budgeted(String text, long budget, long deadlineNanos) {
            this.text = text;
            this.budget = budget;
            this.deadline = deadlineNanos;
        }

        @Override
        public char charAt(int index) {
            if (++steps > budget) {
                throw STEPS;
            }
            if ((steps & 1023) == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw TIME;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw INTERRUPTED;
                }
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            // only for group text, read after the match: no budget needed
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }

        long steps() {
            return steps;
        }
    }
}
