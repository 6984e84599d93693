/**
 * Test support shared by the modules: what the process holds ({@link io.snapline.testkit.Resources}),
 * memory snapshots and the reports between them ({@link io.snapline.testkit.MemorySnapshot},
 * {@link io.snapline.testkit.MemoryLeakReport}), and the {@link io.snapline.testkit.LeakCheck}
 * JUnit 5 extension that fails a test with what it leaked.
 */
package io.snapline.testkit;
