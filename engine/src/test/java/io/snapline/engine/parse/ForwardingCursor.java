package io.snapline.engine.parse;

import io.snapline.records.Field;
import io.snapline.records.RecordWriter;

/**
 * A cursor that passes every call through to another: tests override what they watch or change
 * (defer at a token, throw on a line, count the lines begun).
 */
public abstract class ForwardingCursor implements JsonCursor {

    protected final JsonCursor delegate;

    protected ForwardingCursor(JsonCursor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void begin(byte[] line, int offset, int length) {
        delegate.begin(line, offset, length);
    }

    @Override
    public int next() {
        return delegate.next();
    }

    @Override
    public void finish() {
        delegate.finish();
    }

    @Override
    public int nameIndex(NameTable names) {
        return delegate.nameIndex(names);
    }

    @Override
    public boolean textEquals(byte[] ascii) {
        return delegate.textEquals(ascii);
    }

    @Override
    public void writeText(RecordWriter out, Field field) {
        delegate.writeText(out, field);
    }

    @Override
    public long longValue() {
        return delegate.longValue();
    }

    @Override
    public void skipChildren() {
        delegate.skipChildren();
    }

    @Override
    public byte[] line() {
        return delegate.line();
    }

    @Override
    public int tokenStart() {
        return delegate.tokenStart();
    }

    @Override
    public int tokenEnd() {
        return delegate.tokenEnd();
    }
}
