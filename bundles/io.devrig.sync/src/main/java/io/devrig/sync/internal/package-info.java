/** The sync scheduler's core policies (intervals, backoff, quiet hours). Private. */
package io.devrig.sync.internal;
