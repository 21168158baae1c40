package io.devrig.plugin.internal.invoke;

import io.devrig.api.plugin.PluginCallStats.BreakerState;

/**
 * A per-plugin circuit breaker: closed until {@code failureThreshold} consecutive
 * failures, then open (calls refused) for {@code resetTimeout}, then half-open: up to
 * {@code halfOpenTrials} trial calls at once; that many successes close it, one failure
 * opens it again. Times are passed in (milliseconds), so tests drive the clock.
 */
final class CircuitBreaker {

    /** Whether a call may go ahead, and whether it is a half-open trial. */
    enum Permit { NORMAL, TRIAL }

    private final BreakerSettings settings;
    private BreakerState state = BreakerState.CLOSED;
    private int consecutiveFailures;
    private long openedAtMillis;
    private int trialsInFlight;
    private int trialSuccesses;

    CircuitBreaker(BreakerSettings settings) {
        this.settings = settings;
    }

    /** A permit for a call, or null when the call must be refused. */
    synchronized Permit tryAcquire(long nowMillis) {
        if (state == BreakerState.OPEN) {
            if (nowMillis - openedAtMillis < settings.resetTimeout().toMillis()) {
                return null;
            }
            state = BreakerState.HALF_OPEN;
            trialsInFlight = 0;
            trialSuccesses = 0;
        }
        if (state == BreakerState.HALF_OPEN) {
            if (trialsInFlight >= settings.halfOpenTrials()) {
                return null;
            }
            trialsInFlight++;
            return Permit.TRIAL;
        }
        return Permit.NORMAL;
    }

    synchronized void onSuccess(Permit permit) {
        if (permit == Permit.TRIAL) {
            trialsInFlight--;
            if (state == BreakerState.HALF_OPEN && ++trialSuccesses >= settings.halfOpenTrials()) {
                state = BreakerState.CLOSED;
                consecutiveFailures = 0;
            }
        } else if (state == BreakerState.CLOSED) {
            consecutiveFailures = 0;
        }
    }

    synchronized void onFailure(Permit permit, long nowMillis) {
        if (permit == Permit.TRIAL) {
            trialsInFlight--;
            open(nowMillis);
        } else if (state == BreakerState.CLOSED && ++consecutiveFailures >= settings.failureThreshold()) {
            open(nowMillis);
        }
    }

    /** The call ended without telling anything about the plugin's health (the caller gave up). */
    synchronized void release(Permit permit) {
        if (permit == Permit.TRIAL) {
            trialsInFlight--;
        }
    }

    private void open(long nowMillis) {
        state = BreakerState.OPEN;
        openedAtMillis = nowMillis;
        consecutiveFailures = 0;
    }

    synchronized BreakerState state(long nowMillis) {
        if (state == BreakerState.OPEN && nowMillis - openedAtMillis >= settings.resetTimeout().toMillis()) {
            return BreakerState.HALF_OPEN; // the next call will be a trial
        }
        return state;
    }

    /** Milliseconds until a refused call may be tried again. */
    synchronized long retryAfterMillis(long nowMillis) {
        if (state == BreakerState.OPEN) {
            return Math.max(0, settings.resetTimeout().toMillis() - (nowMillis - openedAtMillis));
        }
        // half-open with every trial slot taken: try again shortly
        return state == BreakerState.HALF_OPEN ? 1000 : 0;
    }
}
