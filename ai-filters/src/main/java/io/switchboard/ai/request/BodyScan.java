package io.switchboard.ai.request;

import org.jspecify.annotations.Nullable;

/**
 * What a single streaming pass over a JSON request body found at its top level, with byte offsets so the body can be
 * edited in place (the same-dialect fast path rewrites the model without parsing the rest into a tree).
 *
 * @param model the {@code model} string, or {@code null} when absent or not a string
 * @param modelStart offset of the model value's opening quote, or -1
 * @param modelEnd offset just past the model value's closing quote, or -1
 * @param stream the {@code stream} flag
 * @param hasStreamOptions whether {@code stream_options} is present
 * @param includeUsage {@code stream_options.include_usage}
 * @param closingBrace offset of the top-level object's closing brace
 */
public record BodyScan(@Nullable String model, int modelStart, int modelEnd, boolean stream,
    boolean hasStreamOptions, boolean includeUsage, int closingBrace) {
}
