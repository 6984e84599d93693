package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The JAR's logback.xml, loaded into a context of its own (the tests' logback-test.xml shadows it
 * on the class path): stderr, INFO unless the system property says otherwise, Chronicle at WARN.
 */
class LogbackConfigTest {

    private static final String LEVEL_PROPERTY = "snapline.log.level";

    private static LoggerContext load() throws Exception {
        URL config = LogbackConfigTest.class.getClassLoader().getResource("logback.xml");
        assertNotNull(config, "logback.xml on the class path");
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            assertTrue(status.getLevel() < Status.WARN, "logback complained: " + status);
        }
        return context;
    }

    @Test
    void shouldLogInfoToStderrWithChronicleAtWarn() throws Exception {
        LoggerContext context = load();
        try {
            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertEquals(Level.INFO, root.getLevel());
            assertEquals(Level.WARN, context.getLogger("net.openhft.chronicle.queue").getEffectiveLevel());
            assertEquals(Level.INFO, context.getLogger(StatusLogger.LOGGER).getEffectiveLevel());
            ConsoleAppender<?> console = (ConsoleAppender<?>) root.getAppender("STDERR");
            assertEquals("System.err", console.getTarget(), "stdout stays for data");
        } finally {
            context.stop();
        }
    }

    @Test
    void shouldTakeTheLevelFromTheSystemProperty() throws Exception {
        System.setProperty(LEVEL_PROPERTY, "DEBUG");
        LoggerContext context;
        try {
            context = load();
        } finally {
            System.clearProperty(LEVEL_PROPERTY);
        }
        try {
            assertEquals(Level.DEBUG, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
            assertEquals(Level.DEBUG, context.getLogger(FileEventLog.LOGGER).getEffectiveLevel());
        } finally {
            context.stop();
        }
    }
}
