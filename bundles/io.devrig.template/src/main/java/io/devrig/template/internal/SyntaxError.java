package io.devrig.template.internal;

/** A compile problem at a source offset; caught by the parser, which records it and resumes. */
final class SyntaxError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int offset;

    SyntaxError(int offset, String message) {
        super(message, null, false, false);
        this.offset = offset;
    }
}
