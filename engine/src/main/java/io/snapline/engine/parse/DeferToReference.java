package io.snapline.engine.parse;

/**
 * Thrown by the fast cursor when a line holds something it does not handle itself (an escape,
 * a non-ASCII byte, an unusual number): the line is then parsed again by the Jackson reference
 * cursor. One shared instance without a stack trace, so deferring allocates nothing.
 */
public final class DeferToReference extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final DeferToReference INSTANCE = new DeferToReference();

    private DeferToReference() {
        super("deferred to the reference parser", null, false, false);
    }
}
