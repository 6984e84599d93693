package io.snapline.engine.ops;

import java.util.concurrent.ThreadFactory;

/**
 * One named daemon thread per component: named so a thread dump says whose it is, daemon so a
 * component someone forgot to close never keeps the JVM from exiting.
 */
final class DaemonThreads implements ThreadFactory {

    private final String name;

    DaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
