package io.snapline.engine.cli;

/** Placeholder entry point; the picocli commands replace it. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("snapline");
    }
}
