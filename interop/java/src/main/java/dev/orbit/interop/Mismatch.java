package dev.orbit.interop;

/** The broker answered something the scenario did not expect. */
public class Mismatch extends RuntimeException {
    public Mismatch(String message) {
        super(message);
    }

    public static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new Mismatch(String.format(format, args));
        }
    }

    public static void equal(Object expected, Object actual, String what) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new Mismatch(what + ": expected <" + expected + "> but was <" + actual + ">");
        }
    }
}
