package io.smartspec.slo.cli;

/**
 * The one line {@code slo} prints instead of a stack trace when the JVM runs out of heap or stack: the
 * input limits (spec.md and observability.yaml of at most 1 MiB, 1,000 NFR rows) keep the inputs far
 * below that, so this is a huge input with the limits raised, or a heap set too small.
 */
final class ResourceErrors {

    private ResourceErrors() {
    }

    static String describe(Throwable e, long maxHeapBytes) {
        if (e instanceof StackOverflowError) {
            return "slo: the input is nested too deeply to be read (stack overflow); flatten it, or run java with a "
                    + "larger -Xss";
        }
        return "slo: out of memory (the Java heap may grow to " + (maxHeapBytes / (1024 * 1024)) + " MB); the "
                + "input is too large for this heap: shrink it, lower -Dsmartspec.slo.maxFileBytes or "
                + "-Dsmartspec.slo.maxNfrRows if you raised them, or give java a larger -Xmx";
    }
}
