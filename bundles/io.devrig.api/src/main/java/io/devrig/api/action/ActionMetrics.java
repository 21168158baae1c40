package io.devrig.api.action;

/**
 * Counters of one action type since the registry started.
 *
 * @param type the action type
 * @param calls calls made (executed or previewed)
 * @param failures calls that failed
 * @param totalMillis time spent executing, summed
 * @param maxMillis the longest call
 */
public record ActionMetrics(String type, long calls, long failures, long totalMillis, long maxMillis) {
}
