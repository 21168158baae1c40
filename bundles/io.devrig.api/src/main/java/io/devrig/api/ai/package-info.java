/**
 * AI providers (seed architecture §4): the SPI a provider bundle implements
 * (Anthropic, OpenAI, Ollama, the offline local provider) and the values it exchanges.
 *
 * <p>A provider is an {@link io.devrig.api.ai.AIProvider} service (whiteboard) with the
 * property {@value io.devrig.api.ai.AIProvider#ID_PROPERTY}; the core's provider registry
 * and model router (io.devrig.ai) track them dynamically and pick one per request, as
 * openHAB's voice manager picks a {@code TTSService}. Classification, summaries and
 * drafts are pipelines of the core built on {@link io.devrig.api.ai.AIProvider#complete}:
 * a provider implements only the model call, not the features.
 *
 * <p>This package is the seam the AI issue builds on; its version stays below 1.0 until
 * the first provider ships.
 */
@Version("0.1.0")
package io.devrig.api.ai;

import org.osgi.annotation.versioning.Version;
