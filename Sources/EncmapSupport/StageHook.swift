import Foundation

/// A deterministic stopping point for the kill tests: when the environment variable
/// `ENCMAP_TEST_STOP_AT` names a stage, the process kills itself with SIGKILL on reaching it, exactly
/// as an out-of-memory killer or a cluster's time limit would, so the tests can check what a killed
/// command leaves behind at every stage without racing a timer. The variable is read once per process;
/// unset (always, outside tests), a stage costs one comparison with nil.
public enum StageHook {
    /// The stage named by `ENCMAP_TEST_STOP_AT`, if any.
    private static let wanted = ProcessInfo.processInfo.environment["ENCMAP_TEST_STOP_AT"]

    /// Marks reaching `stage` (e.g. `output.staged`, `features.cache-entry-written`).
    public static func reached(_ stage: String) {
        guard let wanted, wanted == stage else { return }
        kill(getpid(), SIGKILL)
    }
}
