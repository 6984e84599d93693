package io.snapline.queue.chronicle;

import java.nio.file.Path;

/** A second process for {@link OutputLockTest}: takes the queue's lock, says so, and holds it until killed. */
public final class LockHolderMain {

    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        OutputLock lock = OutputLock.acquire(Path.of(args[0]));
        try {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            System.in.read(); // held until stdin closes or the process is killed
        } finally {
            lock.close();
        }
    }
}
